"""TOTP secrets and recovery-code seeds encrypted in the database (``MFA_ADAPTER``).

allauth stores each staff member's TOTP secret, and the seed their recovery codes derive from, in
``Authenticator.data``. In the clear, a copy of the database (a backup, a dump sent for support) would be enough to
produce valid second-factor codes for every advisor. ``EncryptingMFAAdapter`` encrypts them with Fernet
(AES-128-CBC and HMAC-SHA256) under a key derived from ``SECRET_KEY``, so that the database alone reveals nothing.

Rotating ``SECRET_KEY`` follows Django's own way: the old key goes into ``SECRET_KEY_FALLBACKS``, where it still
decrypts; new secrets are encrypted under the new key, and ``manage.py mfa_secrets_rotate`` encrypts the stored
ones again under it, after which the old key may leave the fallbacks. A secret that no key opens (the old key left
too early) fails the code check, never the page, and is logged: the person's authenticator is then reset in the
admin. Values written before encryption (no ``ENCRYPTED_PREFIX``) are read as they are, and migration 0004 encrypts
those already stored.
"""

import base64
import hashlib
import logging
import secrets
from collections.abc import Callable

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db.models import QuerySet

logger = logging.getLogger(__name__)

ENCRYPTED_PREFIX = "fernet:"
# Keeps these keys apart from every other use of SECRET_KEY (sessions, signing, password resets).
KEY_SALT = b"tremplin.accounts.mfa_secrets"


def _fernet_key(secret_key: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(KEY_SALT + secret_key.encode()).digest())


def _keys() -> MultiFernet:
    """The current key first (it encrypts), then the fallbacks (they still decrypt)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_fernet_key(secret)) for secret in secrets])


def mfa_secret_encrypt(text: str) -> str:
    return ENCRYPTED_PREFIX + _keys().encrypt(text.encode()).decode()


def mfa_secret_decrypt(stored: str) -> str:
    if not stored.startswith(ENCRYPTED_PREFIX):
        return stored  # written before encryption
    return _keys().decrypt(stored.removeprefix(ENCRYPTED_PREFIX).encode()).decode()


def mfa_secret_rotate(stored: str) -> str:
    """``stored`` encrypted again under the current key (it may have been encrypted under a fallback)."""
    if not stored.startswith(ENCRYPTED_PREFIX):
        return mfa_secret_encrypt(stored)
    return ENCRYPTED_PREFIX + _keys().rotate(stored.removeprefix(ENCRYPTED_PREFIX).encode()).decode()


# The values of ``Authenticator.data`` that allauth passes through the adapter's encrypt(), by authenticator type:
# single values, and lists of values.
SECRET_FIELDS = {"totp": ["secret"], "recovery_codes": ["seed"]}
SECRET_LISTS = {"recovery_codes": ["migrated_codes"]}


def authenticator_data_convert(data: dict, kind: str, convert: Callable[[str], str]) -> dict:
    """``data`` of an authenticator of type ``kind`` with each of its secrets passed through ``convert``."""
    data = dict(data)
    for name in SECRET_FIELDS.get(kind, []):
        if isinstance(data.get(name), str):
            data[name] = convert(data[name])
    for name in SECRET_LISTS.get(kind, []):
        if isinstance(data.get(name), list):
            data[name] = [convert(value) for value in data[name]]
    return data


def authenticators_convert(authenticators: QuerySet, convert: Callable[[str], str]) -> int:
    """Pass every secret of ``authenticators`` (a queryset of allauth's ``Authenticator``, or of its historical
    model in a migration) through ``convert`` and store it; returns how many authenticators hold secrets."""
    count = 0
    for authenticator in authenticators.filter(type__in=list(SECRET_FIELDS)).order_by("pk"):
        authenticator.data = authenticator_data_convert(authenticator.data, authenticator.type, convert)
        authenticator.save(update_fields=["data"])
        count += 1
    return count


class EncryptingMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return mfa_secret_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return mfa_secret_decrypt(encrypted_text)
        except InvalidToken:
            logger.error("A stored TOTP secret or recovery seed opens with no current or fallback SECRET_KEY")
            # A secret nobody knows: every code is refused, as for a wrong code, and the page still answers.
            return base64.b32encode(secrets.token_bytes(20)).decode()
