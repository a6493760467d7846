"""TOTP secrets and recovery-code seeds encrypted in the database (``MFA_ADAPTER``).

allauth stores each staff member's TOTP secret, and the seed their recovery codes derive from, in
``Authenticator.data``. In the clear, a copy of the database (a backup, a dump sent for support) would be enough to
produce valid second-factor codes for every advisor. ``EncryptingMFAAdapter`` encrypts them with Fernet
(AES-128-CBC and HMAC-SHA256) under a key derived from ``SECRET_KEY``, so that the database alone reveals nothing.

Rotating ``SECRET_KEY`` follows Django's own way: the old key goes into ``SECRET_KEY_FALLBACKS``, where it still
decrypts; new secrets are encrypted under the new key. Values written before encryption (no ``ENCRYPTED_PREFIX``)
are read as they are, and migration 0004 encrypts those already stored.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

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


class EncryptingMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return mfa_secret_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secret_decrypt(encrypted_text)
