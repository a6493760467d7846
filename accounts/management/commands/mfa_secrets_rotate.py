"""``manage.py mfa_secrets_rotate``: encrypt every stored TOTP secret and recovery seed again under the current key.

After ``DJANGO_SECRET_KEY`` changed (the old one kept in ``DJANGO_SECRET_KEY_FALLBACKS``): once this has run, the old
key may leave the fallbacks without locking anyone out (accounts/mfa_secrets.py).
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.mfa_secrets import SECRET_FIELDS, authenticator_data_convert, mfa_secret_rotate


class Command(BaseCommand):
    help = "Encrypt every stored TOTP secret and recovery seed again under the current SECRET_KEY."

    def handle(self, *args: object, **options: object) -> None:
        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update().filter(type__in=list(SECRET_FIELDS)):
                authenticator.data = authenticator_data_convert(
                    authenticator.data, authenticator.type, mfa_secret_rotate
                )
                authenticator.save(update_fields=["data"])
                count += 1
        self.stdout.write(f"{count} authenticator(s) encrypted under the current key.")
