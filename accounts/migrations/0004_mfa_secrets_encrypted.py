"""TOTP secrets and recovery-code seeds stored before accounts/mfa_secrets.py are encrypted in place.

Run it with the settings of the server whose database it is (``DJANGO_SETTINGS_MODULE``, ``DJANGO_SECRET_KEY``): the
secrets are encrypted under that key.
"""

from django.db import migrations

from accounts.mfa_secrets import ENCRYPTED_PREFIX, authenticators_convert, mfa_secret_decrypt, mfa_secret_encrypt


def _encrypt(value: str) -> str:
    return value if value.startswith(ENCRYPTED_PREFIX) else mfa_secret_encrypt(value)


def encrypt_stored(apps, schema_editor) -> None:
    authenticators_convert(apps.get_model("mfa", "Authenticator").objects.all(), _encrypt)


def decrypt_stored(apps, schema_editor) -> None:
    authenticators_convert(apps.get_model("mfa", "Authenticator").objects.all(), mfa_secret_decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_employer_access"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_stored, decrypt_stored)]
