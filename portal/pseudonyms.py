"""Pseudonyms of candidates as one employer sees them (``candidates.pseudonyms`` derives them)."""

from candidates.pseudonyms import candidate_pseudonym_for_employer


def candidate_pseudonym(*, employer_id: int, candidate_id: int) -> str:
    """What the employer calls the candidate until the interview is scheduled, such as "Candidat·e K7QX2M"."""
    return candidate_pseudonym_for_employer(employer_id=employer_id, candidate_id=candidate_id)
