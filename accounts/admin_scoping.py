"""Admin mixin that limits what a staff user sees to the rows of their platforms."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.access import scope_to_platforms


class PlatformScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows reach a platform through ``platform_path``."""

    platform_path = "platform"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_to_platforms(super().get_queryset(request), request.user, platform_path=self.platform_path)
