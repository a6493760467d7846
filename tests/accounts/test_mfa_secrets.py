"""TOTP secrets and recovery-code seeds are stored encrypted, survive a SECRET_KEY rotation through its fallbacks,
and those stored before encryption are encrypted by migration 0004 (accounts/mfa_secrets.py)."""

import importlib
import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management import call_command

from accounts.mfa_secrets import ENCRYPTED_PREFIX, mfa_secret_decrypt, mfa_secret_encrypt
from tests.accounts.factories import AdvisorFactory, UserFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("accounts.migrations.0004_mfa_secrets_encrypted")


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_totp_secret_is_stored_encrypted_and_still_checks_codes():
    advisor = AdvisorFactory()
    stored = Authenticator.objects.get(user=advisor, type=Authenticator.Type.TOTP)

    assert stored.data["secret"].startswith(ENCRYPTED_PREFIX)
    assert advisor.totp_secret not in str(stored.data)
    assert TOTP(stored).validate_code(current_code(advisor.totp_secret))
    assert not TOTP(stored).validate_code("000000" if current_code(advisor.totp_secret) != "000000" else "111111")


def test_recovery_codes_derive_from_an_encrypted_seed():
    user = UserFactory()
    codes = RecoveryCodes.activate(user)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)

    assert stored.data["seed"].startswith(ENCRYPTED_PREFIX)
    unused = codes.get_unused_codes()
    assert len(unused) == 10
    assert not [code for code in unused if code in str(stored.data)]
    assert RecoveryCodes(stored).validate_code(unused[0])


def test_a_rotated_secret_key_still_reads_what_the_old_one_encrypted(settings):
    stored = mfa_secret_encrypt("JBSWY3DPEHPK3PXP")
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, [old_key]
    assert mfa_secret_decrypt(stored) == "JBSWY3DPEHPK3PXP"
    assert mfa_secret_decrypt(mfa_secret_encrypt("JBSWY3DPEHPK3PXP")) == "JBSWY3DPEHPK3PXP"

    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidToken):
        mfa_secret_decrypt(stored)


def test_the_migration_encrypts_what_was_stored_in_the_clear_once():
    user = UserFactory()
    secret = generate_totp_secret()
    clear = Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    assert mfa_secret_decrypt(clear.data["secret"]) == secret, "a value stored in the clear is read as it is"

    migration.encrypt_stored(apps, None)
    migration.encrypt_stored(apps, None)  # run twice: encrypted once

    clear.refresh_from_db()
    assert clear.data["secret"].startswith(ENCRYPTED_PREFIX)
    assert mfa_secret_decrypt(clear.data["secret"]) == secret
    assert TOTP(clear).validate_code(current_code(secret))

    migration.decrypt_stored(apps, None)
    clear.refresh_from_db()
    assert clear.data == {"secret": secret}


def test_after_a_rotation_the_command_lets_the_old_key_go(settings):
    advisor = AdvisorFactory()
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "y" * 40, [old_key]

    call_command("mfa_secrets_rotate", stdout=StringIO())

    settings.SECRET_KEY_FALLBACKS = []
    stored = Authenticator.objects.get(user=advisor, type=Authenticator.Type.TOTP)
    assert TOTP(stored).validate_code(current_code(advisor.totp_secret))


def test_a_secret_no_key_opens_refuses_the_code_without_an_error(settings, caplog):
    advisor = AdvisorFactory()
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "z" * 40, []
    stored = Authenticator.objects.get(user=advisor, type=Authenticator.Type.TOTP)

    assert not TOTP(stored).validate_code(current_code(advisor.totp_secret))
    assert "opens with no current or fallback SECRET_KEY" in caplog.text
    assert advisor.totp_secret not in caplog.text
