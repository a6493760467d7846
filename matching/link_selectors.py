"""Reads of the secure links: the link a token opens, what its page may show, and the links' states for staff.

``candidate_link_for_token`` answers ``None`` alike for a malformed token, an unknown one, and a link expired,
revoked or already answered, so that the page cannot tell them apart: the same neutral page, at the same cost (the
token is hashed before the lookup, so a guess and a real token cost one indexed query each).

``link_offer`` is all the page shows of the job: what the employer publishes about the need (the occupation, the
town, the contract, the hours, the start dates, and the parts of its job description the employer marked public:
``public_job_description``), never the employer's name (no field of ``employers`` marks it public), the need's own
title (free text, which may name the employer), the salary band unless the employer shows it, or anything about
other candidates.
"""

import datetime
import hmac
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from candidates.enums import CandidateStatus
from employers.enums import ContractType, WorkingTime
from employers.models import RecruitingWave, StaffingNeed
from matching.access import workable_by_staff
from matching.enums import LinkPurpose, PresentationStatus
from matching.link_tokens import link_token_hash, token_is_well_formed
from matching.models import CandidateLink, InterviewSlot, Presentation
from matching.services.links import interview_slots_open
from matching.wave_selectors import ruled_out_until, wave_is_eligible


def candidate_link_for_token(token: str, *, now: datetime.datetime | None = None) -> CandidateLink | None:
    """The usable link this token opens, with its presentation, need and candidate; ``None`` for any other."""
    if not token_is_well_formed(token):
        return None
    digest = link_token_hash(token)
    link = (
        CandidateLink.objects.select_related(
            "candidate",
            "presentation__need__occupation",
            "presentation__need__site__commune",
            "presentation__wave",
            "seat__session",
        )
        .filter(token_hash=digest)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    if not link.is_usable_at(now or timezone.now()) or link.candidate.status != CandidateStatus.ACTIVE:
        return None
    return link


def candidate_link_for_interview_calendar(token: str, *, now: datetime.datetime | None = None) -> CandidateLink | None:
    """The interview-slot link this token opens, once its interview is scheduled, for the calendar file's download.

    Unlike the page (``candidate_link_for_token``), a link already answered still opens it (choosing the slot is the
    answer); a revoked or expired link, another purpose, an inactive person or an interview not (or no longer)
    scheduled opens nothing.
    """
    if not token_is_well_formed(token):
        return None
    digest = link_token_hash(token)
    link = CandidateLink.objects.select_related("candidate", "presentation").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    moment = now or timezone.now()
    if link.revoked_at is not None or moment >= link.expires_at or link.candidate.status != CandidateStatus.ACTIVE:
        return None
    presentation = link.presentation
    if link.purpose != LinkPurpose.INTERVIEW_SLOT or presentation.status != PresentationStatus.INTERVIEW_SCHEDULED:
        return None
    return link


def waves_open_to(presentation: Presentation) -> list[RecruitingWave]:
    """The waves of the presentation's need the person may choose: open, a seat left, later than any they were ruled
    out of (``matching.wave_selectors``), by start date."""
    until = ruled_out_until(need=presentation.need, candidate_id=presentation.candidate_id)
    waves = RecruitingWave.objects.filter(need_id=presentation.need_id).order_by("starts_on")
    return [wave for wave in waves if wave_is_eligible(wave, ruled_out_until=until)]


@dataclass(frozen=True)
class PublicJobDescription:
    """The parts of a need's job description its employer shows to candidates; a hidden part is empty."""

    job_summary: str = ""
    profile_sought: str = ""
    selection_steps: tuple[str, ...] = ()
    selection_details: str = ""
    hours_description: str = ""
    place_and_access: str = ""
    benefits: str = ""
    salary_min: int | None = None
    salary_max: int | None = None

    @property
    def is_empty(self) -> bool:
        return self == PublicJobDescription()


def public_job_description(need: StaffingNeed) -> PublicJobDescription:
    """Only what the employer marked "show to candidates" (``employers.job_description.VISIBILITY_FLAGS``)."""
    shows_selection = need.shows_selection
    return PublicJobDescription(
        job_summary=need.job_summary if need.shows_job_summary else "",
        profile_sought=need.profile_sought if need.shows_profile_sought else "",
        selection_steps=tuple(need.selection_step_labels) if shows_selection else (),
        selection_details=need.selection_details if shows_selection else "",
        hours_description=need.hours_description if need.shows_hours else "",
        place_and_access=need.place_and_access if need.shows_place_and_access else "",
        benefits=need.benefits if need.shows_benefits else "",
        salary_min=need.salary_min if need.shows_pay else None,
        salary_max=need.salary_max if need.shows_pay else None,
    )


@dataclass(frozen=True)
class LinkOffer:
    """What a link's page shows of the job, and the choices it offers."""

    occupation: str
    town: str
    contract: str
    contract_duration_months: int | None
    working_time: str
    weekly_hours: int | None
    start_date: datetime.date
    waves: list[RecruitingWave]
    current_wave_id: int | None
    slots: list[InterviewSlot]
    description: PublicJobDescription


def link_offer(link: CandidateLink) -> LinkOffer:
    presentation = link.presentation
    need = presentation.need
    is_proposal = link.purpose == LinkPurpose.PROPOSAL
    return LinkOffer(
        occupation=need.occupation.label,
        town=need.site.commune.name,
        contract=str(ContractType(need.contract_type).label),
        contract_duration_months=need.contract_duration_months,
        working_time=str(WorkingTime(need.working_time).label) if need.working_time else "",
        weekly_hours=need.weekly_hours,
        start_date=presentation.wave.starts_on if presentation.wave else need.start_date,
        waves=waves_open_to(presentation) if is_proposal else [],
        current_wave_id=presentation.wave_id,
        slots=[] if is_proposal else interview_slots_open(presentation),
        description=public_job_description(need),
    )


@dataclass(frozen=True)
class JobDatingJob:
    """One job of a job dating, as its attendees' ranking link shows it. The employer is named: the person met its
    recruiters on the day, at an event the employer took part in openly."""

    need_id: int
    employer: str
    occupation: str
    town: str
    contract: str
    working_time: str
    description: PublicJobDescription


def job_dating_jobs_for_link(link: CandidateLink) -> list[JobDatingJob]:
    """The jobs a ranking link's job dating serves, employer by employer (``LinkPurpose.JOB_DATING_RANKING``)."""
    if link.purpose != LinkPurpose.JOB_DATING_RANKING or link.seat is None:
        return []
    needs = link.seat.session.needs.select_related("employer", "occupation", "site__commune").order_by(
        "employer__legal_name", "occupation__label", "pk"
    )
    return [
        JobDatingJob(
            need_id=need.pk,
            employer=need.employer.legal_name,
            occupation=need.occupation.label,
            town=need.site.commune.name,
            contract=str(ContractType(need.contract_type).label),
            working_time=str(WorkingTime(need.working_time).label) if need.working_time else "",
            description=public_job_description(need),
        )
        for need in needs
    ]


# Staff side.


def link_state(link: CandidateLink, *, now: datetime.datetime | None = None) -> str:
    """Where a link stands, for staff: answered, revoked, expired, opened or sent."""
    moment = now or timezone.now()
    if link.answered_at is not None:
        return "answered"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= moment:
        return "expired"
    if link.opened_at is not None:
        return "opened"
    return "sent"


def links_for_staff(user: User) -> QuerySet[CandidateLink]:
    """The links of the candidates the user may work, for the need of each link (``matching.access``)."""
    return workable_by_staff(CandidateLink.objects.all(), user, need_path="presentation__need")


def links_by_presentation(*, presentation_ids: list[int], user: User) -> dict[int, list[CandidateLink]]:
    """Each presentation's links the user may see, newest first: one query whatever the number of presentations."""
    by_presentation: dict[int, list[CandidateLink]] = {}
    for link in links_for_staff(user).filter(presentation_id__in=presentation_ids).order_by("-created_at", "-pk"):
        by_presentation.setdefault(link.presentation_id, []).append(link)
    return by_presentation
