"""The job-dating API: an employer ranks attendees by seat for its own needs, staff enter candidates' rankings,
compute, list, confirm and reject proposals; other employers and platforms find nothing."""

import pytest
from django.utils import timezone

from matching.enums import JobDatingProposalStatus, LinkPurpose, PresentationStatus
from matching.models import (
    CandidateLink,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    Presentation,
)
from tests.accounts.factories import AdvisorFactory
from tests.api_tokens import token_headers
from tests.matching.job_dating_world import job_dating_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(platform):
    return job_dating_world(platform)


@pytest.fixture
def send(client):
    headers: dict[int, dict[str, str]] = {}

    def call(user, method: str, path: str, body=None):
        if user.pk not in headers:
            headers[user.pk] = token_headers(user)
        return getattr(client, method)(f"/api/{path}", data=body, content_type="application/json", **headers[user.pk])

    return call


def seats(world):
    return {seat.candidate_id: seat.pk for seat in world.session.seats.all()}


def ranking_path(world, need):
    return f"employer/job-datings/{world.session.pk}/needs/{need.pk}/ranking/"


def test_an_employer_sees_attendees_by_pseudonym_and_ranks_them(send, world):
    first, second, _third = world.attendees
    seat_of = seats(world)

    listed = send(world.member_a, "get", ranking_path(world, world.need_a))
    assert listed.status_code == 200
    body = listed.json()
    assert [row["seat"] for row in body] == [seat_of[person.pk] for person in world.attendees]
    assert all(row["pseudonym"].startswith("Candidat") and row["rank"] is None for row in body)
    assert first.last_name not in listed.content.decode()

    ranks = [{"seat": seat_of[second.pk], "rank": 1}, {"seat": seat_of[first.pk], "rank": 2}]
    saved = send(world.member_a, "post", ranking_path(world, world.need_a), {"ranks": ranks})

    assert saved.status_code == 200
    stored = JobDatingEmployerRanking.objects.order_by("rank").values_list("candidate_id", "rank")
    assert list(stored) == [(second.pk, 1), (first.pk, 2)]
    assert {row["seat"]: row["rank"] for row in saved.json()}[seat_of[second.pk]] == 1


def test_a_wrong_ranking_is_a_400_naming_the_field(send, world):
    first, second, _third = world.attendees
    seat_of = seats(world)
    for ranks, field, code in (
        ([{"seat": seat_of[first.pk], "rank": 1}, {"seat": seat_of[second.pk], "rank": 3}], "rank", "ranks"),
        ([{"seat": seat_of[world.absent.pk], "rank": 1}], "ranks", "invalid"),
        ([{"seat": seat_of[first.pk], "rank": 1}, {"seat": seat_of[first.pk], "rank": 2}], "ranks", "invalid"),
        ([{"seat": seat_of[first.pk], "rank": 0}], "ranks.0.rank", "min_value"),
    ):
        response = send(world.member_a, "post", ranking_path(world, world.need_a), {"ranks": ranks})
        assert response.status_code == 400, ranks
        error = response.json()["error"]
        assert (list(error["fields"]), error["code"]) == ([field], code), ranks
    assert not JobDatingEmployerRanking.objects.exists()


def test_another_employer_finds_neither_the_need_nor_a_session_it_is_not_in(send, world):
    assert send(world.member_b, "get", ranking_path(world, world.need_a)).status_code == 404
    assert send(world.member_b, "post", ranking_path(world, world.need_a), {"ranks": []}).status_code == 404
    assert send(world.advisor, "get", ranking_path(world, world.need_a)).status_code == 403


