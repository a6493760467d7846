"""A need's thread in the staff workspace: the review page, the board and the to-do page link to it with counts."""

import html

import pytest
from django.urls import reverse

from matching.models import NeedMessage
from matching.services.threads import need_message_post
from matching.thread_selectors import unread_counts
from tests.matching.thread_world import thread_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return thread_world()


def thread_url(need) -> str:
    return reverse("staff:need_thread", args=[need.pk])


def test_the_advisor_sees_unread_messages_from_the_review_page_the_board_and_the_to_do_page(client, world):
    need_message_post(need=world.need, author=world.member, body="Le planning change lundi.")
    client.force_login(world.advisor)

    for page in ("staff:need_review", "staff:need_board"):
        text = html.unescape(client.get(reverse(page, args=[world.need.pk])).text)
        assert "Échanges avec l'employeur : 1 non lu" in text
        assert thread_url(world.need) in text
    todo = html.unescape(client.get(reverse("staff:todo")).text)
    assert "Téléconseiller : 1 message non lu de l'employeur" in todo

    page = client.get(thread_url(world.need))
    assert page.status_code == 200
    assert "Le planning change lundi." in page.text
    assert unread_counts(user=world.advisor, need_ids=[world.need.pk]) == {}
    assert "Aucun message d'employeur ne vous attend." in html.unescape(client.get(reverse("staff:todo")).text)


def test_the_advisor_posts_and_a_name_not_revealed_is_refused_with_the_text_kept(client, world):
    client.force_login(world.advisor)
    response = client.post(thread_url(world.need), {"body": "Karim Haddad pourrait convenir."})
    assert response.status_code == 200
    assert "Karim Haddad pourrait convenir." in response.text
    assert 'id="id_body_error"' in response.text
    assert not NeedMessage.objects.exists()

    response = client.post(thread_url(world.need), {"body": "Inès Morel confirme l'entretien."})
    assert response.status_code == 302
    assert NeedMessage.objects.get().body == "Inès Morel confirme l'entretien."


def test_another_platform_s_advisor_does_not_find_the_thread(client, world):
    client.force_login(world.other_advisor)
    assert client.get(thread_url(world.need)).status_code == 404
    assert client.post(thread_url(world.need), {"body": "Bonjour"}).status_code == 404
