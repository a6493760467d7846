"""Staff admin for candidate profiles. Sensitive situations are shown to platform staff only."""

import datetime

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import is_platform_staff, platform_ids_for, platform_staff_of, scope_to_platforms
from accounts.enums import MembershipRole
from accounts.models import Membership, User
from candidates.audit import personal_data_access_record
from candidates.models import Candidate, CandidateLanguage, CandidateSkill, PersonalDataAccess, SensitiveSituation
from candidates.profile_fields import CONTRACTS, IDENTITY, MOBILITY
from candidates.search import SEARCHED_FIELDS, candidates_matching
from matching.services.candidate_changes import candidate_fields_changed, candidate_matching_changed
from staff.admin.candidate_contacts import CandidateContactLogAdminMixin
from staff.admin.candidate_documents import CandidateDocumentInline
from staff.admin.candidate_files import CandidateFilesAdminMixin, PossibleDuplicateFilter
from staff.admin.candidate_personal_data import CandidatePersonalDataAdminMixin
from staff.admin.links import CandidateLinkInline
from staff.admin.matching import CandidateSuggestionInline
from staff.admin.scoping import PlatformScopedAdmin, ReadOnlyScopedAdmin


class CandidateSkillInline(admin.TabularInline):
    model = CandidateSkill
    extra = 0
    autocomplete_fields = ["skill"]


class CandidateLanguageInline(admin.TabularInline):
    model = CandidateLanguage
    extra = 0
    autocomplete_fields = ["language"]


