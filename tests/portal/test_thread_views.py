"""A need's thread on the portal: reading marks it read, posting keeps the text on a refusal, counts in the lists."""

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
    return reverse("portal:need_thread", args=[need.pk])


def test_the_member_reads_the_platform_s_messages_and_the_page_marks_them_read(client, world):
    need_message_post(need=world.need, author=world.advisor, body="Deux candidatures arrivent demain.")
    client.force_login(world.member)

    listing = client.get(reverse("portal:need_list")).text
    assert "1 message non lu" in listing
    assert "1 message non lu" in client.get(reverse("portal:need_detail", args=[world.need.pk])).text

    page = client.get(thread_url(world.need))
    assert page.status_code == 200
    assert "Deux candidatures arrivent demain." in page.text
    assert '<label for="id_body"' in page.text
    assert unread_counts(user=world.member, need_ids=[world.need.pk]) == {}
    assert "message non lu" not in client.get(reverse("portal:need_list")).text


def test_the_member_posts_a_message_and_sees_it(client, world):
    client.force_login(world.member)
    response = client.post(thread_url(world.need), {"body": "Pouvons-nous décaler les entretiens ?"})

    assert response.status_code == 302
    assert response.url.startswith(thread_url(world.need))
    message = NeedMessage.objects.get()
    assert (message.author, message.body) == (world.member, "Pouvons-nous décaler les entretiens ?")
    assert "Pouvons-nous décaler les entretiens ?" in client.get(response.url).text


def test_a_message_naming_a_hidden_candidate_is_refused_and_shown_again_as_typed(client, world):
    client.force_login(world.member)
    typed = "Nous aimerions rencontrer Nadia Benali & l'équipe."
    response = client.post(thread_url(world.need), {"body": typed})

    assert response.status_code == 200
    assert "pseudonyme" in response.text
    assert 'id="id_body_error"' in response.text
    # The text typed is in the form again (escaped), and stored nowhere.
    assert "Nous aimerions rencontrer Nadia Benali &amp; l&#x27;équipe." in response.text
    assert not NeedMessage.objects.exists()


def test_an_empty_message_is_refused_with_its_field_named(client, world):
    client.force_login(world.member)
    response = client.post(thread_url(world.need), {"body": "   "})
    assert response.status_code == 200
    assert "Écrivez un message." in response.text
    assert not NeedMessage.objects.exists()


def test_another_employer_s_member_does_not_find_the_thread(client, world):
    client.force_login(world.other_member)
    assert client.get(thread_url(world.need)).status_code == 404
    assert client.post(thread_url(world.need), {"body": "Bonjour"}).status_code == 404
    assert not NeedMessage.objects.exists()
