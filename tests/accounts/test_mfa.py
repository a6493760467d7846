"""Logging in by e-mail through allauth, with two-factor authentication mandatory for staff (accounts/mfa.py)."""

import time
import types

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts.enums import MembershipRole
from tests.accounts.factories import PASSWORD, AdvisorFactory, MembershipFactory, RegionObserverFactory, UserFactory
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and used TOTP codes live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def message(catalogue: dict, key: str) -> str:
    """One of allauth's error messages, in the language the pages are served in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(catalogue[key])


def log_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


# The admin's login page


def test_admin_login_redirects_to_allauth_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"


def test_admin_login_redirects_under_a_language_prefix(client):
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    response = client.get(f"/{other}/admin/login/?next=/{other}/admin/")
    assert response.status_code == 302
    assert response.url == f"/{other}/accounts/login/?next=%2F{other}%2Fadmin%2F"


def test_admin_login_form_never_logs_in_by_password_alone(client):
    user = AdvisorFactory()
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"
    assert not is_logged_in(client)


def test_admin_login_sends_logged_in_staff_on_to_the_admin(client, advisor):
    client.force_login(advisor)
    response = client.get("/admin/login/?next=/admin/accounts/")
    assert response.status_code == 302
    assert response.url == "/admin/accounts/"
    response = client.get("/admin/login/?next=https://elsewhere.example/")
    assert response.url == reverse("admin:index")


def test_anonymous_visitor_of_the_admin_ends_on_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1] == (reverse("account_login") + "?next=%2Fadmin%2F", 302)
    assert response.status_code == 200
    assert 'name="login"' in response.content.decode()


# Staff without an authenticator are sent to set one up


def test_staff_without_totp_is_sent_to_totp_activation(client):
    user = AdvisorFactory(totp=False)

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert response.url == reverse("staff:todo")
    assert is_logged_in(client)
    for url in (reverse("admin:index"), reverse("staff:dashboard"), "/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")


def test_staff_without_totp_may_still_open_allauth_pages_and_log_out(client):
    user = UserFactory(is_staff=True, totp=False)
    client.force_login(user)

    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/admin/"})
    assert response.status_code == 302
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_activating_totp_gives_access_to_the_admin_and_recovery_codes(client):
    user = AdvisorFactory(totp=False)
    log_in(client, user.email)

    # The password has just been typed at login: setting up two-factor authentication does not ask for it again.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()
    label = user.email.replace("@", "%40")
    assert page.context["totp_url"] == f"otpauth://totp/{label}?secret={secret}&issuer=Tremplin"

    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    refused = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert refused.status_code == 200
    assert message(DefaultMFAAdapter.error_messages, "incorrect_code") in refused.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    assert len(codes) == 10
    assert codes[0] in client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200


# Staff with an authenticator are asked for the code at login


def start_login(client, user):
    """Password step of a staff member with TOTP: allauth answers with its code page."""
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    return response


def test_password_alone_does_not_open_the_admin_to_staff_with_totp(client):
    user = AdvisorFactory()
    start_login(client, user)

    assert not is_logged_in(client)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("admin:login") + "?next=/admin/"
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()


def test_the_right_totp_code_completes_the_login(client):
    user = AdvisorFactory()
    start_login(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user.totp_secret)})

    assert response.status_code == 302
    assert response.url == reverse("staff:todo")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_region_observer_lands_on_the_reports_after_their_code(client):
    user = RegionObserverFactory()
    start_login(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user.totp_secret)})

    assert response.url == reverse("staff:reports")
    assert client.get(response.url).status_code == 200


def test_a_wrong_totp_code_is_refused(client):
    user = AdvisorFactory()
    start_login(client, user)
    wrong = "123456" if totp_code(user.totp_secret) != "123456" else "654321"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert message(DefaultMFAAdapter.error_messages, "incorrect_code") in response.content.decode()
    assert not is_logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_recovery_code_works_once(client):
    user = AdvisorFactory()
    code = RecoveryCodes.activate(user).get_unused_codes()[0]

    start_login(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    client.post(reverse("account_logout"))
    assert not is_logged_in(client)
    start_login(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert message(DefaultMFAAdapter.error_messages, "incorrect_code") in response.content.decode()
    assert not is_logged_in(client)


# Other users


def test_employer_member_is_not_asked_to_set_up_totp(client):
    member = UserFactory(email="recrutement@centre-appels.example")
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=EmployerFactory())

    response = log_in(client, member.email)

    assert response.status_code == 302
    assert is_logged_in(client)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("admin:login") + "?next=/admin/"
    # The admin's login page tells them they have no access, instead of looping back to allauth's login.
    page = client.get(response.url)
    assert page.status_code == 403
    with translation.override(settings.LANGUAGE_CODE):
        no_access = translation.gettext(
            "You are authenticated as %(username)s, but are not authorized to access this page. "
            "Would you like to login to a different account?"
        ) % {"username": member.email}
    assert no_access in page.content.decode()
    assert reverse("account_logout") in page.content.decode()
    assert client.get(reverse("account_email")).status_code == 200


def test_email_login_is_case_insensitive(client):
    user = UserFactory(email="camille.martin@tremplin.example")

    response = log_in(client, "Camille.Martin@Tremplin.EXAMPLE")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


# Rate limits


def test_repeated_wrong_passwords_are_rate_limited_per_account_not_per_office(client, settings, monkeypatch):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,3/5m/key"}
    locked = UserFactory(email="distrait@tremplin.example")
    colleague = UserFactory(email="collegue@tremplin.example")
    too_many = message(DefaultAccountAdapter.error_messages, "too_many_login_attempts")

    for _ in range(3):
        response = log_in(client, locked.email, "wrong password")
        assert response.status_code == 200
        assert too_many not in response.content.decode()
    response = log_in(client, locked.email)

    assert response.status_code == 200
    assert too_many in response.content.decode()
    assert not is_logged_in(client)

    # Someone else behind the same address still logs in.
    response = log_in(client, colleague.email)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(colleague.pk)
    client.post(reverse("account_logout"))

    # Five minutes later, the right password works again.
    later = types.SimpleNamespace(time=lambda: time.time() + 301, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", later)
    response = log_in(client, locked.email)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(locked.pk)
