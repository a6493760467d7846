"""The log of who viewed or changed a candidate's personal data (RGPD): written here, read by managers."""

from collections.abc import Iterable

from accounts.models import User
from candidates.models import PersonalDataAccess


def personal_data_access_record(
    *, actor: User | None, candidate_ids: Iterable[int], action: str, fields: Iterable[str] = ()
) -> int:
    """Record one access per candidate; return how many were recorded."""
    names = sorted(set(fields))
    rows = [
        PersonalDataAccess(
            candidate_id=candidate_id,
            candidate_number=candidate_id,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            fields=names,
        )
        for candidate_id in sorted(set(candidate_ids))
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
