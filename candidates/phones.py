"""Mobile phone numbers, as an SMS provider needs them (E.164: "+33612345678").

A candidate's phone is typed freely ("06 12 34 56 78", "+33 6…", "0033 7…"). A French number is a mobile when it
starts with 06 or 07; a number written with another country's prefix ("+32…", "0044…") is taken as given, since
only its country knows which of its numbers are mobiles.
"""

import re

from candidates.duplicates import phone_normalise

INTERNATIONAL = re.compile(r"^\s*(\+|00)")


def mobile_number(value: object) -> str:
    """The number in E.164 form when it can receive an SMS, else ""."""
    text = str(value or "")
    digits = phone_normalise(text)
    if len(digits) == 10 and digits[:2] in ("06", "07"):
        return "+33" + digits[1:]
    if INTERNATIONAL.match(text):
        international = re.sub(r"\D", "", text)
        international = international[2:] if text.strip().startswith("00") else international
        if not international.startswith("33") and 8 <= len(international) <= 15:
            return "+" + international
    return ""