class SensitiveSituationInline(admin.StackedInline):
    model = SensitiveSituation
    can_delete = False
    extra = 0
    max_num = 1

    def _is_allowed(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_allowed(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_allowed(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_allowed(request) and super().has_delete_permission(request, obj)


SENSITIVE_FLAGS = [
    "is_under_26",
    "is_long_term_job_seeker",
    "has_disability_recognition",
    "lives_in_priority_neighbourhood",
    "is_50_or_over",
    "receives_minimum_income",
]


class AvailabilityFilter(admin.SimpleListFilter):
    title = _("availability")
    parameter_name = "available"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("now", _("Available now")), ("month", _("Within a month")), ("later", _("Later"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        in_a_month = today + datetime.timedelta(days=30)
        if self.value() == "now":
            return queryset.filter(available_from__lte=today)
        if self.value() == "month":
            return queryset.filter(available_from__gt=today, available_from__lte=in_a_month)
        if self.value() == "later":
            return queryset.filter(available_from__gt=in_a_month)
        return queryset


class AdvisorFilter(admin.SimpleListFilter):
    """The candidate's advisor, among the advisors and managers of the user's platforms (every platform's for a
    superuser). They are read from the memberships: finding the distinct advisors of a large platform's candidates
    read its 17,000 rows at each page (docs/benchmarks.md)."""

    title = _("advisor")
    parameter_name = "advisor"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[int, str]]:
        memberships = scope_to_platforms(
            Membership.objects.filter(role__in=MembershipRole.platform_roles()), request.user
        )
        staff = User.objects.filter(pk__in=memberships.values("user_id")).order_by("email")
        return [(user.pk, str(user)) for user in staff]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        # Only one of the offered ids filters: anything else typed in the URL ("²", a 30-digit number) is ignored.
        offered = {str(pk): pk for pk, _label in self.lookup_choices}
        value = self.value()
        return queryset.filter(advisor_id=offered[value]) if value in offered else queryset


@admin.register(Candidate)
class CandidateAdmin(
    CandidateContactLogAdminMixin, CandidatePersonalDataAdminMixin, CandidateFilesAdminMixin, PlatformScopedAdmin
):
    list_display = ["last_name", "first_name", "commune", "status", "available_from", "advisor", "platform"]
    list_filter = [
        "status",
        AvailabilityFilter,
        AdvisorFilter,
        "desired_occupations__sector",
        "consents_to_presentation",
        "platform",
        PossibleDuplicateFilter,
    ]
    actions = ["merge_candidates"]
    # A search word also matches the commune or a desired occupation: see get_search_results.
    search_fields = list(SEARCHED_FIELDS)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        """The staff's candidate search (``candidates.search``): every word in a field, the commune or an occupation.

        ``search_fields`` only turns the admin's search box on; the search itself is written for the trigram indexes
        and never repeats a candidate, so the list needs no DISTINCT.
        """
        return candidates_matching(queryset, search_term), False

    def get_list_filter(self, request: HttpRequest) -> list:
        # Sensitive situations filter the list for platform staff only, who alone may read them.
        filters = list(super().get_list_filter(request))
        if is_platform_staff(request.user):
            filters += [f"sensitive_situation__{name}" for name in SENSITIVE_FLAGS]
        return filters

    autocomplete_fields = ["commune", "advisor", "desired_occupations", "certifications"]
    list_select_related = ["commune", "advisor", "platform"]
    inlines = [
        CandidateSkillInline,
        CandidateLanguageInline,
        SensitiveSituationInline,
        CandidateSuggestionInline,
        CandidateDocumentInline,
        CandidateLinkInline,
    ]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False
    # A search narrows the list far better than scrolling: 50 rows a page, the admin's row rendering being most of
    # the page's time (docs/benchmarks.md, "Measured costs behind the code").
    list_per_page = 50

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        # The advisor among the staff of the user's platforms (of every platform for a superuser); the candidate's
        # own platform is checked by Candidate.clean_fields, for the admin, the API and the imports alike.
        if db_field.name == "advisor":
            kwargs["queryset"] = platform_staff_of(
                None if request.user.is_superuser else platform_ids_for(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and object_id.isdigit():
            personal_data_access_record(
                actor=request.user, candidate_ids=[int(object_id)], action=PersonalDataAccess.Action.OPENED
            )
        return response

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changed = [*form.changed_data, *(f"{fs.prefix}" for fs in formsets if fs.has_changed())]
        personal_data_access_record(
            actor=request.user,
            candidate_ids=[form.instance.pk],
            action=PersonalDataAccess.Action.CHANGED if change else PersonalDataAccess.Action.CREATED,
            fields=changed,
        )
        # Only a field that matching reads starts a run (never a phone number, nor a sensitive situation), as in the
        # API and the imports; a new profile is matched whatever it holds.
        if change:
            candidate_fields_changed(candidate=form.instance, changed_fields=changed, by=request.user)
        else:
            candidate_matching_changed(candidate=form.instance, by=request.user)

    fieldsets = (
        (
            _("Identity"),
            {"fields": ("reference", *IDENTITY, "commune")},
        ),
        (
            _("Mobility"),
            {"fields": MOBILITY},
        ),
        (
            _("Wishes and experience"),
            {
                "fields": (
                    "desired_occupations",
                    "accepts_related_occupations",
                    "certifications",
                    "education_level",
                    "experience_years",
                    "available_from",
                )
            },
        ),
        (
            _("Contracts accepted"),
            {"fields": CONTRACTS},
        ),
        (
            _("Follow-up"),
            {
                "fields": (
                    "status",
                    "platform",
                    "advisor",
                    "consents_to_processing",
                    "consented_to_processing_at",
                    "consents_to_presentation",
                    "consented_to_presentation_at",
                    "consents_to_messages",
                    "consented_to_messages_at",
                    "last_contact_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )


@admin.register(CandidateSkill)
class CandidateSkillAdmin(ReadOnlyScopedAdmin):
    platform_path = "candidate__platform"
    list_display = ["candidate", "skill", "level"]
    list_filter = ["level"]
    autocomplete_fields = ["candidate", "skill"]
    list_select_related = ["candidate", "skill"]
    show_full_result_count = False


@admin.register(CandidateLanguage)
class CandidateLanguageAdmin(ReadOnlyScopedAdmin):
    platform_path = "candidate__platform"
    list_display = ["candidate", "language", "level"]
    list_filter = ["level"]
    autocomplete_fields = ["candidate", "language"]
    list_select_related = ["candidate", "language"]
    show_full_result_count = False


@admin.register(SensitiveSituation)
class SensitiveSituationAdmin(PlatformScopedAdmin):
    platform_path = "candidate__platform"
    list_display = [
        "candidate",
        "is_under_26",
        "is_long_term_job_seeker",
        "has_disability_recognition",
        "lives_in_priority_neighbourhood",
        "is_50_or_over",
        "receives_minimum_income",
    ]
    autocomplete_fields = ["candidate"]
    list_select_related = ["candidate"]
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_platform_staff(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_platform_staff(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_platform_staff(request.user) and super().has_delete_permission(request, obj)
