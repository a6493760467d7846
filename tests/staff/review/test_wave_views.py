"""The review page's waves: each wave's progress, the pool, moving a presentation and keeping a candidate for a later
wave, and the scope staff choose when they record an end."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.enums import WaveStatus
from employers.models import RecruitingWave, StaffingNeed
from matching.enums import CandidateAnswer, DeclineScope, PresentationStatus
from matching.models import MatchSuggestion, Presentation
from matching.wave_selectors import wave_progress_for_need
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import MassHiringNeedFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

Status = PresentationStatus
TODAY = timezone.localdate()


def _wave_world(platform, *, waves: int = 2, headcount: int = 100):
    need = MassHiringNeedFactory(
        open=True, headcount=headcount, start_date=TODAY + datetime.timedelta(days=10), employer__platform=platform
    )
    rows = [
        RecruitingWave.objects.create(
            need=need, starts_on=TODAY + datetime.timedelta(days=30 * (n + 1)), hires_planned=20
        )
        for n in range(waves)
    ]
    return SimpleNamespace(need=need, waves=rows)


@pytest.fixture
def world(platform):
    return _wave_world(platform)


def _suggest(need, candidate, rank, wave):
    MatchSuggestion.objects.create(
        need=need,
        candidate=candidate,
        rank=rank,
        score=5000,
        parts={},
        distance_km=2.0,
        is_proposed=True,
        proposed_wave=wave,
        scoring_version="test",
    )


def test_the_progress_of_each_wave_and_of_the_seats_outside_them(world, platform):
    first, second = world.waves
    RecruitingWave.objects.filter(pk=first.pk).update(hires_count=2)
    StaffingNeed.objects.filter(pk=world.need.pk).update(hires_count=3)
    world.need.refresh_from_db()
    for rank, wave in enumerate([first, first, second], start=1):
        _suggest(world.need, CandidateFactory(platform=platform), rank, wave)
    presentation_in(Status.PRESENTED, need=world.need, wave=first)
    presentation_in(Status.IN_TRAINING, need=world.need, wave=first)
    presentation_in(Status.SHORTLISTED, need=world.need, wave=second)
    presentation_in(Status.HIRED, need=world.need)

    progress = wave_progress_for_need(world.need)

    figures = [
        (row.wave_id, row.headcount, row.status, row.openings_left, row.proposed, row.presented, row.in_training)
        for row in progress
    ]
    assert figures == [
        (None, 60, WaveStatus.OPEN, 59, 0, 1, 0),
        (first.pk, 20, WaveStatus.OPEN, 18, 2, 2, 1),
        (second.pk, 20, WaveStatus.OPEN, 20, 1, 0, 0),
    ]


def test_a_need_without_waves_has_its_one_implicit_wave(platform):
    need = StaffingNeedFactory(open=True, headcount=4, hires_count=1, employer__platform=platform)

    [row] = wave_progress_for_need(need)

    assert (row.is_implicit, row.starts_on, row.headcount, row.openings_left, row.hired) == (
        True,
        need.start_date,
        4,
        3,
        1,
    )


@pytest.mark.parametrize("waves", [1, 4])
def test_the_progress_takes_three_queries_whatever_the_number_of_waves(platform, waves, django_assert_num_queries):
    world = _wave_world(platform, waves=waves)
    for wave in world.waves:
        presentation_in(Status.PRESENTED, need=world.need, wave=wave)

    with django_assert_num_queries(3):
        progress = wave_progress_for_need(world.need)

    assert len(progress) == waves + 1


def test_the_review_page_shows_the_waves_and_the_pool(client, world, platform, advisor):
    kept = presentation_in(
        Status.WITHDRAWN,
        need=world.need,
        wave=world.waves[0],
        decline_scope=DeclineScope.WAVE,
        reason="Reprend ses cours jusqu'en avril",
        candidate=CandidateFactory(presentable=True, platform=platform, last_name="Vivier"),
    )
    client.force_login(advisor)

    page = client.get(reverse("staff:need_review", args=[world.need.pk])).content.decode()

    assert 'id="review-waves"' in page
    assert page.count('class="review-wave"') == 3
    assert "Vivier" in page
    assert "Reprend ses cours jusqu&#x27;en avril" in page
    assert kept.candidate.first_name in page


def test_keep_for_a_later_wave_ends_the_presentation_for_its_wave_and_puts_the_person_in_the_pool(
    client, world, advisor
):
    presentation = presentation_in(Status.PRESENTED, need=world.need, wave=world.waves[0])
    client.force_login(advisor)

    response = client.post(
        reverse("staff:need_review_keep_for_later", args=[world.need.pk]),
        {"keep-presentation": presentation.pk, "keep-reason": "Pas disponible en mars"},
    )

    assert response.status_code == 302
    presentation.refresh_from_db()
    assert (presentation.status, presentation.decline_scope) == (Status.WITHDRAWN, DeclineScope.WAVE)
    page = client.get(response["Location"]).content.decode()
    assert "Pas disponible en mars" in page


def test_a_presentation_moves_to_another_wave(client, world, advisor):
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, wave=world.waves[0])
    client.force_login(advisor)

    response = client.post(
        reverse("staff:need_review_wave_move", args=[world.need.pk]),
        {"move-presentation": presentation.pk, "move-wave": world.waves[1].pk, "move-reason": "Préfère mai"},
    )

    assert response.status_code == 302
    presentation.refresh_from_db()
    assert presentation.wave == world.waves[1]
    assert "Préfère mai" in presentation.transitions.get().reason


def test_another_platforms_staff_cannot_move_or_keep(client, world):
    presentation = presentation_in(Status.SHORTLISTED, need=world.need, wave=world.waves[0])
    client.force_login(AdvisorFactory())

    moved = client.post(
        reverse("staff:need_review_wave_move", args=[world.need.pk]),
        {"move-presentation": presentation.pk, "move-wave": world.waves[1].pk, "move-reason": "x"},
    )
    kept = client.post(
        reverse("staff:need_review_keep_for_later", args=[world.need.pk]),
        {"keep-presentation": presentation.pk, "keep-reason": "x"},
    )

    assert (moved.status_code, kept.status_code) == (404, 404)
    presentation.refresh_from_db()
    assert (presentation.wave, presentation.status) == (world.waves[0], Status.SHORTLISTED)


def test_staff_record_a_candidates_decline_for_this_wave_only(client, world, advisor):
    presentation = presentation_in(Status.PRESENTED, need=world.need, wave=world.waves[0])
    client.force_login(advisor)

    client.post(
        reverse("staff:need_review_end", args=[world.need.pk, presentation.pk]),
        {
            f"p{presentation.pk}-end-to_status": Status.DECLINED_BY_CANDIDATE,
            f"p{presentation.pk}-end-reason": "Pas avant l'été",
            f"p{presentation.pk}-end-decline_scope": DeclineScope.WAVE,
        },
    )

    presentation.refresh_from_db()
    assert (presentation.status, presentation.decline_scope) == (Status.DECLINED_BY_CANDIDATE, DeclineScope.WAVE)


def test_a_not_interested_answer_ends_for_the_job_unless_staff_say_this_wave(client, world, advisor):
    presentation = presentation_in(
        Status.SHORTLISTED, need=world.need, wave=world.waves[0], candidate_answer=CandidateAnswer.CONTACTED
    )
    client.force_login(advisor)

    client.post(
        reverse("staff:need_review_answer", args=[world.need.pk, presentation.pk]),
        {
            f"p{presentation.pk}-answer-answer": CandidateAnswer.NOT_INTERESTED,
            f"p{presentation.pk}-answer-reason": "Non",
        },
    )

    presentation.refresh_from_db()
    assert (presentation.status, presentation.decline_scope) == (Status.DECLINED_BY_CANDIDATE, DeclineScope.NEED)
    assert Presentation.objects.filter(need=world.need).count() == 1


def test_a_person_in_the_pool_is_shortlisted_again_from_the_suggestions_for_a_later_wave(
    client, world, platform, advisor
):
    candidate = CandidateFactory(presentable=True, platform=platform)
    _suggest(world.need, candidate, 1, world.waves[0])
    presentation_in(
        Status.WITHDRAWN, need=world.need, wave=world.waves[0], decline_scope=DeclineScope.WAVE, candidate=candidate
    )
    client.force_login(advisor)
    shortlist = reverse("staff:need_review_shortlist", args=[world.need.pk, candidate.pk])

    page = client.get(reverse("staff:need_review", args=[world.need.pk])).content.decode()
    client.post(shortlist)

    assert f'formaction="{shortlist}"' in page
    again = Presentation.objects.get(need=world.need, candidate=candidate, status=Status.SHORTLISTED)
    assert again.wave == world.waves[1]
