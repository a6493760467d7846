"""Writes on employers and staffing needs.

A need's status moves only through ``need_status_change``, which checks the transition, locks the row and records
who made the change and when. The matching work a change calls for (a run, proposals allocated again or withdrawn)
is requested by ``matching.services.needs``, which wraps these services, names the status changes
(``need_publish``, ``need_close``...) and is what the front doors call.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Platform, User
from employers.enums import NeedStatus
from employers.imports import NeedImportRow
from employers.models import (
    Employer,
    NeedCertification,
    NeedLanguage,
    NeedSkill,
    NeedStatusChange,
    Site,
    StaffingNeed,
)
from employers.wave_services import need_waves_save
from referentials.models import Language, Skill

# A need can be edited while it is being prepared or matched; a filled, closed or cancelled need is history.
EDITABLE_STATUSES = (NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.PAUSED)
# The fields of a need's first step that the engine's score or filters read (matching.selectors.need_spec_build).
SCORED_FIELDS = ("occupation_id", "site_id", "start_date", "contract_type", "working_time")
# The fields of a need's training step (``need_training_save``): saving them matches an open need again.
TRAINING_FIELDS = (
    "accepts_beginners",
    "minimum_experience_years",
    "has_accessible_workstation",
    "offers_training",
    "training_kind",
    "training_weeks",
    "training_skills",
    "mrs_replaces_experience",
    "mrs_skills",
)

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CANCELLED},
    NeedStatus.OPEN: {NeedStatus.PAUSED, NeedStatus.FILLED, NeedStatus.CLOSED, NeedStatus.CANCELLED},
    NeedStatus.PAUSED: {NeedStatus.OPEN, NeedStatus.CLOSED, NeedStatus.CANCELLED},
    NeedStatus.FILLED: {NeedStatus.OPEN, NeedStatus.CLOSED},
    NeedStatus.CLOSED: {NeedStatus.OPEN},
    NeedStatus.CANCELLED: set(),
}


@transaction.atomic
def need_status_change(*, need: StaffingNeed, to_status: str, by: User | None, reason: str = "") -> StaffingNeed:
    """Move a need to ``to_status`` if the transition is allowed, and record it."""
    locked = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    if to_status not in ALLOWED_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A need cannot go from “%(from)s” to “%(to)s”.")
            % {"from": NeedStatus(locked.status).label, "to": NeedStatus(to_status).label},
            code="invalid_transition",
        )
    if to_status == NeedStatus.OPEN:
        _check_can_open(locked)
    now = timezone.now()
    NeedStatusChange.objects.create(
        need=locked, from_status=locked.status, to_status=to_status, changed_by=by, changed_at=now, reason=reason
    )
    locked.status = to_status
    locked.status_changed_at = now
    locked.status_changed_by = by
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"])
    need.refresh_from_db()
    return need


def _check_can_open(need: StaffingNeed) -> None:
    if need.openings_left <= 0:
        raise ValidationError(_("This need has no opening left."), code="no_opening_left")
    if need.start_date < timezone.localdate() and need.status == NeedStatus.DRAFT:
        raise ValidationError(
            _("The start date %(date)s is in the past: change it before publishing.")
            % {"date": need.start_date.isoformat()},
            code="start_date_past",
        )


@transaction.atomic
def employer_save(*, employer: Employer, by: User | None) -> Employer:
    """Store an employer typed by staff or created for an approved access request.

    The model's checks run first (the SIRET's key, names on one line, the constraints): an invalid employer raises
    ``ValidationError`` and nothing is stored. ``by`` is who made the change, kept for the callers' logs.
    """
    employer.full_clean()
    employer.save()
    return employer


@dataclass(frozen=True)
class LanguageRequirement:
    language: Language
    level: int
    is_mandatory: bool
    justification: str


def _check_editable(need: StaffingNeed) -> None:
    if need.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("A need that is “%(status)s” can no longer be changed.") % {"status": need.get_status_display()},
            code="not_editable",
        )


@dataclass(frozen=True)
class NeedDetailsSaved:
    """What ``need_details_save`` stored: the need, and the names of the fields it changed (none for a new need)."""

    need: StaffingNeed
    is_new: bool
    changed_fields: frozenset[str]

    @property
    def changes_score(self) -> bool:
        return not self.changed_fields.isdisjoint(SCORED_FIELDS)

    @property
    def changes_headcount(self) -> bool:
        return "headcount" in self.changed_fields


@transaction.atomic
def need_details_save(*, need: StaffingNeed, new_site: Site | None = None, by: User | None) -> NeedDetailsSaved:
    """Store a need checked by its form (a new one is a draft), creating its new site first when there is one.

    A need that is no longer editable (filled, closed, cancelled) is refused with a ``ValidationError``. The result
    names the fields that changed, from which ``matching.services.needs.need_details_save`` decides what to compute
    again.
    """
    stored = None
    if need.pk is not None:
        stored = StaffingNeed.objects.select_for_update().get(pk=need.pk)
        _check_editable(stored)
    if new_site is not None:
        new_site.employer = need.employer
        new_site.name = _unique_site_name(need.employer, new_site.name)
        new_site.save()
        need.site = new_site
    is_new = need.pk is None
    if is_new:
        need.status, need.status_changed_by = NeedStatus.DRAFT, by
    need.save()
    if stored is None:
        return NeedDetailsSaved(need=need, is_new=True, changed_fields=frozenset())
    changed = frozenset(
        field.attname
        for field in StaffingNeed._meta.concrete_fields
        if field.attname != "updated_at" and getattr(stored, field.attname) != getattr(need, field.attname)
    )
    return NeedDetailsSaved(need=need, is_new=False, changed_fields=changed)


def _unique_site_name(employer: Employer, name: str) -> str:
    taken = set(Site.objects.filter(employer=employer, name__startswith=name).values_list("name", flat=True))
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


@transaction.atomic
def need_requirements_replace(
    *,
    need: StaffingNeed,
    skills: Iterable[tuple[Skill, str]],
    languages: Iterable[LanguageRequirement],
    by: User | None,
) -> StaffingNeed:
    """Replace the need's skills (with their importance) and languages; training skills no longer asked are dropped."""
    skills = list(skills)
    locked = StaffingNeed.objects.select_for_update().get(pk=need.pk)
    _check_editable(locked)
    NeedSkill.objects.filter(need=locked).delete()
    NeedSkill.objects.bulk_create(
        NeedSkill(need=locked, skill=skill, importance=importance) for skill, importance in skills
    )
    NeedLanguage.objects.filter(need=locked).delete()
    for requirement in languages:
        row = NeedLanguage(
            need=locked,
            language=requirement.language,
            level=requirement.level,
            is_mandatory=requirement.is_mandatory,
            justification=requirement.justification.strip(),
        )
        row.full_clean(exclude=["need"])
        row.save()
    kept = [skill.pk for skill, __ in skills]
    locked.training_skills.remove(*locked.training_skills.exclude(pk__in=kept))
    locked.mrs_skills.remove(*locked.mrs_skills.exclude(pk__in=kept))
    StaffingNeed.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return locked


