"""The review page's secure links: send a presentation's candidate a link by e-mail and/or SMS, revoke one.

Both call ``matching.services.links`` (the checks and the refusals are the service's, shown as messages), then go
back to the review page at the presentation's row. The links' states are shown in the presentations table
(``staff/jinja2/staff/review/_links.html``), read by ``matching.link_selectors.links_by_presentation``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from employers.models import StaffingNeed
from matching.enums import LinkChannel, LinkPurpose
from matching.link_selectors import links_for_staff
from matching.review_selectors import need_for_review, presentation_for_review
from matching.services.links import candidate_link_revoke, candidate_link_send
from staff.requests import StaffRequest


class LinkSendForm(forms.Form):
    purpose = forms.ChoiceField(choices=LinkPurpose.choices, widget=forms.HiddenInput)
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Send by"),
        choices=LinkChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose e-mail, SMS or both.")},
    )


def _tell(request: StaffRequest, texts: list[str]) -> None:
    for text in texts:
        messages.error(request, text)


def _back(request: StaffRequest, need: StaffingNeed, presentation_id: int) -> HttpResponse:
    url = reverse("staff:need_review", args=[need.pk])
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return HttpResponseRedirect(f"{url}{query}#presentation-{presentation_id}")


@login_required
@require_POST
def presentation_link_send(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = LinkSendForm(request.POST)
    if not form.is_valid():
        _tell(request, [error for errors in form.errors.values() for error in errors])
        return _back(request, need, presentation.pk)
    try:
        candidate_link_send(
            presentation=presentation,
            purpose=form.cleaned_data["purpose"],
            channels=form.cleaned_data["channels"],
            by=request.user,
        )
    except ValidationError as error:
        _tell(request, error.messages)
    else:
        messages.success(request, _("Link sent to candidate #%(id)s.") % {"id": presentation.candidate_id})
    return _back(request, need, presentation.pk)


@login_required
@require_POST
def presentation_link_revoke(request: StaffRequest, need_id: int, link_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    link = links_for_staff(request.user).filter(pk=link_id, presentation__need=need).first()
    if link is None:
        raise Http404
    try:
        candidate_link_revoke(link=link, by=request.user)
    except ValidationError as error:
        _tell(request, error.messages)
    else:
        messages.success(request, _("Link revoked."))
    return _back(request, need, link.presentation_id)
