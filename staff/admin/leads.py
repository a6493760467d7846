"""Staff admin for employer leads: the platform's list (filtered by status, overdue visits), a lead added or its
details changed through ``employers.lead_services`` with the same refusals as the staff pages.

The steps of a lead (booking the visit, recording it with its report, closing, creating needs) are taken on its
staff page (``staff/intake/``), which the change page links to; here they are read only.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from employers.enums import VISIT_PROMISE_DAYS
from employers.lead_services import lead_create, lead_details_save
from employers.leads import EmployerLead
from staff.admin.refusals import ServiceRefusalsAdminMixin
from staff.admin.scoping import PlatformScopedAdmin

DETAIL_FIELDS = (
    "company_name",
    "commune",
    "contact_kind",
    "first_contact_on",
    "contact_name",
    "contact_phone",
    "contact_email",
    "employer",
)


class OverdueFilter(admin.SimpleListFilter):
    title = _("visit")
    parameter_name = "visit"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("overdue", _("Overdue (%(days)d days after the first contact)") % {"days": VISIT_PROMISE_DAYS})]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "overdue":
            return queryset.overdue(today=timezone.localdate())
        return queryset


@admin.register(EmployerLead)
class EmployerLeadAdmin(ServiceRefusalsAdminMixin, PlatformScopedAdmin):
    list_display = [
        "company_name",
        "commune",
        "contact_kind",
        "first_contact_on",
        "status",
        "visited_on",
        "days_to_visit_shown",
        "employer",
        "platform",
    ]
    list_filter = ["status", OverdueFilter, "contact_kind", "platform"]
    search_fields = ["company_name", "employer__legal_name", "commune__name"]
    autocomplete_fields = ["commune", "employer"]
    list_select_related = ["commune", "employer", "platform"]
    date_hierarchy = "first_contact_on"
    readonly_fields = [
        "status",
        "visit_booked_for",
        "visited_on",
        "visited_by",
        "visit_report",
        "closed_reason",
        "created_by",
        "created_at",
        "staff_page_link",
    ]
    fieldsets = (
        (None, {"fields": ("platform", *DETAIL_FIELDS)}),
        (
            _("Visit"),
            {
                "fields": (
                    "status",
                    "visit_booked_for",
                    "visited_on",
                    "visited_by",
                    "visit_report",
                    "closed_reason",
                    "created_by",
                    "created_at",
                    "staff_page_link",
                )
            },
        ),
    )

    @admin.display(description=_("days to visit"))
    def days_to_visit_shown(self, lead: EmployerLead) -> int | str:
        return "—" if lead.days_to_visit is None else lead.days_to_visit

    @admin.display(description=_("staff page"))
    def staff_page_link(self, lead: EmployerLead) -> str:
        if not lead.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("staff:lead_detail", args=[lead.pk]),
            _("Book, record or close the visit, create its needs"),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: EmployerLead | None = None) -> list[str]:
        # A lead stays with the platform it came to.
        return [*self.readonly_fields, "platform"] if obj is not None else list(self.readonly_fields)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, object]:
        return {"first_contact_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_model(self, request: HttpRequest, obj: EmployerLead, form, change: bool) -> None:
        if change:
            lead_details_save(lead=obj, by=request.user)
            return
        created = lead_create(
            platform=obj.platform, by=request.user, **{name: getattr(obj, name) for name in DETAIL_FIELDS}
        )
        # The admin goes on with the object it was given (its history entry, the next page).
        obj.pk, obj.created_by, obj.created_at = created.pk, created.created_by, created.created_at
        obj._state.adding = False
