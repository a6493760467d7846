"""Whether a message on a need names a candidate the employer may not know: a pure function over the text.

A need's thread is read by the employer's members. A candidate's identity reaches them only through the presentation
workflow (``matching.employer_selectors.identity_is_revealed``), so a message must not carry the name, e-mail address
or phone number of a candidate whose identity they were not given. ``message_names_protected`` is that check; the
identities to protect are gathered by ``matching.thread_selectors.protected_identities_for_need``.

How each identity is found:

- **name**: the first name followed by the last name, or the last name followed by the first, as whole words,
  whatever the case, accents and punctuation between them ("Nadia Benali", "BENALI, Nadia", "benali nadia"). A
  name of several words may also be typed as one ("N'Diaye" as "Ndiaye", "Marie-Claire" as "Marieclaire"). A
  name inside a longer word ("Benalissa") does not match; a last name alone does not either (it is often a
  common word, and alone it does not say who);
- **e-mail**: the address as a whole, whatever the case;
- **phone**: any run of digits and separators (spaces, dots, hyphens, brackets, a leading "+") whose digits hold
  the candidate's number, normalised as ``candidates.duplicates.phone_normalise`` does and without its leading
  zero, so that "06 01 02 03 04", "+33 6 01 02 03 04" and "0033601020304" are one number.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from candidates.duplicates import phone_normalise

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"\+?\d[\d\s.\-()/]{6,}\d")
# A phone shorter than this is not looked for: too many ordinary numbers would match.
MIN_PHONE_DIGITS = 8


@dataclass(frozen=True)
class ProtectedIdentity:
    """What names one candidate: a message holding any of it is refused."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""


def words_of(text: str) -> list[str]:
    """The words of ``text`` without case or accents: runs of letters and digits."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).casefold()
    return re.findall(r"[^\W_]+", folded)


def _contains_run(words: list[str], run: list[str]) -> bool:
    size = len(run)
    return any(words[start : start + size] == run for start in range(len(words) - size + 1))


def _spellings(name: str) -> list[list[str]]:
    """The name's words, and, for a name of several words, the same typed as one ("n diaye" and "ndiaye")."""
    words = words_of(name)
    return [words, ["".join(words)]] if len(words) > 1 else [words]


def _names_person(words: list[str], word_set: set[str], identity: ProtectedIdentity) -> bool:
    for first in _spellings(identity.first_name):
        for last in _spellings(identity.last_name):
            if not first or not last or not word_set.issuperset(first + last):
                continue
            if _contains_run(words, first + last) or _contains_run(words, last + first):
                return True
    return False


def message_names_protected(text: str, identities: Iterable[ProtectedIdentity]) -> bool:
    """Whether ``text`` holds the full name, the e-mail address or the phone number of one of ``identities``."""
    words = words_of(text)
    word_set = set(words)
    emails = {match.casefold() for match in EMAIL.findall(text)}
    digit_runs = [re.sub(r"\D", "", match) for match in PHONE.findall(text)]
    for identity in identities:
        if identity.email and identity.email.strip().casefold() in emails:
            return True
        # Without its leading zeros, the number is found after any prefix ("+33", "0033") or next to a date.
        phone = phone_normalise(identity.phone).lstrip("0")
        if len(phone) >= MIN_PHONE_DIGITS and any(phone in run for run in digit_runs):
            return True
        if _names_person(words, word_set, identity):
            return True
    return False
