"""What the dashboard still counts of people whose profile was anonymised (``matching.services.hire_tallies``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.enums import PositiveActionGroup


class AnonymisedHireTally(models.Model):
    """Hires of people since anonymised, counted by sensitive group, per platform and whole month.

    Anonymisation deletes a person's sensitive situation; their hire stays a row, and the dashboard's share of hires
    from each group reads the situation of the person hired. Before it is deleted, each of the person's hires is
    added here to its platform's and month's count for each group they belonged to: a count of people, never a
    person, which the dashboard adds to what it reads from the profiles still kept.
    """

    platform = models.ForeignKey("accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT)
    month = models.DateField(_("month"), help_text=_("Its first day."))
    group = models.CharField(_("group"), max_length=40, choices=PositiveActionGroup.choices)
    hires = models.PositiveIntegerField(_("hires"), default=0)

    class Meta:
        verbose_name = _("hires of anonymised people")
        verbose_name_plural = _("hires of anonymised people")
        constraints = [
            models.UniqueConstraint(fields=["platform", "month", "group"], name="anonymised_hire_tally_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="anonymised_hire_tally_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} {self.month:%Y-%m} {self.group}: {self.hires}"


class AnonymisedFollowUpTally(models.Model):
    """Six-month checks of solutions of people since anonymised, counted by sensitive group, per platform and whole
    month of the day the check fell due.

    Retention at six months by group (``staff.dashboard.retention``) reads the situation of each person checked, as
    the shares of hires do; before anonymisation deletes it, each of the person's answered checks is added here:
    ``checked``, and ``in_work`` when the check found them in work.
    """

    platform = models.ForeignKey("accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT)
    month = models.DateField(_("month"), help_text=_("Its first day."))
    group = models.CharField(_("group"), max_length=40, choices=PositiveActionGroup.choices)
    checked = models.PositiveIntegerField(_("checked solutions"), default=0)
    in_work = models.PositiveIntegerField(_("still in work"), default=0)

    class Meta:
        verbose_name = _("six-month checks of anonymised people")
        verbose_name_plural = _("six-month checks of anonymised people")
        constraints = [
            models.UniqueConstraint(fields=["platform", "month", "group"], name="anonymised_follow_up_tally_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="anonymised_follow_up_tally_month_first_day"),
            models.CheckConstraint(
                condition=Q(in_work__lte=models.F("checked")), name="anonymised_follow_up_tally_in_work_checked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} {self.month:%Y-%m} {self.group}: {self.in_work}/{self.checked}"
