"""Staff API tokens: they open the staff API without the second factor, so each one is created after a TOTP check,
expires within 90 days, and is listed and revocable by its owner and by the managers of the owner's platforms."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.api_tokens import STAFF_TOKEN_LIFETIME, api_token_create, api_token_revoke
from accounts.enums import MembershipRole
from accounts.models import ApiToken
from tests.accounts.factories import AdvisorFactory, PlatformFactory, totp_code_now
from tests.api.world import member_of
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

STAFF_API = "/api/staff/candidates/"
ADD = "admin:accounts_apitoken_add"
LIST = "admin:accounts_apitoken_changelist"


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def manager(platform):
    return AdvisorFactory(memberships__platform=platform, memberships__role=MembershipRole.MANAGER)


def test_a_staff_token_needs_the_current_code_of_its_owner_s_authenticator(advisor):
    for code in ("", "000000"):
        with pytest.raises(ValidationError) as refused:
            api_token_create(user=advisor, name="Script", totp_code=code)
        assert "totp_code" in refused.value.message_dict
    assert not ApiToken.objects.exists()

    code = totp_code_now(advisor)
    created = api_token_create(user=advisor, name="Script", totp_code=code)
    assert created.token.user == advisor
    # A code is used once: whoever saw it cannot create another token with it.
    with pytest.raises(ValidationError):
        api_token_create(user=advisor, name="Un autre", totp_code=code)
    assert ApiToken.objects.count() == 1


def test_no_one_creates_a_staff_token_for_someone_else(advisor, superuser):
    with pytest.raises(PermissionDenied):
        api_token_create(user=advisor, name="Script", by=superuser, totp_code=totp_code_now(superuser))


def test_a_staff_token_expires_in_90_days_at_most(advisor):
    created = api_token_create(user=advisor, name="Script", totp_code=totp_code_now(advisor))
    lifetime = created.token.expires_at - created.token.created_at
    assert datetime.timedelta(days=89) < lifetime <= datetime.timedelta(days=90) == STAFF_TOKEN_LIFETIME

    with pytest.raises(ValidationError) as refused:
        api_token_create(
            user=advisor,
            name="Pour toujours",
            expires_at=timezone.now() + datetime.timedelta(days=91),
            totp_code=totp_code_now(advisor),
        )
    assert "expires_at" in refused.value.message_dict
    # The database refuses a staff token without an expiry, whatever writes it.
    with pytest.raises(IntegrityError):
        ApiToken.objects.filter(pk=created.token.pk).update(expires_at=None)


def test_an_employer_token_keeps_its_optional_expiry():
    member = member_of(EmployerFactory())
    token = api_token_create(user=member, name="Logiciel RH").token
    assert token.expires_at is None
    assert not token.for_staff


def test_an_expired_staff_token_is_refused_with_the_api_s_error(client, advisor):
    created = api_token_create(user=advisor, name="Script", totp_code=totp_code_now(advisor))
    assert client.get(STAFF_API, **auth(created.key)).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(STAFF_API, **auth(created.key))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    with translation.override(settings.LANGUAGE_CODE):
        assert response.json()["error"]["message"] == gettext("This token has expired.")


# The admin.


def test_the_admin_asks_for_the_code_before_it_creates_a_staff_token(client, advisor):
    client.force_login(advisor)
    form = client.get(reverse(ADD)).content.decode()
    assert 'name="totp_code"' in form

    data = {"name": "Script d'export", "expires_at_0": "", "expires_at_1": ""}
    refused = client.post(reverse(ADD), {**data, "totp_code": "000000"})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["totp_code"]
    assert not ApiToken.objects.exists()

    done = client.post(reverse(ADD), {**data, "totp_code": totp_code_now(advisor)})
    assert done.status_code == 302
    token = ApiToken.objects.get()
    assert (token.user, token.for_staff) == (advisor, True)
    assert token.expires_at - token.created_at == STAFF_TOKEN_LIFETIME
    assert any(token.prefix in str(message) for message in get_messages(done.wsgi_request))


def test_managers_list_and_revoke_the_tokens_of_their_platform_s_staff(client, advisor, manager, platform):
    token = api_token_create(user=advisor, name="Script de l'agent", totp_code=totp_code_now(advisor)).token
    elsewhere = AdvisorFactory(memberships__platform=PlatformFactory())
    other = api_token_create(user=elsewhere, name="Script d'ailleurs", totp_code=totp_code_now(elsewhere)).token

    client.force_login(manager)
    content = client.get(reverse(LIST)).content.decode()
    assert "Script de l&#x27;agent" in content
    assert "Script d&#x27;ailleurs" not in content
    response = client.post(reverse(LIST), {"action": "revoke_tokens", "_selected_action": [token.pk, other.pk]})
    assert response.status_code == 302
    assert list(ApiToken.objects.filter(revoked_at__isnull=False)) == [token]

    # An advisor of another platform may not revoke it; the owner sees and revokes their own.
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=other, by=advisor)
    client.force_login(elsewhere)
    assert "Script d&#x27;ailleurs" in client.get(reverse(LIST)).content.decode()
    api_token_revoke(token=other, by=elsewhere)
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0


def test_a_manager_may_not_revoke_the_token_of_another_platform_s_staff(manager):
    elsewhere = AdvisorFactory(memberships__platform=PlatformFactory())
    token = api_token_create(user=elsewhere, name="Script", totp_code=totp_code_now(elsewhere)).token
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, by=manager)


class TokensMovedToAccounts:
    """The models the migration reads, as the tables stand now: its ``api.ApiToken`` is ``accounts.ApiToken`` since
    ``accounts`` 0008 (the table was renamed, its columns kept)."""

    def get_model(self, app_label: str, model_name: str) -> type[ApiToken]:
        assert (app_label, model_name) == ("api", "ApiToken")
        return ApiToken


def test_the_migration_dates_the_staff_tokens_made_before_the_rule(advisor):
    """Tokens made before (no expiry, or a far one) are marked as staff tokens and expire within 90 days."""
    migration = importlib.import_module("api.migrations.0002_staff_tokens_expire")
    member = member_of(EmployerFactory())
    far = timezone.now() + datetime.timedelta(days=365)
    rows = {
        "open": ApiToken.objects.create(user=advisor, name="Sans fin", key_hash="a" * 64, prefix="a"),
        "far": ApiToken.objects.create(user=advisor, name="Lointain", key_hash="b" * 64, prefix="b", expires_at=far),
        "member": ApiToken.objects.create(user=member, name="Logiciel RH", key_hash="c" * 64, prefix="c"),
    }

    migration.staff_tokens_expire(TokensMovedToAccounts(), None)

    tokens = {name: ApiToken.objects.get(pk=token.pk) for name, token in rows.items()}
    for name in ("open", "far"):
        assert tokens[name].for_staff
        assert tokens[name].expires_at <= timezone.now() + STAFF_TOKEN_LIFETIME
    assert (tokens["member"].for_staff, tokens["member"].expires_at) == (False, None)
