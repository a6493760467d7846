"""TOTP secrets and recovery-code seeds stored before accounts/mfa_secrets.py are encrypted in place."""

from django.db import migrations

from accounts.mfa_secrets import ENCRYPTED_PREFIX, mfa_secret_decrypt, mfa_secret_encrypt

# The values of ``Authenticator.data`` that allauth passes through the adapter's encrypt(), by authenticator type.
SECRET_FIELDS = {"totp": ["secret"], "recovery_codes": ["seed"]}
SECRET_LISTS = {"recovery_codes": ["migrated_codes"]}


def _converted(data: dict, kind: str, convert) -> dict:
    data = dict(data)
    for name in SECRET_FIELDS.get(kind, []):
        if isinstance(data.get(name), str):
            data[name] = convert(data[name])
    for name in SECRET_LISTS.get(kind, []):
        if isinstance(data.get(name), list):
            data[name] = [convert(value) for value in data[name]]
    return data


def _encrypt(value: str) -> str:
    return value if value.startswith(ENCRYPTED_PREFIX) else mfa_secret_encrypt(value)


def _each_authenticator(apps, convert) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(SECRET_FIELDS)).order_by("pk"):
        authenticator.data = _converted(authenticator.data, authenticator.type, convert)
        authenticator.save(update_fields=["data"])


def encrypt_stored(apps, schema_editor) -> None:
    _each_authenticator(apps, _encrypt)


def decrypt_stored(apps, schema_editor) -> None:
    _each_authenticator(apps, mfa_secret_decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_employer_access"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_stored, decrypt_stored)]
