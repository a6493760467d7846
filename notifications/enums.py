"""Choices of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeFrequency(models.TextChoices):
    """How often someone hears of one kind of notice; each kind offers some of these (``NoticeKind.frequencies``)."""

    EACH = "each", _("An e-mail each time")
    DAILY = "daily", _("One summary e-mail a day")
    NONE = "none", _("No e-mail")


class NoticeAudience(models.TextChoices):
    """Who may choose a kind of notice on their settings page."""

    EMPLOYER = "employer", _("Employer members")
    ADVISOR = "advisor", _("Platform staff")
