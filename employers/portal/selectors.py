"""Reads of the employer portal, scoped to the employer of the user's membership.

Access is decided here: someone who is not an employer member, or a need of another employer, is simply not found
(404). What a presented candidate shows is decided here too: a ``PresentedProfile`` carries only what the employer
may see, so a template cannot show more. Every list is read in a fixed number of queries, whatever its length.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import employer_ids_for
from accounts.models import User
from candidates.models import Candidate, CandidateSkill
from employers.models import StaffingNeed
from employers.portal.pseudonyms import candidate_pseudonym
from matching.enums import PresentationStatus
from matching.models import MatchRun, MatchSuggestion, Presentation
from matching.review.selectors import ScorePart, distance_band_of, score_parts
from matching.selectors import match_run_latest_for_need
from referentials.geo import haversine_km

Status = PresentationStatus

# Statuses a presentation reaches only once the employer has received the profile.
PRESENTED_OR_LATER = (
    Status.PRESENTED,
    Status.INTERVIEW_REQUESTED,
    Status.INTERVIEW_SCHEDULED,
    Status.HIRED,
    Status.NOT_HIRED,
    Status.DECLINED_BY_EMPLOYER,
)
IN_INTERVIEW = (Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED)
# The candidate accepted the interview: from here on the employer may know who they are and how to reach them.
IDENTITY_REVEALED = (Status.INTERVIEW_SCHEDULED, Status.HIRED, Status.NOT_HIRED)


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

    ``contact`` is filled only once the interview is scheduled.
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


@dataclass(frozen=True)
class NeedCounts:
    suggested: int
    presented: int
    in_interview: int
    hired: int
    headcount: int


def _employer_needs(user: User) -> QuerySet[StaffingNeed]:
    employer_ids = employer_ids_for(user)
    if not employer_ids:
        raise Http404
    return StaffingNeed.objects.filter(employer_id__in=employer_ids)


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
        presented=Count("pk", filter=Q(status__in=PRESENTED_OR_LATER)),
        in_interview=Count("pk", filter=Q(status__in=IN_INTERVIEW)),
    )
    return NeedCounts(
        suggested=MatchSuggestion.objects.filter(need=need).count(),
        presented=figures["presented"],
        in_interview=figures["in_interview"],
        hired=need.hires_count,
        headcount=need.headcount,
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


def presented_profiles_for_need(*, need: StaffingNeed) -> list[PresentedProfile]:
    """The candidates presented to the employer for ``need``, first presented first, pseudonymised.

    The need must already be scoped to the user (``need_for_employer``); its site's commune is expected loaded.
    Names and contacts are read, in their own query, only for the presentations whose interview is scheduled.
    """
    presentations = list(
        need.presentations.filter(status__in=PRESENTED_OR_LATER)
        .select_related("candidate__commune")
        .only(
            "pk",
            "status",
            "need_id",
            "candidate_id",
            "presented_at",
            "created_at",
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
    if not presentations:
        return []
    candidate_ids = [presentation.candidate_id for presentation in presentations]
    suggestions = {
        suggestion.candidate_id: suggestion
        for suggestion in MatchSuggestion.objects.filter(need=need, candidate_id__in=candidate_ids).only(
            "candidate_id", "score", "parts", "distance_km", "skills_to_train"
        )
    }
    revealed_ids = [p.candidate_id for p in presentations if p.status in IDENTITY_REVEALED]
    contacts = (
        {
            row["pk"]: CandidateContact(
                candidate_id=row["pk"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=row["email"],
                phone=row["phone"],
            )
            for row in Candidate.objects.filter(pk__in=revealed_ids).values(
                "pk", "first_name", "last_name", "email", "phone"
            )
        }
        if revealed_ids
        else {}
    )
    profiles = []
    for presentation in presentations:
        candidate = presentation.candidate
        suggestion = suggestions.get(presentation.candidate_id)
        profiles.append(
            PresentedProfile(
                presentation_id=presentation.pk,
                pseudonym=candidate_pseudonym(employer_id=need.employer_id, candidate_id=presentation.candidate_id),
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
                contact=contacts.get(presentation.candidate_id),
            )
        )
    return profiles
