"""Admin mixin that limits what a staff user sees, and may point to, to the rows of their platforms."""

from django.contrib import admin
from django.db.models import Field, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from accounts.access import PlatformScopedQuerySet, scope_to_platforms
from accounts.models import Platform
from referentials.pagination import BoundedCountPaginator
from staff.admin_lists import FastRowsAdminMixin
from staff.admin_search import PrivateSearchAdminMixin


class PlatformScopedAdmin(FastRowsAdminMixin, PrivateSearchAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows reach a platform through ``platform_path`` (its list rendered as staff/admin_lists.py
    explains, its search kept out of URLs as staff/admin_search.py does)."""

    platform_path = "platform"
    paginator = BoundedCountPaginator

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_to_platforms(super().get_queryset(request), request.user, platform_path=self.platform_path)

    def formfield_for_foreignkey(self, db_field: Field, request: HttpRequest, **kwargs) -> ModelChoiceField:
        # Without this, a posted id could attach a row to another platform's employer or candidate.
        choices = db_field.related_model._default_manager.all()
        if isinstance(choices, PlatformScopedQuerySet):
            kwargs["queryset"] = choices.for_platform_staff(request.user)
        elif db_field.related_model is Platform:
            kwargs["queryset"] = scope_to_platforms(choices, request.user, platform_path="pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyScopedAdmin(PlatformScopedAdmin):
    """Rows listed to be read only: they change on their parent's page (a need's requirements, a profile's skills),
    through the parent's service, which checks the change and starts the matching work it calls for."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
