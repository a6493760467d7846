"""Secure links through the API: sent for a presentation through the same service as the pages, refused with the
service's code, revoked; the token is never in an answer."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.api_tokens import api_token_create
from matching.enums import LinkPurpose
from matching.link_tokens import link_token
from matching.models import CandidateLink
from tests.accounts.factories import AdvisorFactory, totp_code_now
from tests.matching.link_world import link_world

pytestmark = pytest.mark.django_db


KEYS: dict[int, str] = {}


@pytest.fixture(autouse=True)
def _fresh_keys():
    # A TOTP code is accepted once: one token per user and test.
    KEYS.clear()
    yield
    KEYS.clear()


def _headers(user) -> dict[str, str]:
    if user.pk not in KEYS:
        KEYS[user.pk] = _token(user)
    return {"HTTP_AUTHORIZATION": f"Token {KEYS[user.pk]}"}


def _token(user) -> str:
    return api_token_create(
        user=user, name="Liens", expires_at=timezone.now() + datetime.timedelta(days=1), totp_code=totp_code_now(user)
    ).key


def _send(client, user, presentation, body):
    return client.post(
        f"/api/staff/presentations/{presentation.pk}/links/", body, content_type="application/json", **_headers(user)
    )


def test_send_a_link_and_revoke_it(client: Client, platform, advisor):
    world = link_world(platform)

    sent = _send(client, advisor, world.presentation, {"purpose": LinkPurpose.PROPOSAL, "channels": ["email", "sms"]})

    assert sent.status_code == 201, sent.json()
    link = CandidateLink.objects.get()
    assert sent.json()["state"] == "sent"
    assert sent.json()["sent_by_sms"] is True
    assert link_token(link.token_salt) not in sent.content.decode()
    assert link.token_hash not in sent.content.decode()

    revoked = client.post(f"/api/staff/links/{link.pk}/revoke/", **_headers(advisor))

    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"


def test_a_refusal_is_a_400_with_the_service_s_code(client: Client, platform, advisor):
    world = link_world(platform, consents_to_messages=False, consented_to_messages_at=None)

    refused = _send(client, advisor, world.presentation, {"purpose": LinkPurpose.PROPOSAL, "channels": ["email"]})

    assert refused.status_code == 400
    assert "no_consent" in refused.content.decode()
    assert not CandidateLink.objects.exists()


def test_another_platform_s_presentation_and_link_are_not_found(client: Client, platform, advisor):
    world = link_world(platform)
    _send(client, advisor, world.presentation, {"purpose": LinkPurpose.PROPOSAL, "channels": ["email"]})
    stranger = AdvisorFactory()

    other = _send(client, stranger, world.presentation, {"purpose": LinkPurpose.PROPOSAL, "channels": ["email"]})
    revoke = client.post(f"/api/staff/links/{CandidateLink.objects.get().pk}/revoke/", **_headers(stranger))

    assert other.status_code == 404
    assert revoke.status_code == 404
