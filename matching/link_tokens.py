"""The tokens of the secure links sent to candidates: derived, never stored, never carried by a task.

A link's token is ``HMAC-SHA256(site secret, random salt)``, base64url-encoded (43 characters, 256 bits). The row
keeps the salt (``CandidateLink.token_salt``, 128 random bits) and the SHA-256 of the token (``token_hash``, the one
column a page looks a token up by); the token itself is written nowhere:

- the service that sends a link derives it once, only to store its digest;
- the task that sends the e-mail or the SMS receives the link's id (task arguments, the outbox's ``TaskToSend`` and
  the broker carry ids only) and derives the token again from the row's salt, at the moment it writes the message;
- the e-mail notice is recorded with a placeholder in place of the address (``notifications.link_notices``) and the
  placeholder is filled only when the e-mail is handed to the mail server, so that an unsent notice waiting for a
  retry holds no usable link either.

Someone who reads the database gets digests and salts: without the site's secret key neither opens a link. Someone
who knows the secret key but not the salt of a row cannot forge one either. Changing the secret key between a link's
sending and its delivery would make the message carry a token that opens nothing: send the link again.
"""

import base64
import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

KEY_SALT = "matching.candidate_link"
# What a token looks like: base64url without padding. Anything else is refused before any hashing or query.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def link_salt_new() -> str:
    """A new random salt for one link (128 bits, base64url)."""
    return secrets.token_urlsafe(16)


def link_token(salt: str) -> str:
    """The token of the link whose salt is ``salt``: the same for the same salt and secret key."""
    digest = salted_hmac(KEY_SALT, salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def link_token_hash(token: str) -> str:
    """The digest stored for a token (SHA-256, hexadecimal)."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_is_well_formed(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token))
