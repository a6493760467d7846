"""A need's thread in the API, for an employer member's token and a staff token: the same refusals as the pages, in
the API's error format."""

import datetime

import pytest
from django.utils import timezone

from accounts.api_tokens import api_token_create
from matching.models import NeedMessage
from matching.services.threads import need_message_post
from tests.accounts.factories import totp_code_now
from tests.matching.thread_world import thread_world

pytestmark = pytest.mark.django_db


def token_headers(user) -> dict[str, str]:
    key = api_token_create(
        user=user,
        name="Jeton",
        expires_at=timezone.now() + datetime.timedelta(days=1),
        totp_code=totp_code_now(user) if user.is_staff else "",
    ).key
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def world():
    return thread_world()


def employer_url(need, suffix: str = "") -> str:
    return f"/api/employer/needs/{need.pk}/messages/{suffix}"


def staff_url(need, suffix: str = "") -> str:
    return f"/api/staff/needs/{need.pk}/messages/{suffix}"


def test_the_member_reads_posts_and_marks_read(client, world):
    need_message_post(need=world.need, author=world.advisor, body="Deux personnes demain.")
    headers = token_headers(world.member)

    thread = client.get(employer_url(world.need), **headers).json()
    assert thread["unread"] == 1
    assert [(item["side"], item["body"]) for item in thread["messages"]] == [("platform", "Deux personnes demain.")]

    posted = client.post(employer_url(world.need), {"body": "Merci !"}, content_type="application/json", **headers)
    assert posted.status_code == 201
    assert (posted.json()["side"], posted.json()["body"]) == ("employer", "Merci !")

    read = client.post(employer_url(world.need, "read/"), {}, content_type="application/json", **headers)
    assert read.status_code == 200
    assert read.json()["unread"] == 0
    assert read.json()["last_read"] == NeedMessage.objects.latest("pk").pk


def test_a_message_naming_a_hidden_candidate_is_a_400_in_the_error_format(client, world):
    for url, user in ((employer_url(world.need), world.member), (staff_url(world.need), world.advisor)):
        response = client.post(
            url, {"body": "Nadia Benali, 06 01 02 03 04"}, content_type="application/json", **token_headers(user)
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (400, "names_candidate")
        assert list(error["fields"]) == ["body"]
        assert "Benali" not in str(error)
    assert not NeedMessage.objects.exists()


def test_the_advisor_posts_a_revealed_name_and_marks_read_up_to_a_message(client, world):
    first = need_message_post(need=world.need, author=world.member, body="Premier")
    need_message_post(need=world.need, author=world.member, body="Second")
    headers = token_headers(world.advisor)

    read = client.post(staff_url(world.need, "read/"), {"up_to": first.pk}, content_type="application/json", **headers)
    assert (read.status_code, read.json()["unread"]) == (200, 1)
    # Writing answers what was read: the thread counts as read up to one's own message.
    posted = client.post(
        staff_url(world.need), {"body": "Inès Morel est prévenue."}, content_type="application/json", **headers
    )
    assert posted.status_code == 201
    assert client.get(staff_url(world.need), **headers).json()["unread"] == 0


def test_another_employer_or_platform_does_not_find_the_thread(client, world):
    need_message_post(need=world.need, author=world.member, body="Bonjour")
    member, advisor = token_headers(world.other_member), token_headers(world.other_advisor)

    assert client.get(employer_url(world.need), **member).status_code == 404
    posted = client.post(employer_url(world.need), {"body": "x"}, content_type="application/json", **member)
    assert posted.status_code == 404
    assert client.get(staff_url(world.need), **advisor).status_code == 404
    read = client.post(staff_url(world.need, "read/"), {}, content_type="application/json", **advisor)
    assert read.status_code == 404
    # An employer's token has no staff area, and the other way round.
    assert client.get(staff_url(world.need), **token_headers(world.member)).status_code == 403
    assert NeedMessage.objects.count() == 1