@transaction.atomic
def need_training_save(
    *,
    need: StaffingNeed,
    training_skills: Iterable[Skill],
    waves: Iterable[tuple[datetime.date, int]],
    by: User | None,
    mrs_skills: Iterable[Skill] = (),
) -> StaffingNeed:
    """Store the training and conditions checked by their form, and the recruiting waves, kept in place.

    ``training_skills`` and ``mrs_skills`` are among the need's required skills (their form offers only those).

    The waves are saved by ``employers.wave_services.need_waves_save``: a wave keeps its id, hires and
    presentations, and one that holds any cannot be removed or shrunk below its hires (a ``ValidationError`` naming
    the wave, and nothing is stored). Seats no wave plans form the need's implicit wave, at its start date.
    """
    _check_editable(StaffingNeed.objects.select_for_update().get(pk=need.pk))
    need.save()
    need.training_skills.set(list(training_skills))
    need.mrs_skills.set(list(mrs_skills))
    need_waves_save(need=need, waves=waves)
    return need


@transaction.atomic
def need_duplicate(*, need: StaffingNeed, by: User | None) -> StaffingNeed:
    """A new draft with the same job, requirements and training, to post a similar need again.

    Hires, history and matching results stay with the original; waves are not copied (their dates are past or
    belong to the original). A start date already past moves to today, to be changed before publishing.
    """
    copy = StaffingNeed.objects.get(pk=need.pk)
    training_skills, mrs_skills = list(copy.training_skills.all()), list(copy.mrs_skills.all())
    copy.pk = None
    copy._state.adding = True
    copy.title = _("%(title)s (copy)") % {"title": need.title}
    copy.hires_count = 0
    copy.status, copy.status_changed_at, copy.status_changed_by = NeedStatus.DRAFT, timezone.now(), by
    copy.start_date = max(copy.start_date, timezone.localdate())
    copy.save()
    copy.training_skills.set(training_skills)
    copy.mrs_skills.set(mrs_skills)
    NeedSkill.objects.bulk_create(
        NeedSkill(need=copy, skill_id=row.skill_id, importance=row.importance) for row in need.skill_requirements.all()
    )
    NeedLanguage.objects.bulk_create(
        NeedLanguage(
            need=copy,
            language_id=row.language_id,
            level=row.level,
            is_mandatory=row.is_mandatory,
            justification=row.justification,
        )
        for row in need.language_requirements.all()
    )
    NeedCertification.objects.bulk_create(
        NeedCertification(need=copy, certification_id=row.certification_id, is_mandatory=row.is_mandatory)
        for row in need.certification_requirements.all()
    )
    return copy


@transaction.atomic
def staffing_needs_import(*, rows: list[NeedImportRow], platform: Platform, by: User | None) -> list[StaffingNeed]:
    """Store checked rows (see ``employers.imports``) as draft needs, creating employers and sites once each."""
    employers: dict[str, Employer] = {}
    sites: dict[tuple[str, str], Site] = {}
    needs = []
    for row in rows:
        employer = row.employer or employers.get(row.siret)
        if employer is None:
            employer = row.employer_form.save(commit=False)
            employer.platform = platform
            employer.save()
            employers[row.siret] = employer
        site_key = (row.siret, row.site_form.cleaned_data["name"] if row.site_form else row.site.name)
        site = row.site or sites.get(site_key)
        if site is None:
            site = row.site_form.save(commit=False)
            site.employer = employer
            site.save()
            sites[site_key] = site
        need = row.need
        need.employer, need.site = employer, site
        need.status_changed_by = by
        need.save()
        if row.language_form is not None:
            requirement = row.language_form.save(commit=False)
            requirement.need = need
            requirement.save()
        needs.append(need)
    return needs
