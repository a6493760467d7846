"""The candidate list's search: occupations matched through EXISTS, so each candidate is listed once, no DISTINCT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin_searching import admin_search
from tests.candidates.factories import CandidateFactory
from tests.referentials.factories import OccupationFactory

pytestmark = pytest.mark.django_db
URL = "admin:candidates_candidate_changelist"


def listed(response) -> list:
    return list(response.context["cl"].result_list)


def test_a_candidate_with_two_matching_occupations_is_listed_once_without_distinct(client, advisor, platform):
    candidate = CandidateFactory(platform=platform, last_name="Lefebvre")
    candidate.desired_occupations.add(
        OccupationFactory(rome_code="D1408", label="Conseiller clientèle à distance"),
        OccupationFactory(rome_code="D1401", label="Conseiller commercial"),
    )
    client.force_login(advisor)

    with CaptureQueriesContext(connection) as queries:
        response = admin_search(client, URL, "conseiller")

    assert listed(response) == [candidate]
    assert not [query["sql"] for query in queries if 'DISTINCT "candidates_candidate"."id"' in query["sql"]]


def test_every_word_must_match_a_field_or_an_occupation(client, advisor, platform):
    agent = CandidateFactory(platform=platform, last_name="Caron")
    agent.desired_occupations.add(OccupationFactory(rome_code="D1408", label="Téléconseiller"))
    other = CandidateFactory(platform=platform, last_name="Caron")
    other.desired_occupations.add(OccupationFactory(rome_code="N1103", label="Préparateur de commandes"))
    client.force_login(advisor)

    assert listed(admin_search(client, URL, "caron téléconseiller")) == [agent]
    assert listed(admin_search(client, URL, "caron N1103")) == [other]
    assert listed(admin_search(client, URL, "N110")) == []  # a ROME code matches whole, as before


def test_the_search_stays_within_the_advisors_platform(client, advisor, platform):
    mine = CandidateFactory(platform=platform, last_name="Petit")
    CandidateFactory(last_name="Petit")  # on another platform
    client.force_login(advisor)

    assert listed(admin_search(client, URL, "petit")) == [mine]
