"""A need's thread in the staff workspace: the messages between the platform and the employer's members, and the
form to write one.

Platform staff of the need's platform only (anyone else: 404, ``need_for_review``). Messages are read by
``matching.thread_selectors`` and posted by ``matching.services.threads``, which refuses a text naming a candidate
the employer may not know: the form is shown again with what was typed. Opening the page marks it read.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from employers.models import StaffingNeed
from matching.review_selectors import need_for_review
from matching.services.threads import need_message_post, need_thread_mark_read
from matching.thread_selectors import need_messages
from staff.requests import StaffRequest
from staff.review.thread_forms import MessageForm

TEMPLATE = "staff/review/need_thread.html"


def _render(request: StaffRequest, need: StaffingNeed, form: MessageForm) -> HttpResponse:
    thread = need_messages(need=need)
    need_thread_mark_read(need=need, user=request.user, up_to=thread[-1] if thread else None)
    context = {
        "title": _("Messages with the employer"),
        "subtitle": need.title,
        "need": need,
        "thread": thread,
        "form": form,
    }
    return render(request, TEMPLATE, context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def need_thread(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    if request.method != "POST":
        return _render(request, need, MessageForm())
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render(request, need, form)
    try:
        need_message_post(need=need, author=request.user, body=form.cleaned_data["body"])
    except ValidationError as error:
        for message in error.messages:
            form.add_error("body", message)
        return _render(request, need, form)
    messages.success(request, _("Your message was sent to the employer."))
    return HttpResponseRedirect(reverse("staff:need_thread", args=[need.pk]) + "#thread-latest")
