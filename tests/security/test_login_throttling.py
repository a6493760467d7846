"""Failed logins are throttled per account and per address with allauth's rate limits, as configured
(config/settings/authentication.py): the account's owner is told so on the form, the colleagues behind the same
address still log in, and nothing stays locked.

Each test uses addresses and e-mails of its own: the rate limits live in the cache, which other test runs share.
"""

import time
import types
import uuid

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def office_address() -> str:
    """An address of its own for the test, as an office's NAT would give its people one address."""
    number = uuid.uuid4().int
    return f"10.{number % 250 + 1}.{number // 250 % 250 + 1}.{number // 62500 % 250 + 1}"


def person() -> object:
    return UserFactory(email=f"agent-{uuid.uuid4().hex[:12]}@entreprise.example")


def log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def too_many_message() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])


def test_the_configured_limits_are_per_account_and_generous_per_address():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "30/m/ip,5/5m/key"


def test_five_failures_throttle_the_account_with_a_clear_message_but_not_the_office(monkeypatch):
    address = office_address()
    distracted, colleague = person(), person()
    client = Client(REMOTE_ADDR=address)
    too_many = too_many_message()

    for _ in range(5):
        response = log_in(client, distracted.email, "wrong password")
        assert response.status_code == 200
        assert too_many not in response.content.decode()
    response = log_in(client, distracted.email)

    assert response.status_code == 200
    assert too_many in response.content.decode()
    assert SESSION_KEY not in client.session

    # A colleague on another computer of the same office (same address) logs in at once.
    response = log_in(Client(REMOTE_ADDR=address), colleague.email)
    assert response.status_code == 302

    # Five minutes later the account opens again with the right password: nothing is locked for good.
    later = types.SimpleNamespace(time=lambda: time.time() + 301, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", later)
    again = Client(REMOTE_ADDR=address)
    response = log_in(again, distracted.email)
    assert response.status_code == 302
    assert again.session[SESSION_KEY] == str(distracted.pk)


def test_a_busy_office_with_a_few_typos_each_is_never_locked_out():
    address = office_address()
    people = [person() for _ in range(10)]
    too_many = too_many_message()

    for someone in people:
        client = Client(REMOTE_ADDR=address)
        for _ in range(2):
            assert log_in(client, someone.email, "typo").status_code == 200
        response = log_in(client, someone.email)
        assert response.status_code == 302, too_many if too_many in response.content.decode() else response.status_code


def test_a_forged_x_forwarded_for_does_not_escape_the_per_address_limit(settings):
    """Behind one trusted proxy, the proxy appends the address it saw to whatever X-Forwarded-For the client sent:
    only that last address counts. A client who rotates a forged left-most address is still one address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    proxy, attacker = "192.0.2.10", office_address()
    too_many = too_many_message()

    def attempt(number: int):
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, {attacker}")
        return log_in(client, person().email, "guessed password")

    for number in range(3):
        assert too_many not in attempt(number).content.decode()
    assert too_many in attempt(3).content.decode()

    # Another client behind the same proxy, with an address of its own, is not throttled.
    response = log_in(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=office_address()), person().email)
    assert response.status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    attacker = office_address()
    too_many = too_many_message()

    def attempt(number: int):
        client = Client(REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        return log_in(client, person().email, "guessed password")

    for number in range(3):
        assert too_many not in attempt(number).content.decode()
    assert too_many in attempt(3).content.decode()
