"""The review page's wave actions: move a presentation to another wave, keep a candidate for a later wave.

As the page's other actions: only staff of the need's platform, a presentation of that need they may work (anything
else is a 404), one service call, a message and back to the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import RecruitingWave, StaffingNeed
from matching.review_selectors import need_for_review, presentation_for_review, presentation_list_for_review
from matching.services.presentation_waves import presentation_keep_for_later_wave, presentation_wave_move
from matching.wave_selectors import wave_progress_for_need
from staff.review.wave_pages import KeepForLaterWaveForm, wave_forms


def _back(request: HttpRequest, need: StaffingNeed, error: ValidationError | None, done: str = "") -> HttpResponse:
    for message in error.messages if error is not None else ():
        messages.error(request, message)
    if error is None:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("staff:need_review", args=[need.pk]) + "#review-waves")


def _posted(request: HttpRequest, need: StaffingNeed, kind: int) -> KeepForLaterWaveForm:
    """The posted form of ``kind`` (0: keep, 1: move), checked; a ``ValidationError`` for a need without waves or a
    form with errors, whose messages name their fields."""
    presentations = presentation_list_for_review(need=need, user=request.user)
    form = wave_forms(progress=wave_progress_for_need(need), presentations=presentations, data=request.POST)[kind]
    if form is None:
        raise ValidationError(_("This need has no waves."))
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        )
    return form


@login_required
@require_POST
def presentation_keep_for_later(request: HttpRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    try:
        form = _posted(request, need, 0)
        presentation = presentation_for_review(
            need=need, user=request.user, presentation_id=form.cleaned_data["presentation"]
        )
        presentation_keep_for_later_wave(
            presentation=presentation, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        return _back(request, need, error)
    done = _("Candidate #%(id)s is kept in the pool for a later wave.") % {"id": presentation.candidate_id}
    return _back(request, need, None, done)


@login_required
@require_POST
def presentation_wave_change(request: HttpRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    try:
        form = _posted(request, need, 1)
        presentation = presentation_for_review(
            need=need, user=request.user, presentation_id=form.cleaned_data["presentation"]
        )
        wave = get_object_or_404(RecruitingWave, need=need, pk=form.cleaned_data["wave"])
        presentation_wave_move(
            presentation=presentation, wave=wave, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        return _back(request, need, error)
    done = _("Candidate #%(id)s is put forward for the wave of %(date)s.") % {
        "id": presentation.candidate_id,
        "date": wave.starts_on.strftime("%d/%m/%Y"),
    }
    return _back(request, need, None, done)
