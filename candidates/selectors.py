"""Reads of candidate profiles for platform staff, scoped to the user's platforms (``accounts.access``).

Someone who is not platform staff finds nothing (404), and another platform's candidate is not found either; a
superuser reaches every platform. Sensitive situations are never loaded here.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import is_platform_staff
from accounts.models import User
from candidates.models import Candidate, CandidateLanguage, CandidateSkill, SavedCandidateSearch
from candidates.search import candidates_matching
from candidates.staff_search import CandidateSearchCriteria, candidates_for_criteria


def _staff_candidates(user: User) -> QuerySet[Candidate]:
    if not is_platform_staff(user):
        raise Http404
    return Candidate.objects.for_platform_staff(user)


def candidate_list_for_staff(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Candidate]:
    """The candidates of the user's platforms (all for a superuser), by name; not found for anyone but staff.

    ``filters`` may hold ``status``, ``commune`` (INSEE code), ``occupation`` (ROME code of a desired occupation)
    and ``q`` (the staff's search of ``candidates.search``: every word in the name, e-mail address, phone, file
    reference, commune or a desired occupation); a missing key filters nothing.
    """
    candidates = _staff_candidates(user)
    if "status" in filters:
        candidates = candidates.filter(status=filters["status"])
    if "commune" in filters:
        candidates = candidates.filter(commune__insee_code=filters["commune"])
    if "occupation" in filters:
        candidates = candidates.filter(desired_occupations__rome_code=filters["occupation"].upper()).distinct()
    if "q" in filters:
        candidates = candidates_matching(candidates, filters["q"])
    return (
        candidates.select_related("commune")
        .prefetch_related("desired_occupations")
        .order_by("last_name", "first_name", "pk")
    )


def candidate_for_staff(*, user: User, candidate_id: int) -> Candidate:
    """One candidate of the user's platforms, with their skills and languages; another platform's is not found."""
    candidate: Candidate = get_object_or_404(
        _staff_candidates(user)
        .select_related("commune")
        .prefetch_related(
            "desired_occupations",
            "certifications",
            Prefetch("skills", queryset=CandidateSkill.objects.select_related("skill").order_by("skill__label")),
            Prefetch(
                "languages", queryset=CandidateLanguage.objects.select_related("language").order_by("language__code")
            ),
        ),
        pk=candidate_id,
    )
    return candidate


def candidate_search_for_staff(*, user: User, criteria: CandidateSearchCriteria) -> QuerySet[Candidate]:
    """The candidates of the user's platforms that meet the staff search's criteria; not found for anyone else."""
    candidates = candidates_for_criteria(_staff_candidates(user), criteria)
    return (
        candidates.select_related("commune")
        .prefetch_related("desired_occupations")
        .order_by("last_name", "first_name", "pk")
    )


def saved_search_list_for_user(*, user: User) -> QuerySet[SavedCandidateSearch]:
    """The user's own saved candidate searches, by name; staff only."""
    if not is_platform_staff(user):
        raise Http404
    return SavedCandidateSearch.objects.filter(owner=user).order_by("name", "pk")


def saved_search_for_user(*, user: User, saved_search_id: int) -> SavedCandidateSearch:
    """One of the user's own saved searches; someone else's is not found, as one that does not exist."""
    search: SavedCandidateSearch = get_object_or_404(saved_search_list_for_user(user=user), pk=saved_search_id)
    return search
