"""Employer leads: an employer's first contact with a platform, the visit it leads to, and the needs diagnosis.

The programme promises an employer a visit within ``VISIT_PROMISE_DAYS`` of their first contact. A lead records
that contact (a call, an e-mail, an event, prospecting), the visit booked, the visit made with its report, and the
staffing needs created from it (``StaffingNeed.lead``). The territorial reports read the days from first contact to
visit (``days_to_visit``) and cut them by the lead's commune (its EPCI and département), so these names are a
contract with them.

A lead changes only through ``employers.lead_services``, which checks each step; the constraints below keep the
status and the dates coherent whatever writes the row.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from accounts.access import PlatformScopedQuerySet
from employers.enums import VISIT_PROMISE_DAYS, LeadContactKind, LeadStatus
from referentials.i18n import lazy_interpolation
from referentials.text import PlainTextField, SingleLineCharField

VISIT_REPORT_MAX_LENGTH = 5000
# A lead still waiting for its visit: the statuses the promise of a visit applies to.
WAITING_FOR_VISIT = (LeadStatus.NEW, LeadStatus.VISIT_BOOKED)


class EmployerLeadQuerySet(PlatformScopedQuerySet):
    platform_path = "platform"

    def waiting_for_visit(self) -> "EmployerLeadQuerySet":
        return self.filter(status__in=WAITING_FOR_VISIT)

    def overdue(self, *, today: datetime.date) -> "EmployerLeadQuerySet":
        """Leads not visited ``VISIT_PROMISE_DAYS`` calendar days after their first contact (closed ones are not)."""
        return self.waiting_for_visit().filter(
            first_contact_on__lt=today - datetime.timedelta(days=VISIT_PROMISE_DAYS)
        )


class EmployerLead(models.Model):
    platform = models.ForeignKey(
        "accounts.Platform", verbose_name=_("platform"), on_delete=models.PROTECT, related_name="employer_leads"
    )
    # A known employer: set when the visit is recorded or, at the latest, when a need is created from the lead.
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    company_name = SingleLineCharField(
        _("company name"), max_length=200, help_text=_("As the employer gave it at first contact.")
    )
    # The employer's contact person (never a candidate).
    contact_name = SingleLineCharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    commune = models.ForeignKey(
        "referentials.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="employer_leads",
        help_text=_("Where the employer is."),
    )
    contact_kind = models.CharField(_("first contact by"), max_length=15, choices=LeadContactKind.choices)
    first_contact_on = models.DateField(_("first contact on"))
    status = models.CharField(
        _("status"), max_length=15, choices=LeadStatus.choices, default=LeadStatus.NEW, editable=False
    )
    visit_booked_for = models.DateTimeField(_("visit booked for"), null=True, blank=True, editable=False)
    visited_on = models.DateField(_("visited on"), null=True, blank=True, editable=False)
    visit_report = PlainTextField(
        _("visit report"),
        max_length=VISIT_REPORT_MAX_LENGTH,
        blank=True,
        editable=False,
        help_text=_("The needs diagnosis: jobs, numbers, dates, conditions, what the employer expects."),
    )
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    closed_reason = models.CharField(_("reason for closing"), max_length=255, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EmployerLeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer lead")
        verbose_name_plural = _("employer leads")
        ordering = ["-first_contact_on", "-pk"]
        indexes = [models.Index(fields=["platform", "status", "first_contact_on"], name="lead_platform_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(visited_on__isnull=True) | Q(visited_on__gte=F("first_contact_on")),
                name="lead_visited_after_first_contact",
                violation_error_message=_("A visit cannot come before the first contact."),
            ),
            # New and booked leads have no visit yet; a visited one has its date; a closed one may have either.
            models.CheckConstraint(
                condition=(
                    Q(status__in=WAITING_FOR_VISIT, visited_on__isnull=True)
                    | Q(status=LeadStatus.VISITED, visited_on__isnull=False)
                    | Q(status=LeadStatus.CLOSED)
                ),
                name="lead_status_matches_visit",
                violation_error_message=_("A visited lead has its visit date; a lead not yet visited has none."),
            ),
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.VISIT_BOOKED) | Q(visit_booked_for__isnull=False),
                name="lead_booked_has_date",
                violation_error_message=_("A booked visit has its date and time."),
            ),
            models.CheckConstraint(
                condition=(Q(status=LeadStatus.CLOSED) & ~Q(closed_reason=""))
                | (~Q(status=LeadStatus.CLOSED) & Q(closed_reason="")),
                name="lead_closed_has_reason",
                violation_error_message=_("A closed lead has its reason, and only a closed lead has one."),
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("visit_report"), VISIT_REPORT_MAX_LENGTH)),
                name="lead_visit_report_length",
                violation_error_message=lazy_interpolation(
                    _("A visit report has at most %(max)s characters."), max=VISIT_REPORT_MAX_LENGTH
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.first_contact_on:%d/%m/%Y})"

    @property
    def days_to_visit(self) -> int | None:
        """Calendar days from the first contact to the visit; ``None`` until the visit is recorded."""
        if self.visited_on is None:
            return None
        return (self.visited_on - self.first_contact_on).days

    def days_since_first_contact(self, today: datetime.date) -> int:
        return (today - self.first_contact_on).days

    def visit_due_on(self) -> datetime.date:
        """The last day of the promised visit."""
        return self.first_contact_on + datetime.timedelta(days=VISIT_PROMISE_DAYS)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in WAITING_FOR_VISIT and today > self.visit_due_on()
