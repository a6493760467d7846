"""API tokens: create one (its key is returned once, only its hash is kept), revoke one, and the reads scoped to
their owner.

Every door that deals with tokens goes through here: the portal's tokens page, the staff admin and the API's
authentication. Staff tokens are created after a TOTP check and expire within ``STAFF_TOKEN_LIFETIME``.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import manager_platform_ids_for, platform_ids_for
from accounts.enums import MembershipRole
from accounts.mfa import totp_code_confirm, user_requires_totp
from accounts.models import ApiToken, User

KEY_BYTES = 32
# A staff token opens personal data without the second factor: it lasts a quarter at most, then is made again.
STAFF_TOKEN_LIFETIME = datetime.timedelta(days=90)
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
    *,
    user: User,
    name: str,
    expires_at: datetime.datetime | None = None,
    by: User | None = None,
    totp_code: str = "",
) -> CreatedToken:
    """A new token for ``user``; the raw key is in the result and nowhere else.

    Only the user themselves, or a superuser, may create a token for a user. A staff member's token (anyone who must
    have two-factor authentication) is created by its owner only, with the current code of their authenticator
    (``totp_code``), and expires within ``STAFF_TOKEN_LIFETIME`` (by default at its end).
    """
    by = by or user
    if by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied(_("You may only create tokens for yourself."))
    if not user.is_active:
        raise ValidationError(_("An inactive user cannot have an API token."), code="inactive_user")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="name")
    now = timezone.now()
    for_staff = user_requires_totp(user)
    if for_staff:
        expires_at = _staff_expiry(user=user, by=by, expires_at=expires_at, now=now)
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken(
        user=user,
        name=name,
        key_hash=api_key_hash(key),
        prefix=key[:PREFIX_LENGTH],
        created_at=now,
        expires_at=expires_at,
        for_staff=for_staff,
    )
    token.full_clean()  # the name's length, an expiry in the future
    # Last: a code is used once, and is not spent on a token refused for another reason.
    if for_staff and not totp_code_confirm(user=user, code=totp_code):
        raise ValidationError({"totp_code": _("Type the code your authenticator app shows now.")}, code="totp_code")
    token.save()
    return CreatedToken(token=token, key=key)


def _staff_expiry(
    *, user: User, by: User, expires_at: datetime.datetime | None, now: datetime.datetime
) -> datetime.datetime:
    if by.pk != user.pk:
        # The second factor is the owner's: no one else can give it.
        raise PermissionDenied(_("A staff member creates their own tokens."))
    latest = now + STAFF_TOKEN_LIFETIME
    if expires_at is None:
        return latest
    if expires_at > latest:
        raise ValidationError(
            {"expires_at": _("A staff token expires within %(days)d days.") % {"days": STAFF_TOKEN_LIFETIME.days}},
            code="expires_at",
        )
    return expires_at


def api_token_may_revoke(*, token: ApiToken, by: User) -> bool:
    """Its owner, a superuser, and the managers of a platform the owner works for."""
    if token.user_id == by.pk or by.is_superuser:
        return True
    managed = manager_platform_ids_for(by)
    return bool(managed and managed & platform_ids_for(token.user))


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once: the next request that presents it is refused. Revoking twice changes nothing.

    Revoked by its owner, a superuser, or a manager of the owner's platforms (``api_token_may_revoke``)."""
    if not api_token_may_revoke(token=token, by=by):
        raise PermissionDenied(_("You may only revoke your own tokens, or those of your platforms' staff."))
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


# Reads


def api_token_list_for_user(*, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they show when they were revoked)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


def api_token_for_user(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; another user's token is not found."""
    token: ApiToken = get_object_or_404(ApiToken, user=user, pk=token_id)
    return token


def api_tokens_visible_to(*, user: User, tokens: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """The tokens the admin lists to ``user``: their own, those of the staff of the platforms they manage (who may
    revoke them, ``api_token_revoke``), everyone's for a superuser."""
    tokens = ApiToken.objects.all() if tokens is None else tokens
    if user.is_superuser:
        return tokens
    managed = Q(
        user__memberships__platform__in=manager_platform_ids_for(user),
        user__memberships__role__in=MembershipRole.platform_roles(),
    )
    return tokens.filter(Q(user=user) | managed).distinct()
