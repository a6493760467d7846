"""The presentation admin's actions that undo a decision or record the six-month check.

The fields they need (a result, a date, a reason, a note) sit beside the admin's action menu (``action_form``); each
action calls the same service as the review page and the API on every selected row, one at a time: a row the
service refuses is named in an error message with the service's words, the others are done.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from matching.enums import FollowUpResult, HireEndReason
from matching.models import Presentation
from matching.services.follow_ups import presentation_follow_up_record
from matching.services.undo import presentation_hire_end, presentation_reopen

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PresentationActionForm(ActionForm):
    """The admin's action menu, with what the undo and follow-up actions need; every field is optional here, each
    action checks the ones it reads."""

    follow_up_result = forms.ChoiceField(
        label=_("Six-month check"), choices=[("", "—"), *FollowUpResult.choices], required=False
    )
    end_reason = forms.ChoiceField(
        label=_("Why the hire ended"), choices=[("", "—"), *HireEndReason.choices], required=False
    )
    on = forms.DateField(label=_("Date (today if empty)"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


def _form(modeladmin: admin.ModelAdmin, request: HttpRequest) -> dict | None:
    """The values typed beside the action; ``None`` (and the errors shown) when one is not valid."""
    form = PresentationActionForm(request.POST, auto_id=None)
    form.fields["action"].choices = [(request.POST.get("action", ""), "")]  # type: ignore[attr-defined]
    if form.is_valid():
        return form.cleaned_data
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            text = gettext("%(field)s: %(error)s") % {"field": label, "error": error} if label else error
            modeladmin.message_user(request, text, messages.ERROR)
    return None


def _each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Presentation],
    step: Callable[[Presentation, User], object],
    done: Callable[[int], str],
) -> None:
    changed = 0
    for presentation in queryset:
        try:
            step(presentation, request.user)  # type: ignore[arg-type]  # behind the admin's login
            changed += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{presentation}: {' '.join(error.messages)}", messages.ERROR)
    if changed:
        modeladmin.message_user(request, done(changed))


class PresentationUndoActionsMixin(admin.ModelAdmin):
    action_form = PresentationActionForm

    @admin.action(description=_("Record the six-month check (choose its result; date and note optional)"))
    def record_follow_up(self, request: HttpRequest, queryset: QuerySet[Presentation]) -> None:
        values = _form(self, request)
        if values is None:
            return
        result = values["follow_up_result"]
        if not result:
            self.message_user(request, _("Choose the six-month check's result beside the action."), messages.ERROR)
            return
        checked_on, note = values["on"] or timezone.localdate(), values["note"]
        _each(
            self,
            request,
            queryset,
            lambda row, by: presentation_follow_up_record(
                presentation=row, result=result, checked_on=checked_on, note=note, by=by
            ),
            lambda count: (
                ngettext("%(count)d check recorded.", "%(count)d checks recorded.", count) % {"count": count}
            ),
        )

    @admin.action(description=_("End the selected hires (choose why; last day and note optional)"))
    def end_hire(self, request: HttpRequest, queryset: QuerySet[Presentation]) -> None:
        values = _form(self, request)
        if values is None:
            return
        reason_code = values["end_reason"]
        if not reason_code:
            self.message_user(request, _("Choose why the hire ended beside the action."), messages.ERROR)
            return
        ended_on, note = values["on"] or timezone.localdate(), values["note"]
        _each(
            self,
            request,
            queryset,
            lambda row, by: presentation_hire_end(
                presentation=row, ended_on=ended_on, reason_code=reason_code, note=note, by=by
            ),
            lambda count: ngettext("%(count)d hire ended.", "%(count)d hires ended.", count) % {"count": count},
        )

    @admin.action(description=_("Reopen the selected presentations that ended without a hire"))
    def reopen(self, request: HttpRequest, queryset: QuerySet[Presentation]) -> None:
        values = _form(self, request)
        if values is None:
            return
        note = values["note"]
        _each(
            self,
            request,
            queryset,
            lambda row, by: presentation_reopen(presentation=row, reason=note, by=by),
            lambda count: (
                ngettext("%(count)d presentation reopened.", "%(count)d presentations reopened.", count)
                % {"count": count}
            ),
        )
