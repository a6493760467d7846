"""The partners' proposals page: those waiting for the platform's decision (accept, or decline with a reason the
partner reads), and the latest decided.

Platform staff only (anyone else: 404). The page names people: it is one entry of the access log.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import is_platform_staff
from candidates.audit import personal_data_list_record
from candidates.models import CandidateReferral
from candidates.referral_models import DECLINE_REASON_MAX_LENGTH
from matching.referral_selectors import referral_to_decide, referrals_decided_for_staff, referrals_waiting_for_staff
from matching.services.referrals import referral_accept, referral_decline


class DeclineForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason, read by the partner"), max_length=DECLINE_REASON_MAX_LENGTH)


def _staff_only(request: HttpRequest) -> None:
    if not is_platform_staff(request.user):
        raise Http404


def _referral(request: HttpRequest, referral_id: int) -> CandidateReferral:
    _staff_only(request)
    try:
        return referral_to_decide(user=request.user, referral_id=referral_id)
    except CandidateReferral.DoesNotExist:
        raise Http404 from None


def _list_url(referral_id: int) -> str:
    return f"{reverse('staff:referral_list')}#referral-{referral_id}"


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    waiting = list(referrals_waiting_for_staff(user=request.user))
    personal_data_list_record(actor=request.user, page="referrals")
    context = {
        "title": _("Partners' proposals"),
        "waiting": waiting,
        "decided": referrals_decided_for_staff(user=request.user),
        "decline_form": DeclineForm(),
    }
    return render(request, "staff/referrals/referrals.html", context)


@login_required
@require_POST
def referral_accept_record(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    try:
        referral_accept(referral=referral, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Proposal accepted: the person is now one of the platform's candidates."))
    return HttpResponseRedirect(_list_url(referral.pk))


@login_required
@require_POST
def referral_decline_record(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        referral_decline(referral=referral, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Proposal declined: the partner reads your reason; the profile is not kept."))
    return HttpResponseRedirect(_list_url(referral.pk))
