"""A need's board marks the candidates who passed an MRS test session serving the need ("MRS passed"): the test
stands in for the experience the need asks for. A result of a session serving another need does not count."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.matching.board_world import board_world_build
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory

pytestmark = pytest.mark.django_db


def test_the_board_shows_mrs_passed_for_this_need_only(client, advisor, platform):
    world = board_world_build(platform=platform, presentations=4, suggested=0, headcount=10)
    session = CollectiveSessionFactory(mrs=True, platform=platform, needs=[world.need])
    passed, other = world.candidates[0], world.candidates[1]
    SessionSeatFactory(session=session, candidate=passed, accepted=True, attended=True, mrs_passed=True)
    elsewhere = CollectiveSessionFactory(mrs=True, platform=platform)
    SessionSeatFactory(session=elsewhere, candidate=other, accepted=True, attended=True, mrs_passed=True)
    client.force_login(advisor)

    with translation.override("en"):
        page = client.get(reverse("staff:need_board", args=[world.need.pk]) + "?state=shortlisted")

    html = page.content.decode()
    rows = {line for line in html.splitlines() if "MRS passed" in line}
    assert any(passed.last_name in line for line in rows)
    assert not any(other.last_name in line for line in rows)
