from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # The schema generator learns how tokens authenticate from this extension, registered on import.
        from api import schema  # noqa: F401
