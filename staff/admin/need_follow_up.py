"""The admin of what follows a need once open: its stretches without activity (``NeedStaleness``), confirmed still
open or closed through ``matching.services.stale_needs`` as on the to-do page, and its thread with the employer
(``NeedMessage``), read only: messages are written on the need's pages, through ``matching.services.threads``.

Both are the rows of needs of the user's platforms (``StaffingNeed.objects.for_platform_staff``): a thread's
messages are read by the need's platform's staff only (and superusers).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employers.models import StaffingNeedQuerySet
from matching.models import NeedMessage, NeedStaleness
from matching.services.stale_needs import need_still_open_confirm, stale_need_close
from staff.admin.refusals import rows_action
from staff.admin.scoping import ReadOnlyScopedAdmin


class NeedScopedAdmin(ReadOnlyScopedAdmin):
    """Rows of a need, listed to the staff of the need's platform, as ``StaffingNeed.objects.for_platform_staff``."""

    platform_path = f"need__{StaffingNeedQuerySet.platform_path}"


class StaleNeedActionForm(ActionForm):
    """The admin's action menu, with the reason closing a need asks for."""

    reason = forms.CharField(label=_("Why the need is closed"), max_length=255, required=False)


def _close(staleness: NeedStaleness, by, reason: str) -> None:
    stale_need_close(need=staleness.need, by=by, reason=reason)


@admin.register(NeedStaleness)
class NeedStalenessAdmin(NeedScopedAdmin):
    list_display = ["need", "employer", "need_status", "flagged_at", "confirmed_at", "confirmed_by"]
    list_filter = ["need__status"]
    list_select_related = ["need__employer", "confirmed_by"]
    fields = ["need", "employer", "need_status", "flagged_at", "confirmed_at", "confirmed_by"]
    readonly_fields = fields
    action_form = StaleNeedActionForm
    actions = [
        rows_action(
            lambda staleness, by: need_still_open_confirm(need=staleness.need, by=by),
            label=_("Confirm the selected needs are still open"),
            name="confirm_still_open",
            done=lambda count: (
                ngettext("%(count)d need confirmed still open.", "%(count)d needs confirmed still open.", count)
                % {"count": count}
            ),
        ),
        "close_needs",
    ]

    @admin.action(description=_("Close the selected needs (give the reason)"))
    def close_needs(self, request: HttpRequest, queryset: QuerySet) -> None:
        reason = request.POST.get("reason", "")
        rows_action(
            lambda staleness, by: _close(staleness, by, reason),
            label="",
            name="close_needs",
            done=lambda count: ngettext("%(count)d need closed.", "%(count)d needs closed.", count) % {"count": count},
        )(self, request, queryset)

    @admin.display(description=_("employer"), ordering="need__employer__legal_name")
    def employer(self, staleness: NeedStaleness) -> str:
        return str(staleness.need.employer)

    @admin.display(description=_("status"), ordering="need__status")
    def need_status(self, staleness: NeedStaleness) -> str:
        return staleness.need.get_status_display()


@admin.register(NeedMessage)
class NeedMessageAdmin(NeedScopedAdmin):
    list_display = ["need", "side", "author", "created_at", "excerpt"]
    list_filter = ["side"]
    list_select_related = ["need", "author"]
    fields = ["need", "side", "author", "created_at", "body"]
    readonly_fields = fields

    @admin.display(description=_("message"))
    def excerpt(self, message: NeedMessage) -> str:
        return message.body if len(message.body) <= 80 else f"{message.body[:79]}…"
