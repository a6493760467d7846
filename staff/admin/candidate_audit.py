"""Staff admin for the personal-data access log: read-only, for platform managers and superusers.

Managers look for one thing at a time: what was done to one person's profile (the candidate number), what one user
did (the user), or what happened on some days (a date range). Each row says the action in words and, for a list
viewed, the page and its filters in words (``candidates.audit.list_context_display``), never raw codes.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.access import manager_platform_ids_for
from accounts.enums import MembershipRole
from accounts.models import Membership
from candidates.audit import list_context_display
from candidates.models import PersonalDataAccess
from staff.admin_search import PrivateSearchAdminMixin


class InputFilter(admin.SimpleListFilter):
    """A filter typed in a box (a GET form beside the list), for values too many to list as links."""

    template = "admin/candidates/personaldataaccess/input_filter.html"
    input_type = "text"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return []

    def has_output(self) -> bool:
        return True

    def choices(self, changelist: ChangeList):
        # The list's other parameters, kept as hidden fields of the filter's form.
        others = {key: value for key, value in changelist.params.items() if key != self.parameter_name}
        yield {"others": sorted(others.items()), "value": self.value() or ""}


class CandidateNumberFilter(InputFilter):
    title = _("candidate number")
    parameter_name = "candidate_number"
    input_type = "number"

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = (self.value() or "").strip()
        if not value:
            return queryset
        return queryset.filter(candidate_number=int(value)) if value.isdigit() else queryset.none()


class DayFilter(InputFilter):
    input_type = "date"
    lookup = ""

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = (self.value() or "").strip()
        if not value:
            return queryset
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(**{f"at__date__{self.lookup}": day})


class FromDayFilter(DayFilter):
    title = _("from (day)")
    parameter_name = "from_day"
    lookup = "gte"


class ToDayFilter(DayFilter):
    title = _("to (day, included)")
    parameter_name = "to_day"
    lookup = "lte"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "candidate_number", "where", "fields"]
    list_filter = [
        CandidateNumberFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        "action",
        FromDayFilter,
        ToDayFilter,
    ]
    search_fields = ["actor__email", "candidate_number"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    @admin.display(description=_("where"))
    def where(self, access: PersonalDataAccess) -> str:
        return list_context_display(access.context)

    def _is_reader(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(manager_platform_ids_for(request.user))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        accesses = super().get_queryset(request)
        if request.user.is_superuser:
            return accesses
        platforms = manager_platform_ids_for(request.user)
        # A list viewed names no candidate: it is the platform's when its staff viewed it.
        staff_of_platforms = Membership.objects.filter(
            user=OuterRef("actor"), platform__in=platforms, role__in=MembershipRole.platform_roles()
        )
        return accesses.filter(
            Q(candidate__platform__in=platforms) | Q(candidate_number__isnull=True) & Exists(staff_of_platforms)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_reader(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_reader(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
