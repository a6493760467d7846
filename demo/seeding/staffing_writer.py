"""Writes the demo employers, sites and staffing needs through the ORM, skipping employers whose SIRET exists.

An employer is written whole (site, needs, required skills, languages,
certifications, waves and their training cohorts) in the caller's transaction, so a run never leaves an
employer half written; a later run recognises it by its SIRET and leaves it be.
Every object is validated with ``full_clean`` first: the demo must obey the
rules the staff forms obey. Waves are stored by ``employers.services.need_training_save``,
as the need form's training step stores them, and cohorts by ``employers.cohorts``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from accounts.models import Platform
from demo.seeding.snapshot import Prepared
from demo.seeding.staffing import CohortPlan, EmployerPlan, NeedPlan
from employers.cohorts import CohortDetails, cohort_create, wave_cohort_link
from employers.enums import NeedStatus
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
from employers.services import need_training_save
from referentials.models import Certification, Language, Skill


@dataclass(frozen=True)
class ReferentialIds:
    """Database ids aligned with the snapshot's tuples: ``commune[i]`` is the id of ``refs.communes[i]``."""

    commune: np.ndarray
    occupation: np.ndarray
    skill: np.ndarray
    language: np.ndarray
    certification: np.ndarray


@dataclass(frozen=True)
class EmployersWritten:
    created: int
    existing: int
    needs: int
    members: list[tuple[Employer, str]]  # employers that get a demo login, with the slug of their e-mail

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.created, self.existing, self.needs


def _clean_all(objects: Iterable) -> list:
    objects = list(objects)
    for obj in objects:
        obj.full_clean()
    return objects


# How long before it was filled or closed a need of the demo was published.
PUBLISHED_BEFORE_END = datetime.timedelta(days=30)


def _status_history(need: StaffingNeed) -> list[NeedStatusChange]:
    """The changes that led to the need's status, the last one at ``status_changed_at``: published, then ended."""
    at = need.status_changed_at
    if need.status == NeedStatus.DRAFT:
        return []
    if need.status in (NeedStatus.OPEN, NeedStatus.CANCELLED):
        return [NeedStatusChange(need=need, from_status=NeedStatus.DRAFT, to_status=need.status, changed_at=at)]
    return [
        NeedStatusChange(
            need=need,
            from_status=NeedStatus.DRAFT,
            to_status=NeedStatus.OPEN,
            changed_at=at - PUBLISHED_BEFORE_END,
        ),
        NeedStatusChange(need=need, from_status=NeedStatus.OPEN, to_status=need.status, changed_at=at),
    ]


def _need_write(
    employer: Employer, site: Site, plan: NeedPlan, *, occupation_id: int, lookups: dict, today: datetime.date, now
) -> None:
    need = StaffingNeed(
        employer=employer,
        site=site,
        occupation_id=occupation_id,
        title=plan.title,
        headcount=plan.headcount,
        contract_type=plan.contract_type,
        contract_duration_months=plan.contract_duration_months,
        working_time=plan.working_time,
        weekly_hours=plan.weekly_hours,
        has_shifts=plan.has_shifts,
        has_weekend_work=plan.has_weekend_work,
        start_date=today + datetime.timedelta(days=plan.start_offset_days),
        salary_min=plan.salary_min,
        salary_max=plan.salary_max,
        minimum_education=plan.minimum_education,
        minimum_experience_years=plan.minimum_experience_years,
        accepts_beginners=plan.accepts_beginners,
        offers_training=plan.offers_training,
        training_kind=plan.training_kind,
        training_weeks=plan.training_weeks,
        has_accessible_workstation=plan.has_accessible_workstation,
        **dict(plan.description),
    )
    need.full_clean()
    # The status is set directly: these needs are history as well as data, and
    # employers.services would stamp every change with today's date.
    need.status = plan.status
    need.status_changed_at = now - datetime.timedelta(days=plan.status_age_days)
    need.save()
    NeedStatusChange.objects.bulk_create(_status_history(need))
    training_skills = [lookups["skill"][slug] for slug in plan.training_skills]
    if plan.waves:
        waves = _clean_all(
            RecruitingWave(need=need, starts_on=today + datetime.timedelta(days=offset), hires_planned=hires)
            for offset, hires in plan.waves
        )
        need_training_save(
            need=need,
            training_skills=Skill.objects.filter(pk__in=training_skills),
            waves=[(wave.starts_on, wave.hires_planned) for wave in waves],
            by=None,
        )
        _cohorts_write(need, plan.cohorts, today=today)
    else:
        need.training_skills.set(training_skills)
    NeedSkill.objects.bulk_create(
        _clean_all(NeedSkill(need=need, skill_id=lookups["skill"][slug], importance=imp) for slug, imp in plan.skills)
    )
    NeedLanguage.objects.bulk_create(
        _clean_all(
            NeedLanguage(
                need=need,
                language_id=lookups["language"][code],
                level=level,
                is_mandatory=mandatory,
                justification=why,
            )
            for code, level, mandatory, why in plan.languages
        )
    )
    NeedCertification.objects.bulk_create(
        _clean_all(
            NeedCertification(need=need, certification_id=lookups["certification"][slug], is_mandatory=mandatory)
            for slug, mandatory in plan.certifications
        )
    )


def _cohorts_write(need: StaffingNeed, plans: tuple[CohortPlan, ...], *, today: datetime.date) -> None:
    """The need's training cohorts, planned and each linked to the wave it trains people for, by their services."""
    waves = list(need.waves.order_by("starts_on"))
    for plan in plans:
        details = CohortDetails(
            kind=plan.kind,
            training_body=plan.training_body,
            place=plan.place,
            starts_on=today + datetime.timedelta(days=plan.start_offset_days),
            ends_on=today + datetime.timedelta(days=plan.end_offset_days),
            capacity=plan.capacity,
            funder=plan.funder,
        )
        wave_cohort_link(wave=waves[plan.wave], cohort=cohort_create(need=need, details=details, by=None), by=None)


def employers_write(
    plans: tuple[EmployerPlan, ...],
    *,
    platforms: list[Platform],
    prepared: Prepared,
    ids: ReferentialIds,
    today: datetime.date,
    now: datetime.datetime,
) -> EmployersWritten:
    """Create the planned employers whose SIRET is not in the database yet."""
    existing = {e.siret: e for e in Employer.objects.filter(siret__in=[plan.siret for plan in plans])}
    lookups = {
        "skill": dict(Skill.objects.values_list("slug", "id")),
        "language": dict(Language.objects.values_list("code", "id")),
        "certification": dict(Certification.objects.values_list("slug", "id")),
    }
    created = needs = 0
    members = []
    for plan in plans:
        employer = existing.get(plan.siret)
        if employer is None:
            employer = Employer(
                legal_name=plan.legal_name, siret=plan.siret, naf_code=plan.naf_code, platform=platforms[plan.platform]
            )
            employer.full_clean()
            employer.save()
            commune_id = int(ids.commune[prepared.commune_index[plan.commune]])
            site = Site(employer=employer, name=plan.site_name, address=plan.site_address, commune_id=commune_id)
            site.full_clean()
            site.save()
            for need in plan.needs:
                occupation_id = int(ids.occupation[prepared.occupation_index[need.rome_code]])
                _need_write(employer, site, need, occupation_id=occupation_id, lookups=lookups, today=today, now=now)
            created += 1
            needs += len(plan.needs)
        if plan.has_member_login:
            members.append((employer, plan.slug))
    return EmployersWritten(created, len(existing), needs, members)
