"""A job dating's staff page: rankings shown and entered, proposals computed, confirmed and rejected, the audit."""

import pytest
from django.urls import reverse
from django.utils import translation

from matching.enums import JobDatingProposalStatus, PresentationStatus
from matching.models import JobDatingCandidateRanking, JobDatingProposal, Presentation
from matching.services.job_dating import job_dating_employer_ranking_save, job_dating_proposals_compute
from tests.accounts.factories import AdvisorFactory
from tests.matching.job_dating_world import job_dating_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The pages in English (URLs under /en/), so that the test reads the source strings."""
    translation.activate("en")


@pytest.fixture
def world(platform):
    return job_dating_world(platform)


@pytest.fixture
def staff(client, world):
    client.force_login(world.advisor)
    return client


def url(name: str, *args) -> str:
    return reverse(f"staff:{name}", args=list(args))


def test_the_page_shows_rankings_attendees_and_no_proposal_yet(staff, world):
    first = world.attendees[0]
    job_dating_employer_ranking_save(session=world.session, need=world.need_a, ranks={first.pk: 1}, by=world.member_a)

    response = staff.get(url("job_dating", world.session.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert str(first) in page
    assert str(world.absent) not in page  # not recorded as present: neither ranked nor shown
    assert "Téléconseil" in page
    assert "Préparation" in page
    assert "The employer has not ranked anyone for this job yet." in page
    assert "No proposal yet." in page
    assert "0 blocking pairs in what is confirmed." in page


def test_an_advisor_enters_a_candidates_ranking(staff, world):
    person = world.attendees[1]
    response = staff.post(
        url("job_dating_candidate_rank", world.session.pk, person.pk),
        {f"rank-{world.need_b.pk}": "1", f"rank-{world.need_a.pk}": "2"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#attendee-{person.pk}")
    rows = list(JobDatingCandidateRanking.objects.order_by("rank").values_list("need_id", "rank", "ranked_by"))
    assert rows == [(world.need_b.pk, 1, world.advisor.pk), (world.need_a.pk, 2, world.advisor.pk)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("1", "1"), "Give ranks 1 to 2, each once, with no gap."),
        (("1", "deux"), "A rank is a whole number from 1 to 999; “deux” is not."),
    ],
)
def test_a_wrong_ranking_is_refused_and_kept_as_typed(staff, world, typed, message):
    person = world.attendees[1]
    response = staff.post(
        url("job_dating_candidate_rank", world.session.pk, person.pk),
        {f"rank-{world.need_a.pk}": typed[0], f"rank-{world.need_b.pk}": typed[1]},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'value="{typed[1]}"' in page
    assert not JobDatingCandidateRanking.objects.exists()


def test_an_absent_person_cannot_be_ranked_through_the_page(staff, world):
    response = staff.post(
        url("job_dating_candidate_rank", world.session.pk, world.absent.pk), {f"rank-{world.need_a.pk}": "1"}
    )
    assert response.status_code == 400
    assert "Only people who attended the session can rank its jobs." in response.content.decode()


def test_compute_then_confirm_and_reject_from_the_page(staff, world):
    first, second, _third = world.attendees
    for need, member in ((world.need_a, world.member_a), (world.need_b, world.member_b)):
        job_dating_employer_ranking_save(
            session=world.session, need=need, ranks={first.pk: 1, second.pk: 2}, by=member
        )
    for person, order in ((first, [world.need_a]), (second, [world.need_b])):
        staff.post(
            url("job_dating_candidate_rank", world.session.pk, person.pk),
            {f"rank-{need.pk}": str(rank) for rank, need in enumerate(order, start=1)},
        )

    response = staff.post(url("job_dating_compute", world.session.pk), follow=True)

    page = response.content.decode()
    assert "2 pairs proposed." in page
    assert "0 blocking pairs in what was proposed." in page
    to_confirm = JobDatingProposal.objects.get(need=world.need_a)
    to_reject = JobDatingProposal.objects.get(need=world.need_b)
    assert to_confirm.candidate == first
    assert to_reject.candidate == second

    response = staff.post(url("job_dating_proposal_confirm", world.session.pk, to_confirm.pk), follow=True)
    assert "Pair confirmed" in response.content.decode()
    assert (
        Presentation.objects.get(need=world.need_a, candidate=first).status == PresentationStatus.INTERVIEW_REQUESTED
    )

    response = staff.post(url("job_dating_proposal_confirm", world.session.pk, to_confirm.pk), follow=True)
    assert "This proposal is already confirmed." in response.content.decode()

    staff.post(url("job_dating_proposal_reject", world.session.pk, to_reject.pk))
    assert JobDatingProposal.objects.get(pk=to_reject.pk).status == JobDatingProposalStatus.REJECTED
    # The rejected pair still wants each other, and need B has its seat free: the audit of what is confirmed says so.
    assert "1 blocking pair in what is confirmed." in staff.get(url("job_dating", world.session.pk)).content.decode()


def test_another_platforms_staff_find_nothing(client, world):
    job_dating_proposals_compute(session=world.session, by=world.advisor)
    client.force_login(AdvisorFactory())
    assert client.get(url("job_dating", world.session.pk)).status_code == 404
    assert client.post(url("job_dating_compute", world.session.pk)).status_code == 404


def test_an_employer_member_finds_nothing(client, world):
    client.force_login(world.member_a)
    assert client.get(url("job_dating", world.session.pk)).status_code == 404


def test_the_session_page_links_to_the_job_dating_page_and_back(staff, world):
    job_dating_url = url("job_dating", world.session.pk)
    session_page = staff.get(url("session_detail", world.session.pk)).content.decode()
    assert f'href="{job_dating_url}"' in session_page
    assert f'href="{url("session_detail", world.session.pk)}"' in staff.get(job_dating_url).content.decode()
