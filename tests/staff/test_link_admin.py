"""The admin's links: read-only, listed with their state, revoked by an action that calls the service."""

import pytest
from django.urls import reverse

from matching.link_selectors import candidate_link_for_token
from tests.accounts.factories import AdvisorFactory
from tests.matching.link_world import link_world, send

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:matching_candidatelink_changelist"


def test_the_list_shows_each_link_s_state_and_never_its_token(client, platform, advisor):
    world = link_world(platform)
    link, token = send(world.presentation, advisor)
    client.force_login(advisor)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert world.candidate.last_name in page
    assert ">Envoyé<" in page
    assert token not in page
    assert link.token_hash not in page


def test_the_revoke_action_revokes_through_the_service(client, platform, advisor):
    link, token = send(link_world(platform).presentation, advisor)
    client.force_login(advisor)

    response = client.post(reverse(CHANGELIST), {"action": "revoke_links", "_selected_action": [link.pk]})

    assert response.status_code == 302
    assert candidate_link_for_token(token) is None
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_another_platform_s_staff_do_not_see_the_link(client, platform, advisor):
    world = link_world(platform)
    send(world.presentation, advisor)
    client.force_login(AdvisorFactory())

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert world.candidate.last_name not in page


def test_the_candidate_s_page_lists_their_links_and_their_consent_to_messages(client, platform, advisor):
    world = link_world(platform)
    send(world.presentation, advisor)
    client.force_login(advisor)

    page = client.get(reverse("admin:candidates_candidate_change", args=[world.candidate.pk])).content.decode()

    assert 'name="consents_to_messages"' in page
    assert "Liens sécurisés envoyés" in page
    assert ">Envoyé<" in page
