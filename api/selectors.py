"""Reads of API tokens, scoped to their owner."""

from django.shortcuts import get_object_or_404

from accounts.models import User
from api.models import ApiToken


def api_token_list_for_user(*, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they show when they were revoked)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


def api_token_for_user(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; another user's token is not found."""
    token: ApiToken = get_object_or_404(ApiToken, user=user, pk=token_id)
    return token
