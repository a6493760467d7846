from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Imported here: the app registry must be ready before the models the triggers name are read.
        from matching.columns_feed import columns_feed_install_after_migrate

        post_migrate.connect(columns_feed_install_after_migrate, sender=self)
