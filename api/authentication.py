"""Token authentication: ``Authorization: Token <key>`` (or ``Bearer <key>``), checked against the stored hash.

A revoked or expired token, an unknown key, an inactive user or a staff account's token not made as a staff token
(``accounts.api_tokens``) gets 401. The token's last use is written at most once
a minute, so that a busy client does not turn every read into a write. Browsers use the session instead
(``SessionAuthentication``, with its CSRF check).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.api_tokens import api_key_hash, api_token_used
from accounts.models import ApiToken, User

SCHEMES = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower().decode("latin-1") not in SCHEMES:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after its keyword, without spaces."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple[User, ApiToken]:
        now = timezone.now()
        token = ApiToken.objects.select_related("user").filter(key_hash=api_key_hash(key)).first()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if token.user.is_staff and not token.for_staff:
            # Made before its account became staff: without the two-factor check and the expiry of a staff token.
            raise exceptions.AuthenticationFailed(_("This token was made before the account became staff."))
        api_token_used(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
