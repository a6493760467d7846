"""An employer's need page lists the collective sessions serving the need: date, place and seats taken, never who
is invited (names, numbers) nor anything of their sensitive situations; another employer's need shows none."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.enums import MembershipRole
from candidates.models import SensitiveSituation
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.factories import CollectiveSessionFactory, SessionSeatFactory

pytestmark = pytest.mark.django_db


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


def test_the_need_page_shows_its_sessions_without_identities(client):
    need = StaffingNeedFactory(open=True)
    session = CollectiveSessionFactory(platform=need.employer.platform, needs=[need], capacity=25, title="Info Lens")
    seat = SessionSeatFactory(
        session=session, accepted=True, candidate__last_name="Zerbib", candidate__first_name="Inès"
    )
    SensitiveSituation.objects.update_or_create(
        candidate=seat.candidate, defaults={"has_disability_recognition": True}
    )
    SessionSeatFactory(session=session, candidate__last_name="Quentric")
    CollectiveSessionFactory(platform=need.employer.platform, title="Autre besoin")
    client.force_login(member_of(need.employer))

    with translation.override("en"):
        page = client.get(reverse("portal:need_detail", args=[need.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Info Lens" in html
    assert "1 of 25" in html
    assert "Autre besoin" not in html
    for private in ("Zerbib", "Inès", "Quentric", f"#{seat.candidate_id}", "RQTH"):
        assert private not in html


def test_another_employer_sees_no_session_of_this_need(client):
    need = StaffingNeedFactory(open=True)
    CollectiveSessionFactory(platform=need.employer.platform, needs=[need], title="Info Lens")
    other = StaffingNeedFactory(open=True)
    client.force_login(member_of(other.employer))
    page = client.get(reverse("portal:need_detail", args=[other.pk]))
    assert "Info Lens" not in page.content.decode()
    assert client.get(reverse("portal:need_detail", args=[need.pk])).status_code == 404
