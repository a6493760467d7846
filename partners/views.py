"""The partners' pages: their proposals and what became of each person, and the form that proposes one.

Partner advisors only (anyone else: 404). A list naming people is one entry of the access log; a proposal's page
is one per person.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.models import CandidateReferral, PersonalDataAccess
from candidates.referrals import referral_platforms_for, referral_propose
from matching.referral_selectors import referral_row_for_partner, referral_rows_for_partner
from partners.access import partner_required
from partners.forms import ProposalForm, profile_form


@partner_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    rows = referral_rows_for_partner(user=request.user)
    personal_data_list_record(actor=request.user, page="partner_referrals")
    context = {"title": _("Your proposals"), "partner": request.partner, "rows": rows}
    return render(request, "partners/home.html", context)


@partner_required
@require_http_methods(["GET", "POST"])
def referral_propose_page(request: HttpRequest) -> HttpResponse:
    platforms = referral_platforms_for(partner=request.partner)
    data = request.POST if request.method == "POST" else None
    form = ProposalForm(data, platforms=platforms)
    profile = profile_form(data)
    if data is not None and form.is_valid() & profile.is_valid():
        try:
            referral = referral_propose(
                partner=request.partner,
                by=request.user,
                platform=form.cleaned_data["platform"],
                profile=request.POST,
                consent_recorded_on=form.cleaned_data["consent_recorded_on"],
                consent_method=form.cleaned_data["consent_method"],
            )
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                target = profile if name in profile.fields else form
                target.add_error(name if name in target.fields else None, texts)
        else:
            messages.success(request, _("Proposal sent: the platform will accept or decline it."))
            return HttpResponseRedirect(reverse("partners:referral_detail", args=[referral.pk]))
    context = {"title": _("Propose a candidate"), "form": form, "profile": profile, "platforms": platforms}
    return render(request, "partners/propose.html", context)


@partner_required
@require_GET
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    try:
        row = referral_row_for_partner(user=request.user, referral_id=referral_id)
    except CandidateReferral.DoesNotExist:
        raise Http404 from None
    if row.referral.candidate_id is not None:
        personal_data_access_record(
            actor=request.user, candidate_ids=[row.referral.candidate_id], action=PersonalDataAccess.Action.VIEWED
        )
    context = {"title": _("Proposal no. %(number)d") % {"number": row.referral.pk}, "row": row}
    return render(request, "partners/referral_detail.html", context)
