"""The hand-offs page: requests received for the platform's candidates (to accept or decline), and those sent.

Platform staff only (anyone else: 404). The page lists names: it is one entry of the access log, as the review page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from candidates.audit import personal_data_list_record
from matching.hand_off_selectors import hand_off_to_answer, hand_offs_received, hand_offs_sent
from matching.services.hand_offs import hand_off_accept, hand_off_decline
from staff.requests import StaffRequest
from staff.review.forms import HandOffAcceptForm, HandOffDeclineForm

TEMPLATE = "staff/review/hand_offs.html"


def _list_url(hand_off_id: int | None = None) -> str:
    url = reverse("staff:hand_off_list")
    return f"{url}#hand-off-{hand_off_id}" if hand_off_id else url


@login_required
@require_GET
def hand_off_list(request: StaffRequest) -> HttpResponse:
    received = hand_offs_received(user=request.user)
    sent = hand_offs_sent(user=request.user)
    personal_data_list_record(actor=request.user, page="hand_offs")
    context = {
        "title": _("Hand-offs between platforms"),
        "received": received,
        "sent": sent,
        "accept_form": HandOffAcceptForm(),
        "decline_form": HandOffDeclineForm(),
    }
    return render(request, TEMPLATE, context)


def _answered(request: StaffRequest, hand_off_id: int, error: ValidationError | None, message: str) -> HttpResponse:
    if error is not None:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return HttpResponseRedirect(_list_url(hand_off_id))


@login_required
@require_POST
def hand_off_accept_record(request: StaffRequest, hand_off_id: int) -> HttpResponse:
    hand_off = hand_off_to_answer(user=request.user, hand_off_id=hand_off_id)
    form = HandOffAcceptForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["candidate_agreed"])
        hand_off_accept(hand_off=hand_off, candidate_agreed=form.cleaned_data["candidate_agreed"], by=request.user)
    except ValidationError as error:
        return _answered(request, hand_off.pk, error, "")
    return _answered(request, hand_off.pk, None, _("Request accepted: the other platform can now present them."))


@login_required
@require_POST
def hand_off_decline_record(request: StaffRequest, hand_off_id: int) -> HttpResponse:
    hand_off = hand_off_to_answer(user=request.user, hand_off_id=hand_off_id)
    form = HandOffDeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        hand_off_decline(hand_off=hand_off, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        return _answered(request, hand_off.pk, error, "")
    return _answered(request, hand_off.pk, None, _("Request declined: the other platform reads your reason."))
