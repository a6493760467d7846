"""A test user's API token, as the header the Django test client sends with each call."""

import datetime

from django.utils import timezone

from accounts.api_tokens import api_token_create
from accounts.models import User
from tests.accounts.factories import totp_code_now


def token_headers(user: User) -> dict[str, str]:
    """The keyword arguments of the test client's calls that authenticate as ``user`` (a token valid for a day)."""
    key = api_token_create(
        user=user, name="Tests", expires_at=timezone.now() + datetime.timedelta(days=1), totp_code=totp_code_now(user)
    ).key
    return {"HTTP_AUTHORIZATION": f"Token {key}"}
