"""A need's sourcing check on the staff side: the check's fragment (polled while it is being computed), the "check
again" button, and the list of near misses of the user's own platforms.

Same access as the review page: staff of the need's platform (a superuser, every need), 404 for anyone else. The
near misses of other platforms' candidates are counted, never listed. Names shown are logged as viewed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from candidates.audit import personal_data_list_record
from matching.review_selectors import need_for_review
from matching.services.sourcing_requests import need_sourcing_check_request, need_sourcing_check_shown
from matching.sourcing_selectors import near_miss_page_for_staff
from staff.requests import StaffRequest


@login_required
@require_GET
def need_sourcing_fragment(request: StaffRequest, need_id: int) -> HttpResponse:
    """The check's fragment alone, which the review page polls (htmx) until the check lands."""
    need = need_for_review(user=request.user, need_id=need_id)
    check = need_sourcing_check_shown(need=need, by=request.user)
    return render(request, "staff/review/_sourcing.html", {"need": need, "sourcing": check})


@login_required
@require_POST
def need_sourcing_check_again(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    need_sourcing_check_request(need=need, by=request.user)
    messages.success(request, _("The sourcing check will be computed again in a moment."))
    return HttpResponseRedirect(f"{reverse('staff:need_review', args=[need.pk])}#review-sourcing")


@login_required
@require_GET
def need_near_misses(request: StaffRequest, need_id: int) -> HttpResponse:
    """The people of the user's platforms who miss the need by one requirement, a page at a time."""
    need = need_for_review(user=request.user, need_id=need_id)
    listing = near_miss_page_for_staff(need=need, user=request.user, page_number=request.GET.get("page") or 1)
    # One access-log entry for the list, not one per person listed.
    personal_data_list_record(
        actor=request.user, page="near_misses", filters={"need": need.pk, "page": request.GET.get("page") or 1}
    )
    context = {"title": _("Near misses"), "subtitle": need.title, "need": need, "listing": listing}
    return render(request, "staff/review/near_misses.html", context)
