"""Query budgets of the API's lists: a list reads in a fixed number of queries, whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.api_tokens import api_token_create
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion
from tests.api.world import PARTS, member_of
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db


def employer_with_needs(count: int) -> dict[str, str]:
    """An employer member's headers, for ``count`` open needs with a candidate presented (suggested) and one whose
    interview is scheduled (their contact is shown, and logged) on each."""
    employer = EmployerFactory()
    user = member_of(employer)
    for _index in range(count):
        need = StaffingNeedFactory(employer=employer, open=True)
        presented = presentation_in(PresentationStatus.PRESENTED, need=need)
        presentation_in(PresentationStatus.INTERVIEW_SCHEDULED, need=need)
        run = MatchRun.objects.create(
            scope=RunScope.NEED, need=need, scoring_version="test", status=RunStatus.SUCCEEDED
        )
        MatchSuggestion.objects.create(
            need=need, candidate=presented.candidate, run=run, rank=1, score=8150, parts=PARTS, distance_km=2.5,
            scoring_version="test", skills_to_train=[{"id": 1, "label": "Vente"}],
        )  # fmt: skip
    key = api_token_create(user=user, name="Jeton", expires_at=timezone.now() + datetime.timedelta(days=1)).key
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def queries_for(client, headers: dict[str, str], path: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize(
    ("query", "per_need"), [("", 2), ("?status=presented", 1), ("?status=interview_scheduled", 1)]
)
def test_the_employer_s_presented_candidates_read_in_the_same_queries_for_one_need_or_five(client, query, per_need):
    path = "/api/employer/presentations/" + query
    queries_for(client, employer_with_needs(1), path)  # warm the caches (content types, translations)

    one, one_body = queries_for(client, employer_with_needs(1), path)
    five, five_body = queries_for(client, employer_with_needs(5), path)

    assert (one_body["count"], five_body["count"]) == (per_need, 5 * per_need)
    assert len({row["need"] for row in five_body["results"]}) == 5
    assert five == one
