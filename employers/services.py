"""Writes on employers and staffing needs.

A need's status moves only through ``need_status_change`` (and the named
shortcuts below), which checks the transition, locks the row and records who
made the change and when.
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
    RecruitingWave,
    Site,
    StaffingNeed,
)
from referentials.models import Language, Skill

# A need can be edited while it is being prepared or matched; a filled, closed or cancelled need is history.
EDITABLE_STATUSES = (NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.PAUSED)
# The fields of a need's first step that the engine's score or filters read (matching.selectors.need_spec_build).
SCORED_FIELDS = ("occupation_id", "site_id", "start_date", "contract_type", "working_time")

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
    if to_status == NeedStatus.OPEN:
        need_matching_changed(need=need, by=by)
    else:
        from matching.services.proposals import proposals_withdraw

        proposals_withdraw(need=need)
    return need


def need_matching_changed(*, need: StaffingNeed, by: User | None) -> None:
    """An open need was published or changed: its suggestions are computed again, after commit."""
    from matching.enums import RunScope
    from matching.services import match_run_request

    if need.status == NeedStatus.OPEN:
        match_run_request(scope=RunScope.NEED, need=need, by=by)


def _check_can_open(need: StaffingNeed) -> None:
    if need.openings_left <= 0:
        raise ValidationError(_("This need has no opening left."), code="no_opening_left")
    if need.start_date < timezone.localdate() and need.status == NeedStatus.DRAFT:
        raise ValidationError(
            _("The start date %(date)s is in the past: change it before publishing.")
            % {"date": need.start_date.isoformat()},
            code="start_date_past",
        )


def need_publish(*, need: StaffingNeed, by: User | None) -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.OPEN, by=by)


def need_pause(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    """Stop matching for a while: candidates not yet presented are withdrawn; publishing again resumes."""
    return need_status_change(need=need, to_status=NeedStatus.PAUSED, by=by, reason=reason)


def need_close(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CLOSED, by=by, reason=reason)


def need_cancel(*, need: StaffingNeed, by: User | None, reason: str = "") -> StaffingNeed:
    return need_status_change(need=need, to_status=NeedStatus.CANCELLED, by=by, reason=reason)


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


@transaction.atomic
def need_details_save(*, need: StaffingNeed, new_site: Site | None = None, by: User | None) -> StaffingNeed:
    """Store a need checked by its form (a new one is a draft), creating its new site first when there is one.

    An open need is matched again when a field the score reads changed; when only its headcount changed, the
    suggestions stay valid and only the need's proposals are allocated again (a few milliseconds, no run).
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
        return need
    if any(getattr(stored, name) != getattr(need, name) for name in SCORED_FIELDS):
        need_matching_changed(need=need, by=by)
    elif stored.headcount != need.headcount and need.status == NeedStatus.OPEN:
        from matching.services.proposals import proposals_allocate

        proposals_allocate(need_ids=[need.pk])
    return need


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
    locked.training_skills.remove(*locked.training_skills.exclude(pk__in=[skill.pk for skill, __ in skills]))
    StaffingNeed.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    need_matching_changed(need=locked, by=by)
    return locked


@transaction.atomic
def need_training_save(
    *,
    need: StaffingNeed,
    training_skills: Iterable[Skill],
    waves: Iterable[tuple[datetime.date, int]],
    by: User | None,
) -> StaffingNeed:
    """Store the training and conditions checked by their form, and replace the recruiting waves."""
    _check_editable(StaffingNeed.objects.select_for_update().get(pk=need.pk))
    need.save()
    need.training_skills.set(list(training_skills))
    RecruitingWave.objects.filter(need=need).delete()
    RecruitingWave.objects.bulk_create(
        RecruitingWave(need=need, starts_on=starts_on, hires_planned=hires) for starts_on, hires in waves
    )
    need_matching_changed(need=need, by=by)
    return need


@transaction.atomic
def need_duplicate(*, need: StaffingNeed, by: User | None) -> StaffingNeed:
    """A new draft with the same job, requirements and training, to post a similar need again.

    Hires, history and matching results stay with the original; waves are not copied (their dates are past or
    belong to the original). A start date already past moves to today, to be changed before publishing.
    """
    copy = StaffingNeed.objects.get(pk=need.pk)
    training_skills = list(copy.training_skills.all())
    copy.pk = None
    copy._state.adding = True
    copy.title = _("%(title)s (copy)") % {"title": need.title}
    copy.hires_count = 0
    copy.status, copy.status_changed_at, copy.status_changed_by = NeedStatus.DRAFT, timezone.now(), by
    copy.start_date = max(copy.start_date, timezone.localdate())
    copy.save()
    copy.training_skills.set(training_skills)
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
