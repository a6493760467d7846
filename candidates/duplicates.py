"""Likely duplicate candidates, and the merge of two profiles of one person.

Two profiles are likely the same person when they share an e-mail address
(case-insensitive), a phone number (digits only, ``+33``/``0033`` read as
``0``), or a last name, first name and birth date (case- and
accent-insensitive, hyphens and apostrophes read as spaces). The same keys
flag duplicates in imported files (``candidates.imports``).

The candidate side of merging two profiles of one person is here too; the merge itself is
``matching.services.candidate_merge``, which first moves the matching rows (suggestions, presentations, outcomes,
runs) and then calls ``candidate_profile_merge``:

- skills and languages: the union, at the higher level when both have one;
- desired occupations and certifications: the union;
- sensitive situation: each flag is set if either profile had it (the two age
  groups, which exclude each other, keep the kept profile's values when they
  would clash);
- identity: the kept profile's empty e-mail, phone, birth date and file
  reference take the removed profile's values; a consent the kept profile
  lacks is taken with its date; the last contact is the later one.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from accounts.access import platform_ids_for
from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateLanguage, CandidateSkill, SensitiveSituation

# Why two profiles look alike, as shown to staff.
KEY_LABELS = {
    "email": "même courriel",
    "phone": "même téléphone",
    "identity": "mêmes nom, prénom et date de naissance",
}
SENSITIVE_FLAGS = [
    "is_under_26",
    "is_long_term_job_seeker",
    "has_disability_recognition",
    "lives_in_priority_neighbourhood",
    "is_50_or_over",
    "receives_minimum_income",
]
EXCLUSIVE_FLAGS = ["is_under_26", "is_50_or_over"]

DuplicateKey = tuple[str, str]


def phone_normalise(value: object) -> str:
    """Digits only, with the international prefix of France read as a leading 0: "+33 6 12…" → "0612…"."""
    digits = re.sub(r"\D", "", str(value or ""))
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] != "0":
        # A spreadsheet that stored the number as an integer dropped its leading zero.
        digits = "0" + digits
    return digits


def name_normalise(value: object) -> str:
    """Case- and accent-insensitive form of a name; hyphens, apostrophes and runs of spaces become one space."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return re.sub(r"[\s\-'’.]+", " ", text).strip()


def duplicate_keys(
    *, email: str = "", phone: str = "", last_name: str = "", first_name: str = "", birth_date: date | None = None
) -> list[DuplicateKey]:
    """The keys on which two profiles of one person would meet. Empty values give no key."""
    keys: list[DuplicateKey] = []
    if email and email.strip():
        keys.append(("email", email.strip().casefold()))
    normalised_phone = phone_normalise(phone)
    if len(normalised_phone) >= 6:
        keys.append(("phone", normalised_phone))
    last, first = name_normalise(last_name), name_normalise(first_name)
    if last and first and birth_date:
        keys.append(("identity", f"{last}|{first}|{birth_date.isoformat()}"))
    return keys


class DuplicateIndex:
    """Remembers who owns each key: the first owner of a key wins, later ones are its duplicates."""

    def __init__(self) -> None:
        self._owners: dict[DuplicateKey, object] = {}

    def find(self, keys: Iterable[DuplicateKey]) -> tuple[object, DuplicateKey] | None:
        for key in keys:
            if key in self._owners:
                return self._owners[key], key
        return None

    def add(self, keys: Iterable[DuplicateKey], owner: object) -> None:
        for key in keys:
            self._owners.setdefault(key, owner)


def _identity_rows(queryset: QuerySet) -> Iterable[tuple[int, str, str, str, str, date | None]]:
    return queryset.values_list("pk", "email", "phone", "last_name", "first_name", "birth_date").iterator(
        chunk_size=5000
    )


def duplicate_index_for_platform(*, platform_id: int) -> DuplicateIndex:
    """The keys of a platform's candidates, each owned by the candidate's id (the oldest profile first)."""
    index = DuplicateIndex()
    rows = _identity_rows(Candidate.objects.filter(platform_id=platform_id).order_by("pk"))
    for pk, email, phone, last_name, first_name, birth_date in rows:
        keys = duplicate_keys(
            email=email, phone=phone, last_name=last_name, first_name=first_name, birth_date=birth_date
        )
        index.add(keys, pk)
    return index


@dataclass(frozen=True)
class DuplicateGroup:
    """Candidates that share one key: ``kind`` is a key of ``KEY_LABELS``."""

    kind: str
    value: str
    candidate_ids: tuple[int, ...]

    @property
    def reason(self) -> str:
        return KEY_LABELS[self.kind]


def candidate_duplicate_groups(*, user: User) -> list[DuplicateGroup]:
    """Groups of the user's candidates that share an e-mail, a phone or a name and birth date.

    Only candidates of one platform are compared with each other: two platforms may follow the same person.
    """
    by_key: dict[tuple[int, DuplicateKey], list[int]] = defaultdict(list)
    queryset = Candidate.objects.for_platform_staff(user).order_by("pk")
    rows = queryset.values_list(
        "pk", "platform_id", "email", "phone", "last_name", "first_name", "birth_date"
    ).iterator(chunk_size=5000)
    for pk, platform_id, email, phone, last_name, first_name, birth_date in rows:
        keys = duplicate_keys(
            email=email, phone=phone, last_name=last_name, first_name=first_name, birth_date=birth_date
        )
        for key in keys:
            by_key[(platform_id, key)].append(pk)
    groups = [
        DuplicateGroup(kind=key[0], value=key[1], candidate_ids=tuple(ids))
        for (_platform_id, key), ids in by_key.items()
        if len(ids) > 1
    ]
    return sorted(groups, key=lambda group: group.candidate_ids)


def candidate_ids_with_duplicates(*, user: User) -> set[int]:
    """The ids of the user's candidates that have at least one likely duplicate."""
    return {pk for group in candidate_duplicate_groups(user=user) for pk in group.candidate_ids}


# Merge


def candidate_merge_default_keep(first: Candidate, second: Candidate) -> Candidate:
    """The profile kept by default: the older one."""
    return min(first, second, key=lambda candidate: (candidate.created_at, candidate.pk))


def _merge_levels(
    model: type[CandidateSkill] | type[CandidateLanguage], field: str, keep: Candidate, remove: Candidate
):
    kept = {getattr(row, f"{field}_id"): row for row in model.objects.filter(candidate=keep)}
    for row in model.objects.filter(candidate=remove):
        mine = kept.get(getattr(row, f"{field}_id"))
        if mine is None:
            row.candidate = keep
            row.save(update_fields=["candidate"])
            continue
        if row.level > mine.level:
            mine.level = row.level
            mine.save(update_fields=["level"])
        row.delete()


def _merge_sensitive_situation(keep: Candidate, remove: Candidate) -> None:
    theirs = SensitiveSituation.objects.filter(candidate=remove).first()
    if theirs is None:
        return
    mine = SensitiveSituation.objects.filter(candidate=keep).first()
    if mine is None:
        mine = SensitiveSituation(candidate=keep, **{flag: getattr(theirs, flag) for flag in SENSITIVE_FLAGS})
    else:
        before = {flag: getattr(mine, flag) for flag in EXCLUSIVE_FLAGS}
        for flag in SENSITIVE_FLAGS:
            setattr(mine, flag, getattr(mine, flag) or getattr(theirs, flag))
        if all(getattr(mine, flag) for flag in EXCLUSIVE_FLAGS):
            for flag, value in before.items():
                setattr(mine, flag, value)
    mine.save()


def _merge_identity(keep: Candidate, remove: Candidate) -> list[str]:
    """Fill the kept profile's blanks from the removed one; return the fields changed."""
    changed = []
    for field in ("email", "phone", "birth_date", "reference"):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
            changed.append(field)
    for consent in ("processing", "presentation"):
        flag, dated = f"consents_to_{consent}", f"consented_to_{consent}_at"
        if not getattr(keep, flag) and getattr(remove, flag):
            setattr(keep, flag, True)
            setattr(keep, dated, getattr(remove, dated))
            changed += [flag, dated]
    if remove.last_contact_at and remove.last_contact_at > keep.last_contact_at:
        keep.last_contact_at = remove.last_contact_at
        changed.append("last_contact_at")
    return changed


def candidates_lock_for_merge(*, keep: Candidate, remove: Candidate, by: User | None) -> tuple[Candidate, Candidate]:
    """Lock both profiles and check that they may be merged; return them as locked (``keep``, ``remove``).

    Call it inside the merge's transaction. Both profiles must exist, differ, be not anonymised and belong to one
    platform, which ``by`` (when given) must staff: ``ValidationError`` or ``PermissionDenied`` otherwise.
    """
    if keep.pk == remove.pk:
        raise ValidationError("Choisissez deux dossiers différents.")
    # Locked in id order, so that two merges touching the same profiles wait for each other.
    locked = {
        candidate.pk: candidate
        for candidate in Candidate.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError("Un des deux dossiers n'existe plus.")
    keep, remove = locked[keep.pk], locked[remove.pk]
    if CandidateStatus.ANONYMISED in (keep.status, remove.status):
        # Its hires are already counted in the dashboard's tallies (hire_tallies), and it must stay without identity.
        raise ValidationError("Un dossier anonymisé ne peut pas être fusionné.")
    if keep.platform_id != remove.platform_id:
        raise ValidationError("Seuls deux dossiers de la même plateforme peuvent être fusionnés.")
    if by is not None and not by.is_superuser and keep.platform_id not in platform_ids_for(by):
        raise PermissionDenied
    return keep, remove


@transaction.atomic
def candidate_profile_merge(*, keep: Candidate, remove: Candidate) -> Candidate:
    """Move the profile's own rows from ``remove`` onto ``keep`` (see the module docstring), delete ``remove``.

    ``remove``'s rows in other apps must have moved already: deleting the profile deletes what still points at it.
    Both profiles come locked from ``candidates_lock_for_merge``. Returns ``keep``, saved.
    """
    _merge_levels(CandidateSkill, "skill", keep, remove)
    _merge_levels(CandidateLanguage, "language", keep, remove)
    keep.desired_occupations.add(*remove.desired_occupations.all())
    keep.certifications.add(*remove.certifications.all())
    _merge_sensitive_situation(keep, remove)
    changed = _merge_identity(keep, remove)
    remove.delete()
    if changed:
        keep.save(update_fields=[*changed, "updated_at"])
    return keep
