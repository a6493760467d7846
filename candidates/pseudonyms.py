"""Pseudonyms of candidates, one per audience: each employer, and each platform that is not the candidate's own.

A pseudonym is derived from the audience and the candidate with a keyed hash (HMAC-SHA256 under ``SECRET_KEY``):
stable for one audience, so that a recruiter or another platform's advisor can follow a person across pages and
needs, and different from one audience to another, so that two of them cannot compare notes about the same person.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext

PSEUDONYM_LENGTH = 6


def pseudonym_code(*, audience: str, candidate_id: int) -> str:
    """The first characters of the base32 HMAC-SHA256 of ``"{audience}:{candidate_id}"``."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{audience}:{candidate_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:PSEUDONYM_LENGTH]


def candidate_pseudonym_for_employer(*, employer_id: int, candidate_id: int) -> str:
    """What the employer calls the candidate until the interview is scheduled, such as "Candidat·e K7QX2M"."""
    # The audience is the bare employer id: the pseudonyms employers already know stay the same.
    code = pseudonym_code(audience=str(employer_id), candidate_id=candidate_id)
    # Translators: the placeholder is a six-character code; French: "Candidat·e %(code)s".
    return gettext("Candidate %(code)s") % {"code": code}


def candidate_pseudonym_for_platform(*, platform_id: int, candidate_id: int) -> str:
    """What another platform's staff call the candidate until the candidate's own platform hands them over."""
    code = pseudonym_code(audience=f"platform-{platform_id}", candidate_id=candidate_id)
    return gettext("Candidate %(code)s") % {"code": code}
