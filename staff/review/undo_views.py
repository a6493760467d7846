"""The review page's undo steps: end a hire, reopen an end, take someone off the shortlist (POST forms).

Each calls one service of ``matching.services.undo`` and goes back to the review page with a message; what the
form or the service refuses is reported as an error message naming the field, never as a server error. Only staff
who may work the candidate for the need reach them (``matching.review_selectors``); anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import StaffingNeed
from matching.models import Presentation
from matching.review_selectors import need_for_review, presentation_for_review
from matching.services.undo import presentation_hire_end, presentation_reopen, presentation_unshortlist
from staff.requests import StaffRequest
from staff.review.undo_forms import HireEndForm, ReopenForm, form_prefix


def _back(request: StaffRequest, need: StaffingNeed, presentation: Presentation) -> HttpResponse:
    url = reverse("staff:need_review", args=[need.pk])
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return HttpResponseRedirect(f"{url}{query}#presentation-{presentation.pk}")


def _refused(request: StaffRequest, form: Form | None, error: ValidationError | None = None) -> None:
    """The form's errors, or the service's, as messages that name the field they are about."""
    if error is None:
        items = [(field, list(errors)) for field, errors in form.errors.items()] if form is not None else []
    elif hasattr(error, "error_dict"):
        items = [(field, ValidationError(errors).messages) for field, errors in error.error_dict.items()]
    else:
        items = [(None, error.messages)]
    for field, texts in items:
        label = form.fields[field].label if form is not None and field in form.fields else None
        for text in texts:
            messages.error(request, _("%(field)s: %(error)s") % {"field": label, "error": text} if label else text)


@login_required
@require_POST
def presentation_hire_end_view(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = HireEndForm(request.POST, prefix=form_prefix(presentation, "hire-end"))
    if not form.is_valid():
        _refused(request, form)
        return _back(request, need, presentation)
    try:
        presentation_hire_end(
            presentation=presentation,
            ended_on=form.cleaned_data["ended_on"],
            reason_code=form.cleaned_data["reason_code"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        _refused(request, form, error)
        return _back(request, need, presentation)
    messages.success(
        request, _("The hire of candidate #%(id)s ended: the seat is open again.") % {"id": presentation.candidate_id}
    )
    return _back(request, need, presentation)


@login_required
@require_POST
def presentation_reopen_view(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = ReopenForm(request.POST, prefix=form_prefix(presentation, "reopen"))
    if not form.is_valid():
        _refused(request, form)
        return _back(request, need, presentation)
    try:
        reopened = presentation_reopen(presentation=presentation, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        _refused(request, form, error)
        return _back(request, need, presentation)
    messages.success(
        request,
        _("Candidate #%(id)s is back to “%(status)s”.")
        % {"id": presentation.candidate_id, "status": reopened.get_status_display()},
    )
    return _back(request, need, presentation)


@login_required
@require_POST
def presentation_unshortlist_view(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    try:
        presentation_unshortlist(presentation=presentation, by=request.user)
    except ValidationError as error:
        _refused(request, None, error)
        return _back(request, need, presentation)
    messages.success(request, _("Candidate #%(id)s taken off the shortlist.") % {"id": presentation.candidate_id})
    return _back(request, need, presentation)
