"""Sessions end after 30 minutes without a request (checked on the server), cookies are HTTP-only, and the
production settings pass ``check --deploy`` with HSTS, secure cookies and the HTTPS redirect."""

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import PASSWORD
from tests.worker_processes import BASE_DIR

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "quality-check-dummy-secret-key-that-is-long-enough-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "tremplin.example",
}


@pytest.fixture
def clock(monkeypatch):
    """Moves the server's clock (``django.utils.timezone.now``) forward, as the session store reads it."""
    real_now = timezone.now
    state = {"offset": datetime.timedelta()}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + state["offset"])

    def advance(minutes: float) -> None:
        state["offset"] += datetime.timedelta(minutes=minutes)

    return advance


def log_in(client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_session_ends_after_thirty_minutes_without_a_request_and_not_while_used(client, world, clock):
    log_in(client, world.member)
    page = reverse("portal:need_list")
    assert client.get(page).status_code == 200

    # Each request moves the expiry forward: an hour of work with a request every 29 minutes stays logged in.
    clock(29)
    assert client.get(page).status_code == 200
    clock(29)
    assert client.get(page).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)

    # Thirty-one minutes without a request: the server no longer knows the session, whatever the browser kept.
    clock(31)
    response = client.get(page)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_an_active_session_is_saved_again_at_most_once_a_minute(client, world, clock):
    log_in(client, world.member)
    page = reverse("portal:need_list")

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    client.get(page)  # shows, and so removes, the login's flash message: the session is saved with it
    saved = expiry()
    clock(0.5)
    client.get(page)
    assert expiry() == saved  # no write for a request half a minute later
    clock(1)
    client.get(page)
    assert expiry() - saved >= datetime.timedelta(minutes=1.5)


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site(client, world):
    response = client.get(reverse("account_login"))
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"

    response = client.post(reverse("account_login"), {"login": world.member.email, "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    # Flash messages stay on the server: no cookie carries them.
    assert "messages" not in response.cookies


def run_with_production_settings(*arguments: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION_ENVIRONMENT
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_on_production_settings():
    result = run_with_production_settings("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_use_https_only_cookies_hsts_and_the_policy():
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "SESSION_ENGINE",
        "SESSION_IDLE_REFRESH_SECONDS",
        "MIDDLEWARE",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "PRIVATE_MEDIA_ROOT",
        "STATIC_ROOT",
        "MEDIA_ROOT",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: str(getattr(settings, name)) if 'ROOT' in name else getattr(settings, name) "
        f"for name in {names!r}}}))"
    )
    result = run_with_production_settings("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])

    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["SESSION_ENGINE"] == "accounts.session_store"
    assert values["SESSION_IDLE_REFRESH_SECONDS"] <= 60
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]
    # Behind the HTTPS proxy, login rate limits count each client's address, not the proxy's.
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    for public in (values["STATIC_ROOT"], values["MEDIA_ROOT"]):
        assert not values["PRIVATE_MEDIA_ROOT"].startswith(public)
