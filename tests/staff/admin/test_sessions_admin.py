"""The admin of collective sessions, their guests and a job dating's proposals: read-only pages scoped to the user's
platforms, and actions that go through the services (cancel, attendance, proposals) with their refusals shown."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from matching.enums import JobDatingProposalStatus, PresentationStatus, SeatStatus
from matching.models import JobDatingProposal, Presentation
from matching.services.job_dating import job_dating_candidate_ranking_save, job_dating_employer_ranking_save
from tests.accounts.factories import AdvisorFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory
from tests.matching.job_dating_world import job_dating_world

pytestmark = pytest.mark.django_db

SESSIONS = "admin:matching_collectivesession_changelist"
SEATS = "admin:matching_sessionseat_changelist"
PROPOSALS = "admin:matching_jobdatingproposal_changelist"


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def act(client, changelist: str, action: str, rows: list, **data):
    return client.post(reverse(changelist), {"action": action, "_selected_action": [row.pk for row in rows], **data})


def test_the_list_shows_the_platform_s_sessions_with_their_seats_taken(client, advisor, platform):
    session = CollectiveSessionFactory(mrs=True, platform=platform, title="MRS Lens", capacity=12)
    SessionSeatFactory.create_batch(2, session=session, accepted=True)
    SessionSeatFactory(session=session)
    CollectiveSessionFactory(title="Info Amiens")
    client.force_login(advisor)

    page = client.get(reverse(SESSIONS)).content.decode()

    assert "MRS Lens" in page
    assert "Info Amiens" not in page
    assert '<td class="field-seats_taken">2</td>' in page
    assert '<td class="field-capacity">12</td>' in page


def test_another_platform_s_staff_find_neither_the_session_nor_its_guests(client, platform):
    seat = SessionSeatFactory(session__platform=platform, session__title="Info Lens", candidate__last_name="Zerbib")
    client.force_login(AdvisorFactory())

    assert "Info Lens" not in client.get(reverse(SESSIONS)).content.decode()
    assert "Zerbib" not in client.get(reverse(SEATS)).content.decode()
    page = client.get(reverse("admin:matching_collectivesession_change", args=[seat.session_id]))
    assert page.status_code == 302  # the admin's "not found": back to its index


def test_the_session_page_lists_its_guests_read_only(client, advisor, platform):
    seat = SessionSeatFactory(session__platform=platform, candidate__last_name="Zerbib", accepted=True)
    client.force_login(advisor)

    page = client.get(reverse("admin:matching_collectivesession_change", args=[seat.session_id])).content.decode()

    assert "Zerbib" in page
    assert 'name="title"' not in page


def test_the_cancel_action_cancels_through_the_service_and_shows_its_refusal(client, advisor, platform):
    session = CollectiveSessionFactory(platform=platform, title="Info Lens")
    seat = SessionSeatFactory(session=session, accepted=True)
    client.force_login(advisor)

    response = act(client, SESSIONS, "cancel_sessions", [session])

    assert response.status_code == 302
    assert "1 session annulée." in shown(response)
    session.refresh_from_db()
    seat.refresh_from_db()
    assert session.cancelled_at is not None
    assert seat.status == SeatStatus.CANCELLED
    again = act(client, SESSIONS, "cancel_sessions", [session])
    assert any("Cette session est annulée." in message for message in shown(again))


def test_another_platform_s_staff_cannot_cancel_the_session(client, platform):
    session = CollectiveSessionFactory(platform=platform)
    client.force_login(AdvisorFactory())

    act(client, SESSIONS, "cancel_sessions", [session])

    session.refresh_from_db()
    assert session.cancelled_at is None


def test_the_attendance_actions_record_through_the_service_within_the_capacity(client, advisor, platform):
    session = CollectiveSessionFactory(platform=platform, capacity=1)
    came = SessionSeatFactory(session=session, accepted=True)
    walked_in = SessionSeatFactory(session=session)
    client.force_login(advisor)

    response = act(client, SEATS, "record_present", [came, walked_in])

    came.refresh_from_db()
    walked_in.refresh_from_db()
    assert (came.attended, came.recorded_by) == (True, advisor)
    assert (walked_in.attended, walked_in.status) == (None, SeatStatus.INVITED)
    assert any("Cette session est complète." in message for message in shown(response))
    act(client, SEATS, "record_absent", [came])
    came.refresh_from_db()
    assert came.attended is False


def test_the_job_dating_page_shows_rankings_and_its_actions_compute_and_confirm(client, platform):
    world = job_dating_world(platform)
    first = world.attendees[0]
    job_dating_employer_ranking_save(session=world.session, need=world.need_a, ranks={first.pk: 1}, by=world.member_a)
    job_dating_candidate_ranking_save(
        session=world.session, candidate=first, ranks={world.need_a.pk: 1}, by=world.advisor
    )
    client.force_login(world.advisor)

    computed = act(client, SESSIONS, "compute_job_dating_proposals", [world.session])

    assert computed.status_code == 302
    proposal = JobDatingProposal.objects.get(session=world.session)
    assert (proposal.need, proposal.candidate) == (world.need_a, first)
    assert proposal.status == JobDatingProposalStatus.PROPOSED
    page = client.get(reverse("admin:matching_collectivesession_change", args=[world.session.pk])).content.decode()
    assert "classements de job dating des employeurs" in page.lower()
    assert "propositions de job dating" in page.lower()
    assert first.last_name in page

    act(client, PROPOSALS, "confirm_proposals", [proposal])

    proposal.refresh_from_db()
    assert proposal.status == JobDatingProposalStatus.CONFIRMED
    presentation = Presentation.objects.get(need=world.need_a, candidate=first)
    assert presentation.status == PresentationStatus.INTERVIEW_REQUESTED


def test_a_rejected_pair_cannot_be_confirmed_and_an_information_session_computes_nothing(client, platform):
    world = job_dating_world(platform)
    proposal = JobDatingProposal.objects.create(
        session=world.session, need=world.need_a, candidate=world.attendees[0], status=JobDatingProposalStatus.PROPOSED
    )
    information = CollectiveSessionFactory(platform=platform)
    client.force_login(world.advisor)

    act(client, PROPOSALS, "reject_proposals", [proposal])
    refused = act(client, PROPOSALS, "confirm_proposals", [proposal])
    not_a_job_dating = act(client, SESSIONS, "compute_job_dating_proposals", [information])

    proposal.refresh_from_db()
    assert proposal.status == JobDatingProposalStatus.REJECTED
    assert any("Cette proposition a été écartée." in message for message in shown(refused))
    assert not Presentation.objects.filter(need=world.need_a).exists()
    assert any("Seule une session de job dating" in message for message in shown(not_a_job_dating))


def test_another_platform_s_staff_see_no_proposal(client, platform):
    world = job_dating_world(platform)
    JobDatingProposal.objects.create(session=world.session, need=world.need_a, candidate=world.attendees[0])
    client.force_login(AdvisorFactory())

    page = client.get(reverse(PROPOSALS)).content.decode()

    assert world.attendees[0].last_name not in page