def test_staff_rank_for_candidates_compute_list_confirm_and_reject(send, world):
    first, second, _third = world.attendees
    seat_of = seats(world)
    for need, member in ((world.need_a, world.member_a), (world.need_b, world.member_b)):
        ranks = [{"seat": seat_of[first.pk], "rank": 1}, {"seat": seat_of[second.pk], "rank": 2}]
        assert send(member, "post", ranking_path(world, need), {"ranks": ranks}).status_code == 200
    base = f"staff/job-datings/{world.session.pk}"
    for person, need in ((first, world.need_a), (second, world.need_b)):
        response = send(
            world.advisor, "post", f"{base}/candidates/{person.pk}/ranking/", {"ranks": [{"need": need.pk, "rank": 1}]}
        )
        assert response.status_code == 200
        assert response.json() == [{"need": need.pk, "rank": 1}]
    assert JobDatingCandidateRanking.objects.count() == 2

    computed = send(world.advisor, "post", f"{base}/proposals/compute/")

    assert computed.status_code == 200
    body = computed.json()
    assert {(row["need"], row["candidate"]) for row in body["proposals"]} == {
        (world.need_a.pk, first.pk),
        (world.need_b.pk, second.pk),
    }
    assert body["blocking_pairs_proposed"] == []
    # Nothing confirmed yet: both pairs still want each other.
    assert body["blocking_pairs_confirmed"] == [[world.need_a.pk, first.pk], [world.need_b.pk, second.pk]]
    to_confirm = JobDatingProposal.objects.get(need=world.need_a)
    to_reject = JobDatingProposal.objects.get(need=world.need_b)

    confirmed = send(world.advisor, "post", f"{base}/proposals/{to_confirm.pk}/confirm/")
    assert confirmed.status_code == 200
    presentation = Presentation.objects.get(need=world.need_a, candidate=first)
    assert (confirmed.json()["status"], confirmed.json()["presentation"]) == ("confirmed", presentation.pk)
    assert presentation.status == PresentationStatus.INTERVIEW_REQUESTED
    again = send(world.advisor, "post", f"{base}/proposals/{to_confirm.pk}/confirm/")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "already_confirmed"

    rejected = send(world.advisor, "post", f"{base}/proposals/{to_reject.pk}/reject/")
    assert rejected.json()["status"] == JobDatingProposalStatus.REJECTED
    listed = send(world.advisor, "get", f"{base}/proposals/").json()
    assert listed["blocking_pairs_confirmed"] == [[world.need_b.pk, second.pk]]


def test_another_platform_and_employers_are_refused(send, world):
    base = f"staff/job-datings/{world.session.pk}"
    other = AdvisorFactory()
    assert send(other, "get", f"{base}/proposals/").status_code == 404
    assert send(other, "post", f"{base}/proposals/compute/").status_code == 404
    body = {"ranks": [{"need": world.need_a.pk, "rank": 1}]}
    assert send(other, "post", f"{base}/candidates/{world.attendees[0].pk}/ranking/", body).status_code == 404
    assert send(world.member_a, "get", f"{base}/proposals/").status_code == 403
    assert not JobDatingCandidateRanking.objects.exists()


def test_staff_read_both_sides_rankings_as_the_page_shows_them(send, world):
    first, second, _third = world.attendees
    seat_of = seats(world)
    ranks = [{"seat": seat_of[second.pk], "rank": 1}, {"seat": seat_of[first.pk], "rank": 2}]
    assert send(world.member_a, "post", ranking_path(world, world.need_a), {"ranks": ranks}).status_code == 200
    base = f"staff/job-datings/{world.session.pk}"
    body = {"ranks": [{"need": world.need_b.pk, "rank": 1}, {"need": world.need_a.pk, "rank": 2}]}
    assert send(world.advisor, "post", f"{base}/candidates/{first.pk}/ranking/", body).status_code == 200

    response = send(world.advisor, "get", f"{base}/rankings/")

    assert response.status_code == 200
    read = response.json()
    assert set(read["attendees"]) == {person.pk for person in world.attendees}
    assert [(row["candidate"], row["rank"]) for row in read["employer_rankings"]] == [(second.pk, 1), (first.pk, 2)]
    assert [(row["need"], row["rank"]) for row in read["candidate_rankings"]] == [
        (world.need_b.pk, 1),
        (world.need_a.pk, 2),
    ]
    assert send(AdvisorFactory(), "get", f"{base}/rankings/").status_code == 404
    assert send(world.member_a, "get", f"{base}/rankings/").status_code == 403


def test_staff_send_the_ranking_links_and_read_one_row_per_attendee(send, world):
    reachable, *silent = world.attendees
    reachable.consents_to_messages, reachable.consented_to_messages_at = True, timezone.now()
    reachable.save()
    path = f"staff/job-datings/{world.session.pk}/ranking-links/"

    refused = send(world.advisor, "post", path, {"channels": []})
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["channels"]
    rows = send(world.advisor, "post", path, {"channels": ["email"]})

    assert rows.status_code == 200
    by_candidate = {row["candidate"]: row for row in rows.json()}
    assert by_candidate[reachable.pk] == {"candidate": reachable.pk, "sent": True, "message": ""}
    assert all(not by_candidate[person.pk]["sent"] for person in silent)
    assert str(silent[0].pk) in by_candidate[silent[0].pk]["message"]  # "Candidate #… has not consented…"
    assert world.absent.pk not in by_candidate
    assert CandidateLink.objects.filter(candidate=reachable, purpose=LinkPurpose.JOB_DATING_RANKING).count() == 1
