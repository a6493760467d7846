"""The partners' front door: advisors of France Travail agencies, Missions Locales, Cap emploi and others propose
people to a platform and follow what became of them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner space")
