"""The to-do page's two actions on an open need without activity: confirm it is still open, or close it with a
reason. Platform staff of the need's platform only (anyone else: 404); each redirects to the to-do page with a
message, a refusal included."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import is_platform_staff
from employers.models import StaffingNeed
from matching.services.stale_needs import need_still_open_confirm, stale_need_close
from staff.requests import StaffRequest


def _need(request: StaffRequest, need_id: int) -> StaffingNeed:
    if not is_platform_staff(request.user):
        raise Http404
    need: StaffingNeed = get_object_or_404(StaffingNeed.objects.for_platform_staff(request.user), pk=need_id)
    return need


def _back(request: StaffRequest, error: ValidationError | None, message: str) -> HttpResponse:
    if error is not None:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return HttpResponseRedirect(reverse("staff:todo") + "#todo-stale-needs")


@login_required
@require_POST
def stale_need_confirm(request: StaffRequest, need_id: int) -> HttpResponse:
    need = _need(request, need_id)
    try:
        need_still_open_confirm(need=need, by=request.user)
    except ValidationError as error:
        return _back(request, error, "")
    return _back(request, None, _("“%(title)s” is confirmed still open.") % {"title": need.title})


@login_required
@require_POST
def stale_need_close_record(request: StaffRequest, need_id: int) -> HttpResponse:
    need = _need(request, need_id)
    try:
        stale_need_close(need=need, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        return _back(request, error, "")
    return _back(request, None, _("“%(title)s” is closed.") % {"title": need.title})
