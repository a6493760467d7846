"""A service's refusal shown as an admin message: the change is rolled back and the page shown again, never a 500.

The admin's saves and deletions call the same services as the portal and the API, which refuse a change they do
not allow with a ``ValidationError`` (a closed need's headcount).
Django's admin runs a save in one transaction: the refusal leaves it, so nothing of the change is stored, neither
the object nor its inlines, and the user reads the service's own words.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from accounts.models import User


def refusal_show(modeladmin: admin.ModelAdmin, request: HttpRequest, error: ValidationError) -> None:
    modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)


class ServiceRefusalsAdminMixin(admin.ModelAdmin):
    """Turns a service's ``ValidationError`` raised while saving or deleting into an error message."""

    def changeform_view(self, request: HttpRequest, object_id=None, form_url: str = "", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            refusal_show(self, request, error)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            refusal_show(self, request, error)
            return HttpResponseRedirect(request.get_full_path())


def rows_action(
    step: Callable[[Model, User], object], *, label: str, name: str, done: Callable[[int], str]
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet], None]:
    """An admin action calling a service's ``step`` on each selected row: a row the service refuses is named in an
    error message with the service's words, the others are done (``done`` words how many)."""

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        changed = 0
        for row in queryset:
            try:
                step(row, request.user)  # type: ignore[arg-type]  # behind the admin's login
                changed += 1
            except ValidationError as error:
                modeladmin.message_user(request, f"{row}: {' '.join(error.messages)}", messages.ERROR)
        if changed:
            modeladmin.message_user(request, done(changed))

    action.short_description = label  # type: ignore[attr-defined]
    action.__name__ = name
    return action
