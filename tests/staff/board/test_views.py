"""A need's review board: who may open it, its rows and counts per state, the same queries whatever its size, an
action on many rows with a refusal per row (htmx and plain forms), the access log and a candidate's contact log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from candidates.enums import CandidateStatus
from candidates.models import Candidate, PersonalDataAccess
from matching.enums import CandidateAnswer, ContactKind, PresentationStatus
from matching.models import CandidateLink, ContactEntry, Presentation
from tests.accounts.factories import AdvisorFactory, UserFactory
from tests.matching.board_world import board_world_build

pytestmark = pytest.mark.django_db

Status = PresentationStatus
HTMX = {"HX-Request": "true"}


def board_url(world, **query) -> str:
    url = reverse("staff:need_board", args=[world.need.pk])
    return f"{url}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else url


def action_url(world, **query) -> str:
    url = reverse("staff:need_board_action", args=[world.need.pk])
    return f"{url}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else url


@pytest.fixture
def world(platform):
    return board_world_build(platform=platform, presentations=16, suggested=6, headcount=40)


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_counts_each_state_and_lists_the_chosen_one(staff_client, world):
    with translation.override("en"):
        page = _page(staff_client.get(board_url(world, state="interested"), headers={"Accept-Language": "en"}))
    # 16 presentations in turn through 8 steps: two in each; 6 candidates only suggested.
    assert 'Suggested <span class="board-count">6</span>' in page
    assert 'Interested <span class="board-count">2</span>' in page
    assert 'Ended <span class="board-count">2</span>' in page
    interested = Presentation.objects.filter(need=world.need, status=Status.SHORTLISTED, candidate_answer="interested")
    for presentation in interested:
        assert f'value="{presentation.pk}"' in page
        assert presentation.candidate.last_name in page
    shortlisted = Presentation.objects.filter(need=world.need, candidate_answer=CandidateAnswer.NOT_CONTACTED).first()
    assert shortlisted.candidate.last_name not in page
    assert 'hx-trigger="every 20s"' in page
    assert reverse("staff:need_board_contact_log", args=[world.need.pk, interested[0].candidate_id]) in page


def test_a_suggested_row_shows_its_score_wave_and_last_contact(staff_client, world):
    page = _page(staff_client.get(board_url(world, state="suggested")))
    candidate = world.candidates[16]  # the first candidate only suggested, rank 17, called
    assert candidate.last_name in page
    assert "94,83" in page or "94.83" in page
    assert ContactEntry.objects.filter(candidate=candidate).exists()


def test_the_board_reads_the_same_number_of_queries_for_10_and_200_rows(client, platform):
    advisor = AdvisorFactory(memberships__platform=platform)
    client.force_login(advisor)
    small = board_world_build(platform=platform, presentations=10, suggested=10, headcount=20)
    large = board_world_build(platform=platform, presentations=200, suggested=200, headcount=300)
    counts = {}
    for name, world in (("small", small), ("large", large)):
        for state in ("suggested", "shortlisted", "presented"):
            client.get(board_url(world, state=state))  # the session and the user's rights warm up
            with CaptureQueriesContext(connection) as queries:
                assert client.get(board_url(world, state=state)).status_code == 200
            counts[name, state] = len(queries)
    assert {counts["small", state] for state in ("suggested", "shortlisted", "presented")} == {
        counts["large", state] for state in ("suggested", "shortlisted", "presented")
    }
    assert counts["large", "shortlisted"] == counts["small", "shortlisted"]


def test_another_platforms_staff_and_employers_find_no_board(client, world):
    for user in (AdvisorFactory(), UserFactory()):
        client.force_login(user)
        assert client.get(board_url(world)).status_code == 404
        assert (
            client.post(action_url(world), {"action": "shortlist", "ids": [world.candidates[-1].pk]}).status_code
            == 404
        )


def test_an_action_naming_a_row_of_another_need_is_not_found(staff_client, world, platform):
    other = board_world_build(platform=platform, presentations=2, suggested=0, headcount=4)
    response = staff_client.post(
        action_url(world), {"action": "contacted", "ids": [other.presentations[0].pk]}, headers=HTMX
    )
    assert response.status_code == 404


def test_shortlisting_many_reports_each_refusal_and_does_the_others(staff_client, world):
    suggested = world.candidates[16:]
    Candidate.objects.filter(pk=suggested[0].pk).update(status=CandidateStatus.PAUSED)
    with translation.override("en"):
        response = staff_client.post(
            action_url(world, state="suggested"),
            {"action": "shortlist", "ids": [candidate.pk for candidate in suggested]},
            headers=HTMX | {"Accept-Language": "en"},
        )
    page = _page(response)
    assert "5 shortlisted, 1 refused:" in page
    assert f"{suggested[0].first_name} {suggested[0].last_name}" in page
    assert "Only an active candidate can be shortlisted." in page
    assert 'hx-swap-oob="innerHTML"' in page
    assert Presentation.objects.filter(need=world.need, candidate__in=suggested[1:]).count() == 5
    assert not Presentation.objects.filter(need=world.need, candidate=suggested[0]).exists()
    # The region comes back with the counts of now: nothing left to shortlist but the refused one.
    assert 'Suggested <span class="board-count">1</span>' in page


def test_without_htmx_an_action_comes_back_to_the_board_with_its_result(staff_client, world):
    contacted = list(
        Presentation.objects.filter(
            need=world.need, candidate_answer=CandidateAnswer.CONTACTED, status=Status.SHORTLISTED
        )
    )
    with translation.override("en"):
        response = staff_client.post(
            action_url(world, state="contacted"),
            {
                "action": "not_interested",
                "ids": [p.pk for p in contacted],
                "reason": "Horaires de nuit",
                "decline_scope": "need",
            },
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 302
        assert response["Location"] == board_url(world, state="contacted")
        page = _page(staff_client.get(response["Location"], headers={"Accept-Language": "en"}))
    assert "2 recorded as not interested." in page
    for presentation in contacted:
        presentation.refresh_from_db()
        assert presentation.status == Status.DECLINED_BY_CANDIDATE
        assert presentation.candidate_answer_reason == "Horaires de nuit"


def test_an_action_needing_a_reason_is_refused_whole_without_one(staff_client, world):
    shortlisted = Presentation.objects.filter(need=world.need, status=Status.SHORTLISTED).first()
    with translation.override("en"):
        page = _page(
            staff_client.post(
                action_url(world),
                {"action": "decline", "ids": [shortlisted.pk]},
                headers=HTMX | {"Accept-Language": "en"},
            )
        )
    assert "Reason: Give the reason." in page
    shortlisted.refresh_from_db()
    assert shortlisted.status == Status.SHORTLISTED


def test_moving_rows_to_another_wave(staff_client, world):
    presented = list(Presentation.objects.filter(need=world.need, status=Status.PRESENTED))
    target = world.waves[1]
    staff_client.post(
        action_url(world),
        {"action": "move_wave", "ids": [p.pk for p in presented], "wave": target.pk, "reason": "Disponible plus tard"},
        headers=HTMX,
    )
    assert {p.wave_id for p in Presentation.objects.filter(pk__in=[p.pk for p in presented])} == {target.pk}


def test_one_access_log_entry_per_board_shown_and_none_for_its_refresh(staff_client, world, advisor):
    PersonalDataAccess.objects.all().delete()
    staff_client.get(board_url(world, state="presented"))
    entries = list(PersonalDataAccess.objects.all())
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == PersonalDataAccess.Action.LISTED
    assert entry.candidate_number is None
    assert entry.actor == advisor
    assert entry.context["page"] == "board"
    assert entry.context["filters"]["need"] == world.need.pk
    assert entry.context["filters"]["state"] == "presented"
    staff_client.get(board_url(world, state="presented"), headers=HTMX | {"HX-Trigger": "board-region"})
    assert PersonalDataAccess.objects.count() == 1


def test_the_refresh_answers_the_region_alone(staff_client, world):
    page = _page(staff_client.get(board_url(world, state="hired"), headers=HTMX | {"HX-Trigger": "board-region"}))
    assert "<html" not in page
    assert 'class="board-states"' in page


def test_a_contact_log_shows_the_rule_and_takes_a_call(staff_client, world, advisor):
    candidate = world.candidates[0]
    url = reverse("staff:need_board_contact_log", args=[world.need.pk, candidate.pk])
    with translation.override("en"):
        page = _page(staff_client.get(url, headers={"Accept-Language": "en"}))
    assert "rien sur la santé" in page
    response = staff_client.post(url, {"kind": ContactKind.CALL, "note": "Rappel lundi"})
    assert response.status_code == 302
    entry = ContactEntry.objects.filter(candidate=candidate, by=advisor).get()
    assert entry.kind == ContactKind.CALL
    assert entry.note == "Rappel lundi"
    candidate.refresh_from_db()
    assert candidate.last_contact_at is not None
    # The workflow's own kinds are not typed by hand.
    response = staff_client.post(url, {"kind": ContactKind.WORKFLOW, "note": "x"})
    assert response.status_code == 200
    assert ContactEntry.objects.filter(candidate=candidate, by=advisor).count() == 1


def test_a_contact_log_of_a_candidate_outside_the_need_is_not_found(staff_client, world, platform):
    other = board_world_build(platform=platform, presentations=1, suggested=0, headcount=2)
    url = reverse("staff:need_board_contact_log", args=[world.need.pk, other.candidates[0].pk])
    assert staff_client.get(url).status_code == 404


def test_a_row_shows_its_latest_link_and_links_are_sent_from_the_board(staff_client, world, advisor):
    with translation.override("en"):
        page = _page(staff_client.get(board_url(world, state="shortlisted"), headers={"Accept-Language": "en"}))
    assert "Link sent" in page  # every third presentation has one
    rows = list(
        Presentation.objects.filter(need=world.need, status=Status.SHORTLISTED, candidate_answer="not_contacted")
    )
    Candidate.objects.filter(pk__in=[p.candidate_id for p in rows]).update(
        consents_to_messages=True, consented_to_messages_at=timezone.now()
    )
    with translation.override("en"):
        page = _page(
            staff_client.post(
                action_url(world, state="shortlisted"),
                {"action": "send_link", "ids": [p.pk for p in rows], "channels": ["email"]},
                headers=HTMX | {"Accept-Language": "en"},
            )
        )
    assert f"{len(rows)} links sent." in page
    assert CandidateLink.objects.filter(presentation__in=rows, created_by=advisor).count() == len(rows)


def test_sending_links_without_a_channel_is_refused_whole(staff_client, world):
    row = Presentation.objects.filter(need=world.need, status=Status.SHORTLISTED).first()
    with translation.override("en"):
        page = _page(
            staff_client.post(
                action_url(world), {"action": "send_link", "ids": [row.pk]}, headers=HTMX | {"Accept-Language": "en"}
            )
        )
    assert "Choose e-mail, SMS or both." in page
    assert not CandidateLink.objects.filter(presentation=row, created_by__isnull=False).exists()


def test_without_scripts_every_row_of_the_page_can_be_ticked_by_a_link(staff_client, world):
    page = _page(staff_client.get(board_url(world, state="suggested")))
    assert "select=page" in page
    ticked = _page(staff_client.get(board_url(world, state="suggested", select="page")))
    assert ticked.count('class="board-row-tick" checked') == 6


def test_the_review_page_and_the_needs_admin_page_link_to_the_board(staff_client, world):
    board = reverse("staff:need_board", args=[world.need.pk])
    assert board in _page(staff_client.get(reverse("staff:need_review", args=[world.need.pk])))
    assert board in _page(staff_client.get(reverse("admin:employers_staffingneed_change", args=[world.need.pk])))
