"""The territorial reports' monthly counts, kept ready: one row per month, place, sector and measure.

The report pages read these rows, never the live tables: a page answers from a few hundred rows whatever the number
of candidates (``docs/adr/0013-territorial-reports.md``). ``matching.reporting.facts.report_facts_refresh`` rebuilds
them all in one transaction, every hour from the beat; ``ReportRefresh`` says when, which the pages show.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportFact(models.Model):
    """A count for one month, platform, EPCI, département, NAF section and ROME family: never a person.

    An empty place or sector is one the source does not tell (a training entry has no employer; a hire of a person
    since anonymised keeps only its platform and month). ``days`` adds up the durations of a duration measure (its
    mean is ``days / count``); it is 0 for the others.
    """

    month = models.DateField(_("month"), help_text=_("Its first day."))
    platform = models.ForeignKey("accounts.Platform", verbose_name=_("platform"), on_delete=models.CASCADE)
    epci_code = models.CharField(_("EPCI"), max_length=9, blank=True)
    departement_code = models.CharField(_("département"), max_length=3, blank=True)
    naf_section = models.CharField(_("NAF section"), max_length=1, blank=True)
    rome_family = models.CharField(_("ROME family"), max_length=3, blank=True)
    measure = models.CharField(_("measure"), max_length=60)
    count = models.PositiveIntegerField(_("count"))
    days = models.PositiveBigIntegerField(_("days"), default=0)

    class Meta:
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month", "platform", "epci_code", "departement_code", "naf_section", "rome_family"],
                name="report_fact_unique",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="report_fact_month_first_day"),
        ]
        indexes = [models.Index(fields=["measure", "month"], name="report_fact_measure_month")]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m} {self.platform_id}: {self.count}"


class ReportRefresh(models.Model):
    """When the report figures were last rebuilt: one row, replaced by each rebuild."""

    refreshed_at = models.DateTimeField(_("refreshed at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    fact_rows = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("report refresh")
        verbose_name_plural = _("report refreshes")

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"
