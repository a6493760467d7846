"""allauth's pages as staff and employers meet them: named for whoever they serve, the password asked once at
login, and a way on to the workspace once the recovery codes are shown."""

import time

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from accounts.enums import MembershipRole
from tests.accounts import test_mfa
from tests.accounts.factories import PASSWORD, AdvisorFactory, MembershipFactory, UserFactory
from tests.accounts.test_mfa import log_in, totp_code
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db


# Rate limits and used TOTP codes live in the cache: every test starts with none.
empty_cache = test_mfa.empty_cache


def brand(page: str) -> str:
    start = page.index('<p class="portal-brand">')
    return page[start : page.index("</p>", start)]


def test_the_login_on_the_way_to_the_admin_is_the_staff_workspace(client):
    response = client.get(reverse("admin:index"), follow=True)
    page = response.text
    assert response.request["PATH_INFO"] == reverse("account_login")
    assert "Espace des équipes" in brand(page)
    assert "Espace employeur" not in page
    assert f'<li><a href="{reverse("account_signup")}"' not in page


def test_the_login_on_the_way_to_the_portal_is_the_employer_portal(client):
    page = client.get(reverse("account_login"), {"next": reverse("portal:need_list")}).text
    assert "Espace employeur" in brand(page)
    assert f'<li><a href="{reverse("account_signup")}"' in page


def test_the_login_without_a_destination_wears_tremplin_alone(client):
    page = client.get(reverse("account_login")).text
    assert brand(page).endswith(">Tremplin</a>")


def test_staff_set_up_their_authenticator_without_typing_the_password_again_then_go_on(client):
    user = AdvisorFactory(totp=False)
    log_in(client, user.email)

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Espace des équipes" in brand(page.text)
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(client.session[SECRET_SESSION_KEY])})
    assert response.url == reverse("mfa_view_recovery_codes")

    codes = client.get(response.url)
    landing = get_adapter(codes.wsgi_request).get_login_redirect_url(codes.wsgi_request)
    codes = codes.text
    assert f'<a id="account-continue" class="portal-button" href="{landing}">' in codes
    assert "Continuer vers l’espace des équipes" in codes
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_login_long_ago_asks_for_the_password_again(client):
    user = AdvisorFactory(totp=False)
    log_in(client, user.email)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        record | {"at": time.time() - 3600} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert client.post(response.url, {"password": PASSWORD}).url == reverse("mfa_activate_totp")


def test_an_employer_member_goes_on_to_the_portal_from_the_recovery_codes(client):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=EmployerFactory(), platform=None)
    log_in(client, user.email)
    client.get(reverse("mfa_activate_totp"))
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(client.session[SECRET_SESSION_KEY])})

    codes = client.get(reverse("mfa_view_recovery_codes")).text

    assert "Espace employeur" in brand(codes)
    assert f'href="{reverse("portal:home")}">Continuer vers l’espace employeur</a>' in codes
