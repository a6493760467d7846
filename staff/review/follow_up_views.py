"""The six-month check of one presentation: its form, shown on its own or inside another page, and its record.

``staff:presentation_follow_up`` answers GET with the form and POST by recording the check through
``matching.services.follow_ups.presentation_follow_up_record``. A request made by htmx (``HX-Request``) gets the
form's fragment back (``staff/review/_follow_up_form.html``, Jinja2), with the result or the errors, so that a page
such as the to-do list or the review page embeds it and swaps it in place; any other request gets a page, and a
POST that succeeds goes back to ``next`` (a path of this site) or to the need's review page.

Only staff who may work the candidate for the need reach it (``matching.selectors.presentation_for_staff``); a
presentation without a six-month check (neither a hire nor an entry into training) is not found either.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from matching.enums import FollowUpResult
from matching.follow_up_selectors import is_followed_up
from matching.models import Presentation
from matching.selectors import presentation_for_staff
from matching.services.follow_ups import presentation_follow_up_record
from staff.requests import StaffRequest
from staff.review.undo_forms import FollowUpForm, form_prefix

PARTIAL = "staff/review/_follow_up_form.html"
PAGE = "staff/review/follow_up.html"


def _next_url(request: StaffRequest, presentation: Presentation) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse("staff:need_review", args=[presentation.need_id]) + f"#presentation-{presentation.pk}"


def follow_up_fragment(
    request: StaffRequest, presentation: Presentation, form: FollowUpForm, *, done: str = ""
) -> str:
    """The form's fragment, for a page that embeds it and for htmx."""
    context: dict[str, Any] = {
        "presentation": presentation,
        "follow_up_form": form.as_div(),
        "csrf_field": csrf_input(request),
        "done": done,
        "next": _next_url(request, presentation),
    }
    return render_to_string(PARTIAL, context, request, using="jinja2")


def _answer(request: StaffRequest, presentation: Presentation, form: FollowUpForm) -> HttpResponse:
    """The form with its errors, if any: the fragment for htmx (a 200, which htmx swaps in), else a page."""
    fragment = follow_up_fragment(request, presentation, form)
    if request.headers.get("HX-Request"):
        return HttpResponse(fragment)
    context = {
        "title": _("Six-month check"),
        "subtitle": str(presentation.need),
        "presentation": presentation,
        "fragment": mark_safe(fragment),  # noqa: S308  # rendered by our own template, escaped there
    }
    return render(request, PAGE, context)


@login_required
@require_http_methods(["GET", "POST"])
def presentation_follow_up(request: StaffRequest, presentation_id: int) -> HttpResponse:
    presentation = presentation_for_staff(user=request.user, presentation_id=presentation_id)
    if not is_followed_up(presentation):
        raise Http404
    prefix = form_prefix(presentation, "follow-up")
    if request.method == "GET":
        return _answer(request, presentation, FollowUpForm(prefix=prefix, presentation=presentation))
    form = FollowUpForm(request.POST, prefix=prefix, presentation=presentation)
    if not form.is_valid():
        return _answer(request, presentation, form)
    try:
        recorded = presentation_follow_up_record(
            presentation=presentation,
            result=form.cleaned_data["result"],
            checked_on=form.cleaned_data["checked_on"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
            form.add_error(None, error)
        else:
            form.add_error(None, error.messages)
        return _answer(request, presentation, form)
    done = _("Six-month check of candidate #%(id)s recorded: %(result)s.") % {
        "id": recorded.candidate_id,
        "result": FollowUpResult(recorded.follow_up_result).label,
    }
    if request.headers.get("HX-Request"):
        fresh = FollowUpForm(prefix=prefix, presentation=recorded)
        return HttpResponse(follow_up_fragment(request, recorded, fresh, done=done))
    messages.success(request, done)
    return HttpResponseRedirect(_next_url(request, recorded))
