"""The review page's suggestions a page at a time (proposed first, then by rank; filters proposed, not proposed and
by wave) in the same number of queries whatever their number, each with its reasons; a positive-action group named
only to users allowed to read the candidate's sensitive situation."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.models import RecruitingWave
from matching.enums import HandOffStatus
from matching.models import HandOff, MatchSuggestion
from tests.accounts.factories import AdvisorFactory, MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory

pytestmark = pytest.mark.django_db

GROUP_TEXT = "Proposed to meet the positive-action target: people under 26"


def _page(client, need, **query) -> str:
    with translation.override("en"):
        response = client.get(f"/en{reverse('staff:need_review', args=[need.pk])[3:]}", query)
    assert response.status_code == 200
    return response.content.decode()


def _ranks(content: str) -> list[int]:
    table = content.split('id="review-suggestions"')[1].split('id="review-presentations"')[0]
    return [int(rank) for rank in re.findall(r'<tr class="review-suggestion"[^>]*>\s*<td>(\d+)</td>', table)]


def _need_with(platform, count: int, *, proposed_every: int = 3):
    """``count`` suggestions; every ``proposed_every``-th is proposed for the second wave, the others can make the
    first wave, with reasons."""
    need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform))
    first = RecruitingWave.objects.create(need=need, starts_on=datetime.date(2027, 3, 1), hires_planned=10)
    second = RecruitingWave.objects.create(need=need, starts_on=datetime.date(2027, 5, 12), hires_planned=10)
    rows = []
    for rank in range(1, count + 1):
        is_proposed = rank % proposed_every == 0
        rows.append(
            MatchSuggestion(
                need=need,
                candidate=CandidateFactory(platform=platform),
                rank=rank,
                score=9000 - rank,
                parts={"skills": 4000},
                distance_km=3,
                is_proposed=is_proposed,
                first_wave=first if rank % 2 else second,
                proposed_wave=second if is_proposed else None,
                reasons=[{"code": "other_wave", "value": second.pk}]
                if is_proposed
                else [{"code": "holds_elsewhere", "value": 2}],
                scoring_version="test",
            )
        )
    MatchSuggestion.objects.bulk_create(rows)
    return need, first, second


def test_suggestions_come_fifty_a_page_proposed_first_then_by_rank(client, platform, advisor):
    need, _first, _second = _need_with(platform, 120)
    client.force_login(advisor)
    content = _page(client, need)
    ranks = _ranks(content)
    proposed = [rank for rank in range(1, 121) if rank % 3 == 0]
    assert ranks == (proposed + [rank for rank in range(1, 121) if rank % 3])[:50]
    assert "Suggestions 1 to 50 of 120, proposed first, then by rank" in content
    assert "Page 1 of 3" in content
    assert 'rel="next"' in content
    last = _page(client, need, page=3)
    assert len(_ranks(last)) == 20
    assert 'rel="prev"' in last
    assert _ranks(_page(client, need, page=99)) == _ranks(last)  # beyond the last page: the last one


def test_filters_proposed_not_proposed_and_by_wave_are_kept_across_pages(client, platform, advisor):
    need, first, second = _need_with(platform, 120)
    client.force_login(advisor)
    assert _ranks(_page(client, need, proposed="on")) == [rank for rank in range(1, 121) if rank % 3 == 0]
    not_proposed = _page(client, need, proposed="no")
    assert _ranks(not_proposed)[:3] == [1, 2, 4]
    assert "proposed=no&amp;page=2" in not_proposed
    # The first wave: no one is proposed for it, and only those who can make it (odd ranks) are listed.
    first_wave = _ranks(_page(client, need, wave=first.pk, proposed="no"))
    assert first_wave[:3] == [1, 5, 7]
    # The second wave: those proposed for it, then every one not proposed (all can make it).
    second_wave = _page(client, need, wave=second.pk)
    assert _ranks(second_wave)[:2] == [3, 6]
    assert "Suggestions 1 to 50 of 120" in second_wave


def test_each_suggestion_shows_its_reasons(client, platform, advisor):
    need, _first, _second = _need_with(platform, 6)
    client.force_login(advisor)
    content = _page(client, need)
    assert content.count("Proposed for the wave of 05/12/2027") == 2
    assert content.count("Holds 2 proposals on other needs") == 4


def test_the_number_of_queries_of_a_page_does_not_grow_with_the_suggestions(client, platform, advisor):
    small, _f, _s = _need_with(platform, 60)
    large, _f, _s = _need_with(platform, 260)
    client.force_login(advisor)
    _page(client, small)  # warm the session and the caches
    counts = []
    for need in (small, large, large):
        with CaptureQueriesContext(connection) as queries:
            _page(client, need, page=2)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def _proposed(need, candidate, *, rank: int, reason: str) -> MatchSuggestion:
    """A suggestion proposed for one reason; a positive-action one for people under 26."""
    stored = {"code": reason, "value": 0}
    if reason == "positive_action":
        stored["group"] = "is_under_26"
    return MatchSuggestion.objects.create(
        need=need,
        candidate=candidate,
        rank=rank,
        score=6000 - rank,
        parts={"skills": 5000},
        distance_km=3,
        is_proposed=True,
        reasons=[stored],
        scoring_version="test",
    )


@pytest.fixture
def positive_action(platform):
    """A suggestion proposed on a slot reserved for people under 26, of a candidate under 26."""
    need = StaffingNeedFactory(open=True, employer=EmployerFactory(platform=platform))
    candidate = CandidateFactory(platform=platform, last_name="Jeune")
    SensitiveSituationFactory(candidate=candidate, is_under_26=True)
    _proposed(need, candidate, rank=1, reason="positive_action")
    _proposed(need, CandidateFactory(platform=platform, last_name="Ordinaire"), rank=2, reason="score")
    return need, candidate


def test_a_positive_action_group_is_shown_to_the_platforms_staff_with_the_permission(client, advisor, positive_action):
    need, _candidate = positive_action
    client.force_login(advisor)
    content = _page(client, need)
    assert GROUP_TEXT in content
    assert "Proposed on its score" in content


def test_a_positive_action_group_is_not_shown_to_staff_without_the_permission(client, platform, positive_action):
    need, _candidate = positive_action
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, platform=platform, role=MembershipRole.ADVISOR)
    client.force_login(user)
    content = _page(client, need)
    assert "positive-action" not in content
    assert "under 26" not in content
    assert "Proposed on its score" not in content  # else "Proposed" alone would tell the other apart
    assert content.count("<li>Proposed</li>") == 2


def test_a_positive_action_group_is_not_shown_to_another_platform_even_after_a_hand_off(client, positive_action):
    _need, candidate = positive_action
    # The same candidate proposed for another platform's need, on a positive-action slot, handed off to it.
    other_need = StaffingNeedFactory(open=True)
    _proposed(other_need, candidate, rank=1, reason="positive_action")
    other_advisor = AdvisorFactory(memberships__platform=other_need.employer.platform)
    client.force_login(other_advisor)
    card = _page(client, other_need)
    assert "under 26" not in card
    assert "<li>Proposed</li>" in card
    HandOff.objects.create(
        need=other_need,
        candidate=candidate,
        requesting_platform=other_need.employer.platform,
        owning_platform=candidate.platform,
        message="Pour notre plateau.",
        requested_by=other_advisor,
        status=HandOffStatus.ACCEPTED,
        decided_at=timezone.now(),
        candidate_agreed_at=timezone.now(),
    )
    handed_off = _page(client, other_need)
    assert "Jeune" in handed_off  # now workable, by name
    assert "under 26" not in handed_off
    assert "positive-action" not in handed_off
