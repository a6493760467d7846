"""The review page's secure links: the form on a shortlisted candidate's row, the link's state, revoking it."""

import pytest
from django.urls import reverse

from matching.enums import LinkPurpose
from matching.models import CandidateLink
from tests.matching.link_world import link_world

pytestmark = pytest.mark.django_db


def test_send_a_link_from_the_review_page_then_revoke_it(client, platform, advisor):
    world = link_world(platform)
    client.force_login(advisor)
    page = reverse("staff:need_review", args=[world.need.pk])

    before = client.get(page).content.decode()
    assert reverse("staff:need_review_link_send", args=[world.need.pk, world.presentation.pk]) in before

    sent = client.post(
        reverse("staff:need_review_link_send", args=[world.need.pk, world.presentation.pk]),
        {"purpose": LinkPurpose.PROPOSAL, "channels": ["email", "sms"]},
        follow=True,
    )

    link = CandidateLink.objects.get()
    assert (link.sent_by_email, link.sent_by_sms, link.created_by) == (True, True, advisor)
    text = sent.content.decode()
    assert f"Lien envoyé au candidat n°{world.candidate.pk}." in text
    assert ">Envoyé<" in text
    revoke = reverse("staff:need_review_link_revoke", args=[world.need.pk, link.pk])
    assert revoke in text

    after = client.post(revoke, follow=True).content.decode()

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert ">Révoqué<" in after


def test_a_refusal_is_shown_as_a_message(client, platform, advisor):
    world = link_world(platform, consents_to_messages=False, consented_to_messages_at=None)
    client.force_login(advisor)

    response = client.post(
        reverse("staff:need_review_link_send", args=[world.need.pk, world.presentation.pk]),
        {"purpose": LinkPurpose.PROPOSAL, "channels": ["email"]},
        follow=True,
    )

    assert "n’a pas accepté de recevoir des messages" in response.content.decode()
    assert not CandidateLink.objects.exists()
