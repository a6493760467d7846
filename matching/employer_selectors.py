"""Reads for an employer's members (the portal and the employer API), scoped to the employer of the user's
membership.

Access is decided here: someone who is not an employer member, or a need of another employer, is simply not found
(404). What a presented candidate shows is decided here too: a ``PresentedProfile`` carries only what the employer
may see, so a template cannot show more, and its name and contact only from the candidate's acceptance of an
interview until the presentation ends without a hire by this employer (``identity_is_revealed``). Every list is
read in a fixed number of queries, whatever its length.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from accounts.access import employer_id_for
from accounts.enums import MembershipRole
from accounts.models import Membership, User
from candidates.models import Candidate, CandidateSkill
from candidates.pseudonyms import candidate_pseudonym_for_employer
from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from matching.models import InterviewSlot, MatchRun, MatchSuggestion, Presentation, PresentationTransition
from matching.review_selectors import ScorePart, distance_band_of, score_parts
from matching.selectors import match_run_latest_for_need
from referentials.geo import haversine_km

Status = PresentationStatus

IN_INTERVIEW = (Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED)
# Statuses in which the candidate has accepted the interview and the presentation is still going: the employer may
# know who they are and how to reach them. An interview requested reveals them too once its acceptance is recorded
# (``interview_accepted_at``). Once the presentation ends without a hire here (not hired, declined, withdrawn, or the
# candidate hired elsewhere), the employer no longer needs them and knows them by their pseudonym again (data
# minimisation); the views logged meanwhile stay in the access log. An employer who hired them keeps knowing them.
IDENTITY_REVEALED = (Status.INTERVIEW_SCHEDULED,)
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")


def identity_is_revealed(
    *, status: str, interview_accepted_at: datetime.datetime | None, is_hired_elsewhere: bool
) -> bool:
    """Whether the employer may see the candidate's name and contact: hired by them, or in interview with them
    (accepted by the candidate) while not hired elsewhere (``is_hired_elsewhere``, see ``with_hired_elsewhere``)."""
    if status in Status.hired_ever():
        return True
    in_interview = status in IDENTITY_REVEALED or (
        status == Status.INTERVIEW_REQUESTED and interview_accepted_at is not None
    )
    return in_interview and not is_hired_elsewhere


def with_hired_elsewhere(presentations: QuerySet[Presentation]) -> QuerySet[Presentation]:
    """Presentations annotated with ``is_hired_elsewhere``: their candidate holds an active placement through another
    presentation (another need, whoever's), read in the same query."""
    placements = Presentation.objects.filter(
        candidate_id=OuterRef("candidate_id"), status=Status.HIRED, placement_ended_on__isnull=True
    ).exclude(pk=OuterRef("pk"))
    return presentations.annotate(is_hired_elsewhere=Exists(placements))


def presentation_identity_is_revealed(presentation: Presentation) -> bool:
    """``identity_is_revealed`` for a presentation read through ``with_hired_elsewhere``."""
    return identity_is_revealed(
        status=presentation.status,
        interview_accepted_at=presentation.interview_accepted_at,
        is_hired_elsewhere=presentation.is_hired_elsewhere,
    )


@dataclass(frozen=True)
class CandidateContact:
    candidate_id: int
    first_name: str
    last_name: str
    email: str
    phone: str


@dataclass(frozen=True)
class PresentedProfile:
    """A presented candidate as the employer sees them: no name, contact, birth date, address or sensitive data.

    ``contact`` is filled only once the candidate has accepted the interview (``identity_is_revealed``).
    """

    presentation_id: int
    pseudonym: str
    status_label: str
    skills: list[str]
    experience_years: int
    available_from: object
    distance_band: object
    skills_to_train: list[str] = field(default_factory=list)
    parts: list[ScorePart] = field(default_factory=list)
    score_points: float | None = None
    contact: CandidateContact | None = None
    status: str = ""
    interview_accepted_at: datetime.datetime | None = None
    interview_at: datetime.datetime | None = None


@dataclass(frozen=True)
class NeedCounts:
    suggested: int
    presented: int
    in_interview: int
    hired: int
    headcount: int
    expired: int = 0


def _employer_needs(user: User) -> QuerySet[StaffingNeed]:
    return StaffingNeed.objects.filter(employer_id=employer_id_for_member(user=user))


def employer_id_for_member(*, user: User) -> int:
    """The employer of the user's membership; not found for someone who is not an employer member."""
    employer_id = employer_id_for(user)
    if employer_id is None:
        raise Http404
    return employer_id


def need_list_for_employer(*, user: User) -> list[StaffingNeed]:
    """The needs of the user's employer, soonest start first; not found for someone who is not an employer member."""
    needs = _employer_needs(user).select_related("site__commune").order_by("start_date", "pk")
    return list(needs)


def need_for_employer(*, user: User, need_id: int) -> StaffingNeed:
    """One need of the user's employer; a need of another employer is not found."""
    need: StaffingNeed = get_object_or_404(
        _employer_needs(user).select_related("employer", "site__commune", "occupation"), pk=need_id
    )
    return need


def need_run_latest(*, need: StaffingNeed) -> MatchRun | None:
    return match_run_latest_for_need(need=need)


def need_counts(*, need: StaffingNeed) -> NeedCounts:
    """How far the need has got: suggestions, presentations, interviews, hires (the need's own count) and headcount."""
    figures = need.presentations.aggregate(
        presented=Count("pk", filter=Q(status__in=Status.presented_or_later())),
        in_interview=Count("pk", filter=Q(status__in=IN_INTERVIEW)),
        expired=Count("pk", filter=Q(status=Status.EXPIRED)),
    )
    return NeedCounts(
        suggested=MatchSuggestion.objects.filter(need=need).count(),
        presented=figures["presented"],
        in_interview=figures["in_interview"],
        hired=need.hires_count,
        headcount=need.headcount,
        expired=figures["expired"],
    )


def _distance_band(presentation: Presentation, suggestion: MatchSuggestion | None, need: StaffingNeed) -> object:
    if suggestion is not None:
        return distance_band_of(suggestion.distance_km)
    # No stored suggestion (a later run dropped it): the band from the two communes; the commune itself is not shown.
    commune = presentation.candidate.commune
    site_commune = need.site.commune
    return distance_band_of(
        haversine_km(commune.latitude, commune.longitude, site_commune.latitude, site_commune.longitude)
    )


def _presented(presentations: QuerySet[Presentation]) -> QuerySet[Presentation]:
    """What a profile reads of its presentations and candidates: never a name, contact or birth date here."""
    return (
        with_hired_elsewhere(presentations.filter(status__in=Status.presented_or_later()))
        .select_related("candidate__commune")
        .only(
            "pk",
            "status",
            "need_id",
            "candidate_id",
            "presented_at",
            "created_at",
            "interview_accepted_at",
            "interview_at",
            "candidate__experience_years",
            "candidate__available_from",
            "candidate__commune__latitude",
            "candidate__commune__longitude",
        )
        .prefetch_related(
            Prefetch(
                "candidate__skills",
                queryset=CandidateSkill.objects.select_related("skill")
                .only("candidate_id", "skill__label")
                .order_by("skill__label"),
            )
        )
        .order_by("presented_at", "pk")
    )


def _profiles(need: StaffingNeed, presentations: list[Presentation]) -> list[PresentedProfile]:
    return [profile for _need, profile in _profiles_across_needs({need.pk: need}, presentations)]


def presented_profiles_for_need(*, need: StaffingNeed) -> list[PresentedProfile]:
    """The candidates presented to the employer for ``need``, first presented first, pseudonymised.

    The need must already be scoped to the user (``need_for_employer``); its site's commune is expected loaded.
    Names and contacts are read, in their own query, only for the candidates who accepted an interview.
    """
    return _profiles(need, list(_presented(need.presentations.all())))


def presentation_for_employer(*, user: User, presentation_id: int) -> Presentation:
    """A presentation the user's employer has received, with its need; anything else is not found (404).

    A shortlisted candidate not presented yet, or one withdrawn or declined by the candidate, is not found either.
    The candidate is not loaded: read them through ``presented_profile``.
    """
    presentation: Presentation = get_object_or_404(
        with_hired_elsewhere(
            Presentation.objects.filter(need__in=_employer_needs(user), status__in=Status.presented_or_later())
        ).select_related("need__employer", "need__site__commune"),
        pk=presentation_id,
    )
    return presentation


def presented_profile(*, presentation: Presentation) -> PresentedProfile:
    """One presented candidate as the employer sees them; the presentation comes from ``presentation_for_employer``."""
    profiles = _profiles(presentation.need, list(_presented(Presentation.objects.filter(pk=presentation.pk))))
    if not profiles:
        raise Http404
    return profiles[0]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    label: str
    reason: str
    by_label: str


def presentation_history_for_employer(*, presentation: Presentation) -> list[HistoryEntry]:
    """The steps the employer may see, oldest first: from the presentation on (the shortlisting is the platform's).

    Who made a step is named when they belong to the employer; the platform's staff are named by their role only.
    The six-month check (a note on a hire) is the platform's follow-up of the person: never shown. An ended hire is
    told by its structured reason, without the platform's comment.
    """
    transitions = list(
        presentation.transitions.filter(to_status__in=Status.presented_or_later())
        .exclude(from_status=F("to_status"), to_status__in=Status.hired_ever())
        .select_related("by")
        .only("at", "from_status", "to_status", "reason", "by__first_name", "by__last_name", "by__email")
    )
    member_ids = set(
        Membership.objects.filter(
            employer_id=presentation.need.employer_id,
            role=MembershipRole.EMPLOYER_MEMBER,
            user_id__in={t.by_id for t in transitions if t.by_id is not None},
        ).values_list("user_id", flat=True)
    )
    entries = []
    for transition in transitions:
        if transition.by_id in member_ids and transition.by is not None:
            by_label = transition.by.get_full_name() or transition.by.email
        else:
            by_label = gettext("The job-centre platform")
        # A step that keeps the status (the candidate's acceptance, slots proposed) is told by its note alone.
        is_note = transition.from_status == transition.to_status
        entries.append(
            HistoryEntry(
                at=transition.at,
                label=transition.reason if is_note else str(Status(transition.to_status).label),
                reason="" if is_note else _reason_for_employer(transition, presentation),
                by_label=by_label,
            )
        )
    return entries


def _reason_for_employer(transition: PresentationTransition, presentation: Presentation) -> str:
    if transition.to_status == Status.HIRE_ENDED:
        return presentation.get_placement_end_reason_display()
    return transition.reason


def interview_slots_for_presentation(*, presentation: Presentation) -> list[InterviewSlot]:
    """The interview slots proposed for a presentation, soonest first."""
    return list(presentation.interview_slots.order_by("starts_at", "pk"))


@dataclass(frozen=True)
class PresentedToEmployer:
    """A presented candidate with the need they were presented for (a row of the employer's list across needs)."""

    need: StaffingNeed
    profile: PresentedProfile


def presented_profiles_for_employer(
    *, user: User, need_id: int | None = None, status: str | None = None
) -> list[PresentedToEmployer]:
    """The candidates presented to the user's employer, need by need (soonest start first), first presented first.

    Only for ``need_id`` when given (another employer's need is not found), only in ``status`` when given. The
    profiles are those of ``presented_profiles_for_need``, read in a fixed number of queries whatever the number of
    needs: the needs, the presentations, their candidates' skills, the suggestions, and the revealed contacts.
    """
    found = _employer_needs(user).select_related("site__commune").order_by("start_date", "pk")
    needs = list(found) if need_id is None else [get_object_or_404(found, pk=need_id)]
    presentations = Presentation.objects.filter(need__in=[need.pk for need in needs])
    if status is not None:
        presentations = presentations.filter(status=status)
    by_need: dict[int, list[Presentation]] = {need.pk: [] for need in needs}
    for presentation in _presented(presentations):
        by_need[presentation.need_id].append(presentation)
    profiles = _profiles_across_needs(
        {need.pk: need for need in needs}, [p for need in needs for p in by_need[need.pk]]
    )
    return [PresentedToEmployer(need=need, profile=profile) for need, profile in profiles]


def _profiles_across_needs(
    needs: dict[int, StaffingNeed], presentations: list[Presentation]
) -> list[tuple[StaffingNeed, PresentedProfile]]:
    """The profiles of presentations of one or several needs: one query for the suggestions, one for the contacts.

    A candidate's name and contact come only with a presentation whose identity is revealed.
    """
    if not presentations:
        return []
    pairs = {(presentation.need_id, presentation.candidate_id) for presentation in presentations}
    suggestions = {
        (suggestion.need_id, suggestion.candidate_id): suggestion
        for suggestion in MatchSuggestion.objects.filter(
            need_id__in={need_id for need_id, _candidate_id in pairs},
            candidate_id__in={candidate_id for _need_id, candidate_id in pairs},
        ).only("need_id", "candidate_id", "score", "parts", "distance_km", "skills_to_train")
        if (suggestion.need_id, suggestion.candidate_id) in pairs
    }
    revealed_ids = {p.candidate_id for p in presentations if presentation_identity_is_revealed(p)}
    contacts = (
        {
            row["pk"]: CandidateContact(
                candidate_id=row["pk"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=row["email"],
                phone=row["phone"],
            )
            for row in Candidate.objects.filter(pk__in=revealed_ids).values("pk", *CONTACT_FIELDS)
        }
        if revealed_ids
        else {}
    )
    profiles = []
    for presentation in presentations:
        need = needs[presentation.need_id]
        candidate = presentation.candidate
        suggestion = suggestions.get((presentation.need_id, presentation.candidate_id))
        revealed = presentation_identity_is_revealed(presentation)
        profile = PresentedProfile(
            presentation_id=presentation.pk,
            pseudonym=candidate_pseudonym_for_employer(
                employer_id=need.employer_id, candidate_id=presentation.candidate_id
            ),
            status_label=presentation.get_status_display(),
            skills=[candidate_skill.skill.label for candidate_skill in candidate.skills.all()],
            experience_years=candidate.experience_years,
            available_from=candidate.available_from,
            distance_band=_distance_band(presentation, suggestion, need),
            skills_to_train=[str(item.get("label", "")) for item in suggestion.skills_to_train]
            if suggestion is not None
            else [],
            parts=score_parts(suggestion.parts or {}) if suggestion is not None else [],
            score_points=suggestion.score_points if suggestion is not None else None,
            contact=contacts.get(presentation.candidate_id) if revealed else None,
            status=presentation.status,
            interview_accepted_at=presentation.interview_accepted_at,
            interview_at=presentation.interview_at,
        )
        profiles.append((need, profile))
    return profiles
