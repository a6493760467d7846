"""Sign-up tells nobody which addresses have an account: a known address (an employer's, staff's, a superuser's)
gets the same answer as an unknown one, and the mailbox's owner alone learns which it was, by e-mail.

E-mail confirmation is mandatory for people who sign up (``accounts/adapter.py``), which is what lets allauth's
``ACCOUNT_PREVENT_ENUMERATION`` answer a known address like a new one.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, AdvisorFactory, SuperuserFactory, UserFactory, totp_code_now

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-horse-battery-staple"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_up(email: str):
    client = Client()
    # allauth's e-mails are notices, sent once the request's changes commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
    page = client.get(response.url) if response.status_code == 302 else response
    return client, response, page


def known_user(kind: str) -> User:
    if kind == "staff":
        return AdvisorFactory(email="conseillere@tremplin.example")
    if kind == "superuser":
        return SuperuserFactory(email="admin@tremplin.example")
    user = UserFactory(email="rh@centre.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=kind == "employer", primary=True)
    return user


@pytest.mark.parametrize("kind", ["employer", "unconfirmed", "staff", "superuser"])
def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(kind):
    known = known_user(kind)

    unknown_client, unknown_answer, unknown_page = sign_up("INCONNUE@CENTRE.EXAMPLE")
    known_client, known_answer, known_page = sign_up(known.email.upper())

    assert (known_answer.status_code, known_answer.get("Location")) == (
        unknown_answer.status_code,
        unknown_answer.get("Location"),
    )
    assert known_answer.status_code == 302
    assert known_page.status_code == unknown_page.status_code == 200
    # The same page, but for the address typed.
    assert page_text(known_page, known.email) == page_text(unknown_page, "inconnue@centre.example")
    # Nobody is logged in by signing up; the known account is unchanged and no second one is made.
    assert SESSION_KEY not in known_client.session
    assert SESSION_KEY not in unknown_client.session
    assert User.objects.filter(email__iexact=known.email).count() == 1
    known.refresh_from_db()
    assert known.check_password(PASSWORD)
    # Each mailbox is told by e-mail: a link to confirm the new address, a note that the account exists.
    assert sorted(message.to[0].lower() for message in mail.outbox) == sorted(["inconnue@centre.example", known.email])


def page_text(page, address: str) -> str:
    """The page without its random tokens (CSRF, CSP nonce) and with the address typed as <address>."""
    text = re.sub(r'(value|nonce)="[^"]{16,}"', r'\1=""', page.text)
    return re.sub(re.escape(address), "<address>", text, flags=re.IGNORECASE)


def test_a_new_account_logs_in_only_once_its_address_is_confirmed():
    client, answer, _page = sign_up("inconnue@centre.example")
    assert answer.url == reverse("account_email_verification_sent")
    link = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)

    login = Client().post(reverse("account_login"), {"login": "inconnue@centre.example", "password": NEW_PASSWORD})
    assert login.url == reverse("account_email_verification_sent")

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="inconnue@centre.example").verified


def test_staff_made_in_the_admin_still_log_in_with_their_password_and_code():
    user = AdvisorFactory()
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_now(user)})
    assert response.status_code == 302
    assert SESSION_KEY in client.session


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting the passwords it hashes: hashing is what takes time with the production hasher."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@override_settings(PASSWORD_HASHERS=["tests.accounts.test_adapter.CountingHasher"])
def test_a_known_address_costs_a_password_hash_as_a_new_account_does():
    """Measured with PBKDF2: 13 ms for a known address against 490 ms for a new one, before the throwaway hash."""
    AdvisorFactory(email="conseillere@tremplin.example")
    hashes = []
    for email in ("inconnue@centre.example", "conseillere@tremplin.example"):
        CountingHasher.hashed = 0
        sign_up(email)
        hashes.append(CountingHasher.hashed)
    assert hashes == [1, 1]
