"""Staff admin for the personal-data access log: read-only, for platform managers and superusers."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.access import manager_platform_ids_for
from candidates.models import PersonalDataAccess
from staff.admin_search import PrivateSearchAdminMixin


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(PrivateSearchAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "candidate_number", "fields"]
    list_filter = ["action"]
    search_fields = ["actor__email", "candidate_number"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def _is_reader(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(manager_platform_ids_for(request.user))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        accesses = super().get_queryset(request)
        if request.user.is_superuser:
            return accesses
        return accesses.filter(candidate__platform__in=manager_platform_ids_for(request.user))

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
