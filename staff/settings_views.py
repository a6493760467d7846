"""The staff workspace's notice settings: which e-mails an advisor or manager gets, and how often.

Platform staff only (anyone else: 404, as every staff page). The choices are the kinds of ``notifications.kinds``
meant for advisors; the portal has the same page for employer members.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import is_platform_staff
from notifications.forms import NoticePreferencesForm
from staff.requests import StaffRequest


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_settings(request: StaffRequest) -> HttpResponse:
    if not is_platform_staff(request.user):
        raise Http404
    if request.method == "POST":
        form = NoticePreferencesForm(request.POST, user=request.user)
        if form.is_valid() and form.save():
            messages.success(request, _("Your e-mail settings are saved."))
            return HttpResponseRedirect(reverse("staff:notice_settings"))
    else:
        form = NoticePreferencesForm(user=request.user)
    context = {"title": _("E-mail settings"), "form": form}
    return render(request, "staff/settings/notice_settings.html", context)
