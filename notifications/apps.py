"""E-mail notices, sent once through the outbox and retried until sent."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Imported here, once the models are ready: the receivers' modules read them. Not a way round a cycle.
        from notifications.receivers import receivers_connect

        receivers_connect()
