"""The sourcing check of a need on the employer portal (step 4 of the need's form): the check's fragment, polled
while it is being computed, and the "check again" button.

Employers see counts only, never people. The need is fetched through the scoped selector: another employer's need
is not found. The check runs in a worker, never in the request.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from matching import employer_selectors as selectors
from matching.services.sourcing_requests import need_sourcing_check_request, need_sourcing_check_shown
from portal.views import LOGIN_URL, MemberRequest


@login_required(login_url=LOGIN_URL)
@require_GET
def need_sourcing_fragment(request: MemberRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    check = need_sourcing_check_shown(need=need, by=request.user)
    return render(request, "portal/needs/_sourcing.html", {"need": need, "sourcing": check})


@login_required(login_url=LOGIN_URL)
@require_POST
def need_sourcing_check_again(request: MemberRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    need_sourcing_check_request(need=need, by=request.user)
    messages.success(request, _("The sourcing check will be computed again in a moment."))
    return redirect("portal:need_edit", need.pk, "review")
