"""The portal's "page not found" and the site's icon: a portal page, whatever DEBUG says, that tells someone still
waiting for approval why there is nothing to see yet."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from accounts.enums import MembershipRole
from tests.accounts.factories import EmployerAccessRequestFactory, MembershipFactory, UserFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_someone_waiting_for_approval_is_told_so_on_a_portal_page(client, debug):
    waiting = EmployerAccessRequestFactory(legal_name="Centre de contacts de l'Artois")
    client.force_login(waiting.user)

    response = client.get(reverse("portal:need_list"))

    assert response.status_code == 404
    page = response.text
    assert "Votre compte attend sa validation" in page
    assert "Centre de contacts de l&#x27;Artois attend la réponse d’un conseiller" in page
    assert f'href="{reverse("portal:access_request")}"' in page
    assert 'class="portal-brand"' in page
    assert "Django tried these URL patterns" not in page
    assert f'href="{reverse("portal:need_create")}"' not in page, "no menu of pages they cannot open yet"


def test_a_member_asking_for_another_employers_need_gets_the_portal_page(client, debug):
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory(), platform=None)
    client.force_login(member)

    response = client.get(reverse("portal:need_detail", args=[StaffingNeedFactory().pk]))

    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert f'href="{reverse("portal:need_list")}">Retour à mes besoins de recrutement</a>' in response.text


def test_an_address_under_the_portal_that_matches_nothing_is_a_portal_page(client):
    response = client.get("/portal/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert 'class="portal-brand"' in response.text


def test_an_address_elsewhere_keeps_djangos_page(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "portal-brand" not in response.text


def test_the_icon_is_served_and_named_by_the_pages(client, advisor):
    icon = static("tremplin/favicon.svg")
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, icon)
    link = f'<link rel="icon" href="{icon}" type="image/svg+xml">'
    assert link in client.get(reverse("account_login")).text
    client.force_login(advisor)
    assert link in client.get(reverse("admin:index")).text
