"""Pseudonyms of candidates as one employer sees them.

A pseudonym is derived from the employer and the candidate with a keyed hash (HMAC-SHA256 under ``SECRET_KEY``):
stable for one employer, so that a recruiter can follow a person across pages and needs, and different from one
employer to another, so that two employers cannot compare notes about the same person.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext

PSEUDONYM_LENGTH = 6


def pseudonym_code(*, employer_id: int, candidate_id: int) -> str:
    """The first characters of the base32 HMAC-SHA256 of ``"{employer_id}:{candidate_id}"``."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{employer_id}:{candidate_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:PSEUDONYM_LENGTH]


def candidate_pseudonym(*, employer_id: int, candidate_id: int) -> str:
    """What the employer calls the candidate until the interview is scheduled, such as "Candidat·e K7QX2M"."""
    # Translators: the placeholder is a six-character code; French: "Candidat·e %(code)s".
    return gettext("Candidate %(code)s") % {"code": pseudonym_code(employer_id=employer_id, candidate_id=candidate_id)}
