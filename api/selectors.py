"""Reads of API tokens, scoped to their owner."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import manager_platform_ids_for
from accounts.enums import MembershipRole
from accounts.models import User
from api.models import ApiToken


def api_token_list_for_user(*, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they show when they were revoked)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


def api_token_for_user(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; another user's token is not found."""
    token: ApiToken = get_object_or_404(ApiToken, user=user, pk=token_id)
    return token


def api_tokens_visible_to(*, user: User, tokens: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """The tokens the admin lists to ``user``: their own, those of the staff of the platforms they manage (who may
    revoke them, ``api.services.api_token_revoke``), everyone's for a superuser."""
    tokens = ApiToken.objects.all() if tokens is None else tokens
    if user.is_superuser:
        return tokens
    managed = Q(
        user__memberships__platform__in=manager_platform_ids_for(user),
        user__memberships__role__in=MembershipRole.platform_roles(),
    )
    return tokens.filter(Q(user=user) | managed).distinct()
