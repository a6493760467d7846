"""Staff admin for employers, sites and staffing needs.

An employer is saved through ``employers.services.employer_save``. A need is saved, and its status changed,
through ``matching.services.needs``, as in the portal and the API: the same refusals (a need no longer editable),
the same work afterwards (a run, or only its proposals allocated again for a headcount change). Its requirements
are edited on the need's own page, whose inlines are saved inside that service's checks; their own lists are
read-only.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employers.models import (
    Employer,
    NeedCertification,
    NeedLanguage,
    NeedSkill,
    NeedStatusChange,
    RecruitingWave,
    Site,
    StaffingNeed,
)
from employers.need_forms import waves_checked
from employers.services import TRAINING_FIELDS, employer_save
from employers.wave_services import need_waves_save
from matching.services import needs
from staff.admin.refusals import ServiceRefusalsAdminMixin, rows_action
from staff.admin.scoping import PlatformScopedAdmin, ReadOnlyScopedAdmin


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Employer)
class EmployerAdmin(ServiceRefusalsAdminMixin, PlatformScopedAdmin):
    list_display = ["legal_name", "siret", "naf_code", "platform"]
    list_filter = ["platform"]
    search_fields = ["legal_name", "siret"]
    inlines = [SiteInline]
    list_select_related = ["platform"]

    def save_model(self, request: HttpRequest, obj: Employer, form, change: bool) -> None:
        employer_save(employer=obj, by=request.user)


@admin.register(Site)
class SiteAdmin(PlatformScopedAdmin):
    platform_path = "employer__platform"
    list_display = ["name", "employer", "commune", "address"]
    search_fields = ["name", "employer__legal_name", "commune__name"]
    autocomplete_fields = ["employer", "commune"]
    list_select_related = ["employer", "commune"]


class NeedSkillInline(admin.TabularInline):
    model = NeedSkill
    extra = 0
    autocomplete_fields = ["skill"]


class NeedLanguageInline(admin.TabularInline):
    model = NeedLanguage
    extra = 0
    autocomplete_fields = ["language"]


class NeedCertificationInline(admin.TabularInline):
    model = NeedCertification
    extra = 0
    autocomplete_fields = ["certification"]


class RecruitingWaveInline(admin.TabularInline):
    """A need's waves: their dates and headcounts are saved through ``employers.wave_services.need_waves_save`` (rows
    kept in place, a wave with hires or candidates never removed), checked as the portal checks them; the hires and
    the status are the hiring's, the cohort the cohorts' services."""

    model = RecruitingWave
    extra = 0
    fields = ["starts_on", "hires_planned", "status", "hires_count", "cohort"]
    readonly_fields = ["status", "hires_count", "cohort"]


class NeedStatusChangeInline(admin.TabularInline):
    model = NeedStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "reason"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _status_action(service, label: str):
    return rows_action(
        lambda need, user: service(need=need, by=user),
        label=label,
        name=f"action_{service.__name__}",
        done=lambda count: ngettext("%(count)d need updated.", "%(count)d needs updated.", count) % {"count": count},
    )


@admin.register(StaffingNeed)
class StaffingNeedAdmin(ServiceRefusalsAdminMixin, PlatformScopedAdmin):
    platform_path = "employer__platform"
    list_display = ["title", "employer", "site", "occupation", "headcount", "hires_count", "start_date", "status"]
    list_filter = ["status", "contract_type", "accepts_beginners", "offers_training", "employer__platform"]
    search_fields = ["title", "employer__legal_name", "occupation__label", "occupation__rome_code"]
    autocomplete_fields = ["employer", "site", "occupation", "training_skills", "mrs_skills"]
    readonly_fields = ["status", "hires_count", "status_changed_at", "status_changed_by", "review_link", "lead_link"]
    date_hierarchy = "start_date"
    list_select_related = ["employer", "site", "site__commune", "occupation"]
    inlines = [
        NeedSkillInline,
        NeedLanguageInline,
        NeedCertificationInline,
        RecruitingWaveInline,
        NeedStatusChangeInline,
    ]
    actions = [
        _status_action(needs.need_publish, _("Publish the selected needs")),
        _status_action(needs.need_close, _("Close the selected needs")),
        _status_action(needs.need_cancel, _("Cancel the selected needs")),
    ]

    @admin.display(description=_("review"))
    def review_link(self, need: StaffingNeed) -> str:
        if not need.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> — <a href="{}">{}</a>',
            reverse("staff:need_review", args=[need.pk]),
            _("Review its suggestions"),
            reverse("staff:need_board", args=[need.pk]),
            _("Open its board"),
        )

    def save_model(self, request: HttpRequest, obj: StaffingNeed, form, change: bool) -> None:
        # The portal's first step: a need no longer editable is refused (its inlines with it), a headcount change
        # only allocates the need's proposals again, a change to what the score reads starts a run.
        needs.need_details_save(need=obj, by=request.user)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not RecruitingWave:
            super().save_formset(request, form, formset, change)
            return
        rows = [
            (row.cleaned_data["starts_on"], row.cleaned_data["hires_planned"])
            for row in formset.forms
            if row.cleaned_data.get("starts_on") and not row.cleaned_data.get("DELETE")
        ]
        need_waves_save(need=form.instance, waves=waves_checked(need=form.instance, waves=rows))
        # The service saved the rows: the admin's history message lists no inline row of its own.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Requirements and training live in the inlines and the training fields, as in the portal's later steps:
        # only once they are saved is the need complete enough to match.
        training_changed = not set(form.changed_data).isdisjoint(TRAINING_FIELDS)
        if training_changed or any(formset.has_changed() for formset in formsets):
            needs.need_matching_changed(need=form.instance, by=request.user)

    fieldsets = (
        (None, {"fields": ("employer", "site", "occupation", "title", "headcount", "start_date")}),
        (
            _("Contract"),
            {
                "fields": (
                    "contract_type",
                    "contract_duration_months",
                    "working_time",
                    "weekly_hours",
                    "has_shifts",
                    "has_weekend_work",
                    "salary_min",
                    "salary_max",
                )
            },
        ),
        (
            _("Profile sought"),
            {
                "fields": (
                    "minimum_education",
                    "minimum_experience_years",
                    "accepts_beginners",
                    "has_accessible_workstation",
                )
            },
        ),
        (
            _("Pre-hiring training"),
            {"fields": ("offers_training", "training_kind", "training_weeks", "training_skills")},
        ),
        (
            _("MRS test (recruitment by simulation)"),
            {
                "description": _(
                    "What a test passed in an MRS session serving this need stands in for (among the required skills)."
                ),
                "fields": ("mrs_replaces_experience", "mrs_skills"),
            },
        ),
        (
            _("Job description"),
            {
                "description": _("Plain text; each part is shown to candidates only when its box is ticked."),
                "fields": (
                    ("job_summary", "shows_job_summary"),
                    ("profile_sought", "shows_profile_sought"),
                    ("selection_steps", "shows_selection"),
                    "selection_details",
                    ("hours_description", "shows_hours"),
                    ("place_and_access", "shows_place_and_access"),
                    ("benefits", "shows_benefits"),
                    "shows_pay",
                ),
            },
        ),
        (
            _("Status"),
            {
                "fields": (
                    "status",
                    "hires_count",
                    "status_changed_at",
                    "status_changed_by",
                    "review_link",
                    "lead_link",
                )
            },
        ),
    )

    @admin.display(description=_("employer lead"))
    def lead_link(self, need: StaffingNeed) -> str:
        """The visit this need was diagnosed at, on its staff page."""
        if need.lead_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("staff:lead_detail", args=[need.lead_id]), need.lead)


@admin.register(NeedSkill)
class NeedSkillAdmin(ReadOnlyScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "skill", "importance"]
    list_filter = ["importance"]
    autocomplete_fields = ["need", "skill"]
    list_select_related = ["need__employer", "skill"]


@admin.register(NeedLanguage)
class NeedLanguageAdmin(ReadOnlyScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "language", "level", "is_mandatory"]
    list_filter = ["is_mandatory", "level"]
    autocomplete_fields = ["need", "language"]
    list_select_related = ["need__employer", "language"]


@admin.register(NeedCertification)
class NeedCertificationAdmin(ReadOnlyScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "certification", "is_mandatory"]
    autocomplete_fields = ["need", "certification"]
    list_select_related = ["need__employer", "certification"]


@admin.register(RecruitingWave)
class RecruitingWaveAdmin(ReadOnlyScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "starts_on", "hires_planned", "hires_count", "status"]
    list_filter = ["status"]
    autocomplete_fields = ["need"]
    list_select_related = ["need__employer"]


@admin.register(NeedStatusChange)
class NeedStatusChangeAdmin(PlatformScopedAdmin):
    platform_path = "need__employer__platform"
    list_display = ["need", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["need__employer", "changed_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
