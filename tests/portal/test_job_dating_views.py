"""The portal's job datings: an employer ranks the attendees for its own needs, by pseudonym."""

import pytest
from django.urls import reverse
from django.utils import translation

from candidates.pseudonyms import candidate_pseudonym_for_employer
from matching.models import JobDatingEmployerRanking
from tests.candidates.factories import SensitiveSituationFactory
from tests.matching.job_dating_world import job_dating_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


@pytest.fixture
def world(platform):
    return job_dating_world(platform)


@pytest.fixture
def member(client, world):
    client.force_login(world.member_a)
    return client


def seat_of(world, candidate):
    return world.session.seats.get(candidate=candidate).pk


def test_the_list_and_the_page_show_own_needs_and_attendees_by_pseudonym(member, world):
    person = world.attendees[0]
    SensitiveSituationFactory(candidate=person)

    listing = member.get(reverse("portal:job_dating_list")).content.decode()
    assert world.session.title.replace("'", "&#x27;") in listing

    response = member.get(reverse("portal:job_dating_detail", args=[world.session.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Téléconseil" in page
    assert "Préparation" not in page  # another employer's need of the same session
    pseudonym = candidate_pseudonym_for_employer(employer_id=world.need_a.employer_id, candidate_id=person.pk)
    assert pseudonym in page
    assert person.last_name not in page
    assert person.email not in page
    assert (
        candidate_pseudonym_for_employer(employer_id=world.need_a.employer_id, candidate_id=world.absent.pk)
        not in page
    )


def test_the_employer_ranks_and_sees_its_ranking_again(member, world):
    first, second, _third = world.attendees
    response = member.post(
        reverse("portal:job_dating_rank", args=[world.session.pk, world.need_a.pk]),
        {f"rank-{seat_of(world, second)}": "1", f"rank-{seat_of(world, first)}": "2"},
    )
    assert response.status_code == 302
    assert list(JobDatingEmployerRanking.objects.order_by("rank").values_list("candidate_id", "rank")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]
    page = member.get(reverse("portal:job_dating_detail", args=[world.session.pk])).content.decode()
    assert 'value="1"' in page
    assert 'value="2"' in page


def test_a_ranking_with_a_gap_is_refused_and_kept_as_typed(member, world):
    first, second, _third = world.attendees
    response = member.post(
        reverse("portal:job_dating_rank", args=[world.session.pk, world.need_a.pk]),
        {f"rank-{seat_of(world, first)}": "1", f"rank-{seat_of(world, second)}": "3"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give ranks 1 to 2, each once, with no gap." in page
    assert 'value="3"' in page
    assert not JobDatingEmployerRanking.objects.exists()


def test_another_employer_and_staff_find_nothing(client, world):
    client.force_login(world.member_b)
    assert client.get(reverse("portal:job_dating_detail", args=[world.session.pk])).status_code == 200
    rank_url = reverse("portal:job_dating_rank", args=[world.session.pk, world.need_a.pk])
    assert client.post(rank_url, {}).status_code == 404
    client.force_login(world.advisor)
    assert client.get(reverse("portal:job_dating_detail", args=[world.session.pk])).status_code == 404
    assert not JobDatingEmployerRanking.objects.exists()
