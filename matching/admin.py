"""Staff admin for the matching app: worker heartbeats are read-only."""

from django.contrib import admin
from django.http import HttpRequest

from matching.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "pid", "seen_at"]
    date_hierarchy = "seen_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
