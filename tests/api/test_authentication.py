"""API tokens: created with a key shown once, used, revoked, expired; the portal page and the admin that make them."""

import datetime
import hashlib

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.api_tokens import api_token_create, api_token_revoke
from accounts.models import ApiToken
from tests.accounts.factories import SuperuserFactory, UserFactory, totp_code_now
from tests.api.world import member_of
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

NEEDS = "/api/employer/needs/"


@pytest.fixture
def member():
    return member_of(EmployerFactory())


def auth(key: str, scheme: str = "Token") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"{scheme} {key}"}


def test_a_token_stores_only_the_hash_of_its_key(member):
    created = api_token_create(user=member, name="Logiciel RH")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(created.key.encode()).hexdigest()
    assert token.prefix == created.key[:8]
    assert created.key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert len(created.key) >= 40


def test_a_token_opens_the_api_with_token_or_bearer_and_records_its_use(client, member):
    created = api_token_create(user=member, name="Logiciel RH")
    assert client.get(NEEDS, **auth(created.key)).status_code == 200
    assert client.get(NEEDS, **auth(created.key, "Bearer")).status_code == 200
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(client, member, django_assert_num_queries):
    created = api_token_create(user=member, name="Logiciel RH")
    client.get(NEEDS, **auth(created.key))
    first = ApiToken.objects.get().last_used_at
    client.get(NEEDS, **auth(created.key))
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(NEEDS, **auth(created.key))
    assert ApiToken.objects.get().last_used_at > first


@pytest.mark.parametrize(
    "header",
    ["Token not-a-key", "Token", "Token two parts", "Bearer "],
    ids=["unknown", "no-key", "spaces", "empty-bearer"],
)
def test_a_bad_token_is_refused_with_401(client, member, header):
    response = client.get(NEEDS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] in ("authentication_failed", "not_authenticated")


def test_a_revoked_token_is_refused(client, member):
    created = api_token_create(user=member, name="Logiciel RH")
    api_token_revoke(token=created.token, by=member)
    response = client.get(NEEDS, **auth(created.key))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_an_expired_token_is_refused(client, member):
    created = api_token_create(user=member, name="Logiciel RH", expires_at=timezone.now() + datetime.timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(NEEDS, **auth(created.key))
    assert response.status_code == 401
    assert response.json()["error"]["message"]


def test_the_token_of_an_inactive_user_is_refused(client, member):
    created = api_token_create(user=member, name="Logiciel RH")
    member.is_active = False
    member.save()
    assert client.get(NEEDS, **auth(created.key)).status_code == 401


def test_no_one_revokes_someone_else_s_token(member):
    from django.core.exceptions import PermissionDenied

    created = api_token_create(user=member, name="Logiciel RH")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=created.token, by=UserFactory())
    assert ApiToken.objects.get().revoked_at is None


def test_a_session_also_opens_the_api_for_a_browser(client, member):
    client.force_login(member)
    assert client.get(NEEDS).status_code == 200


# The portal's page.


def test_a_member_creates_a_token_and_sees_its_key_once(client, member):
    client.force_login(member)
    response = client.post(reverse("portal:api_tokens"), {"name": "Logiciel RH", "lifetime": "30"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=member)
    assert token.name == "Logiciel RH"
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert client.get(NEEDS, **auth(key)).status_code == 200
    assert key not in client.get(reverse("portal:api_tokens")).content.decode()


def test_a_member_revokes_their_token_from_the_portal(client, member):
    created = api_token_create(user=member, name="Logiciel RH")
    client.force_login(member)
    response = client.post(reverse("portal:api_token_revoke", args=[created.token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(NEEDS, **auth(created.key)).status_code == 401


def test_a_member_cannot_revoke_a_colleague_s_token(client, member):
    colleague = member_of(EmployerFactory())
    created = api_token_create(user=colleague, name="Logiciel RH")
    client.force_login(member)
    assert client.post(reverse("portal:api_token_revoke", args=[created.token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


# The admin.


def test_staff_create_a_token_in_the_admin_and_see_the_key_once(client):
    superuser = SuperuserFactory()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_apitoken_add"),
        {"name": "Script d'export", "expires_at_0": "", "expires_at_1": "", "totp_code": totp_code_now(superuser)},
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert token.user == superuser
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    key = next(message.rsplit(" ", 1)[-1] for message in messages if token.prefix in message)
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash


def test_the_admin_revokes_tokens_and_shows_a_staff_user_only_their_own(client):
    superuser, other = SuperuserFactory(), SuperuserFactory()
    own = api_token_create(user=superuser, name="Le mien", totp_code=totp_code_now(superuser)).token
    api_token_create(user=other, name="Un autre", totp_code=totp_code_now(other))
    staff = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__endswith="apitoken")
    )
    mine = api_token_create(user=staff, name="Celui du staff", totp_code=totp_code_now(staff)).token
    client.force_login(staff)
    content = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "Celui du staff" in content
    assert "Le mien" not in content
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [own.pk, mine.pk]},
    )
    assert response.status_code == 302
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 2
