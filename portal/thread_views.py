"""A need's thread on the employer portal: the messages between the employer's members and the platform, and the
form to write one.

Thin: the need is found through the employer's scope (another employer's need is a 404), messages are read by
``matching.thread_selectors`` and posted by ``matching.services.threads``, which refuses a text naming a candidate
the employer may not know; the form is then shown again with what was typed. Opening the page marks it read.
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
from matching import employer_selectors
from matching.services.threads import need_message_post, need_thread_mark_read
from matching.thread_selectors import need_messages
from portal.thread_forms import MessageForm
from portal.views import LOGIN_URL, MemberRequest


def _render(request: MemberRequest, need: StaffingNeed, form: MessageForm) -> HttpResponse:
    thread = need_messages(need=need)
    need_thread_mark_read(need=need, user=request.user, up_to=thread[-1] if thread else None)
    context = {"need": need, "thread": thread, "form": form}
    return render(request, "portal/threads/need_thread.html", context)


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "HEAD", "POST"])
def need_thread(request: MemberRequest, need_id: int) -> HttpResponse:
    need = employer_selectors.need_for_employer(user=request.user, need_id=need_id)
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
    messages.success(request, _("Your message was sent to the platform."))
    return HttpResponseRedirect(reverse("portal:need_thread", args=[need.pk]) + "#thread-latest")
