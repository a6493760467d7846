"""``manage.py mfa_secrets_rotate``: encrypt every stored TOTP secret and recovery seed again under the current key.

After ``DJANGO_SECRET_KEY`` changed (the old one kept in ``DJANGO_SECRET_KEY_FALLBACKS``): once this has run, the old
key may leave the fallbacks without locking anyone out (accounts/mfa_secrets.py).
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.mfa_secrets import authenticators_convert, mfa_secret_rotate


class Command(BaseCommand):
    help = "Encrypt every stored TOTP secret and recovery seed again under the current SECRET_KEY."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            count = authenticators_convert(Authenticator.objects.select_for_update(), mfa_secret_rotate)
        self.stdout.write(f"{count} authenticator(s) encrypted under the current key.")
