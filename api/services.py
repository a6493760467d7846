"""Writes on API tokens: create one (its key is returned once, only its hash is kept) and revoke one."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import ApiToken

KEY_BYTES = 32
PREFIX_LENGTH = 8
# A token used again within this delay does not write its last use again: one write a minute at most.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    key: str  # shown once to its owner, never stored


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime.datetime | None = None, by: User | None = None
) -> CreatedToken:
    """A new token for ``user``; the raw key is in the result and nowhere else.

    Only the user themselves, or a superuser, may create a token for a user.
    """
    by = by or user
    if by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied(_("You may only create tokens for yourself."))
    if not user.is_active:
        raise ValidationError(_("An inactive user cannot have an API token."), code="inactive_user")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="name")
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken(
        user=user, name=name, key_hash=api_key_hash(key), prefix=key[:PREFIX_LENGTH], expires_at=expires_at
    )
    token.full_clean()  # the name's length, an expiry in the future
    token.save()
    return CreatedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once: the next request that presents it is refused. Revoking twice changes nothing."""
    if token.user_id != by.pk and not by.is_superuser:
        raise PermissionDenied(_("You may only revoke your own tokens."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    token.revoked_at = locked.revoked_at
    return locked


def api_token_used(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record a use of the token, at most once a minute (a single UPDATE, no lock)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
