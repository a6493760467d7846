"""The staff review page of a need: its suggestions and presentations, and the workflow's steps as POST forms.

Only platform staff of the need's platform reach these pages (a superuser, every need); anyone else gets 404, and
a candidate or presentation that is not this need's too. Each action calls one service and redirects back with a
message; an invalid form is shown again, with what was typed and its errors, instead of redirecting. A service that
refuses a step (a ``ValidationError``) is reported as a message, never as a server error.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from matching.enums import PresentationStatus, RunScope
from matching.models import InterviewSlot
from matching.review_selectors import (
    need_for_review,
    presentation_for_review,
    presentations_for_review,
    suggestion_card_for_review,
    suggestion_for_review,
)
from matching.services.employer_answers import (
    interview_slot_confirm,
    presentation_interview_accept,
)
from matching.services.employer_answers import (
    presentation_interview_schedule as presentation_interview_schedule_record,
)
from matching.services.hand_offs import hand_off_request
from matching.services.presentations import (
    presentation_answer_record,
    presentation_hire,
    presentation_present,
    presentation_shortlist,
    presentation_transition,
)
from matching.services.runs import match_run_request
from staff.requests import StaffRequest
from staff.review.forms import (
    AnswerForm,
    EndForm,
    HandOffRequestForm,
    HireForm,
    InterviewScheduleForm,
)
from staff.review.review_page import (
    presentation_form_prefix,
    render_review,
    review_done,
    review_refused,
    review_refused_in_form,
)


@login_required
@require_GET
def need_review(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    return render_review(request, need)


@login_required
@require_POST
def suggestions_recompute(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    if not need.is_open:
        return review_refused(request, need, ValidationError(_("Only an open need is matched.")))
    match_run_request(scope=RunScope.NEED, need=need, by=request.user)
    return review_done(request, need, _("The suggestions will be computed again in a moment."))


@login_required
@require_POST
def candidate_shortlist(request: StaffRequest, need_id: int, candidate_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    suggestion = suggestion_for_review(need=need, user=request.user, candidate_id=candidate_id)
    row = f"suggestion-{suggestion.pk}"
    try:
        presentation_shortlist(need=need, candidate=suggestion.candidate, by=request.user)
    except ValidationError as error:
        return review_refused(request, need, error, row=row)
    return review_done(
        request, need, _("Candidate #%(id)s is on the shortlist.") % {"id": suggestion.candidate_id}, row=row
    )


@login_required
@require_POST
def candidate_hand_off_request(request: StaffRequest, need_id: int, suggestion_id: int) -> HttpResponse:
    """Ask another platform for a candidate suggested for this need; the page names them by their pseudonym."""
    need = need_for_review(user=request.user, need_id=need_id)
    suggestion = suggestion_card_for_review(need=need, suggestion_id=suggestion_id)
    form = HandOffRequestForm(request.POST)
    row = f"suggestion-{suggestion.pk}"
    if not form.is_valid():
        return review_refused(request, need, ValidationError(form.errors["message"]), row=row)
    try:
        hand_off_request(
            need=need, candidate=suggestion.candidate, message=form.cleaned_data["message"], by=request.user
        )
    except ValidationError as error:
        return review_refused(request, need, error, row=row)
    return review_done(request, need, _("Your request was sent to the candidate's platform."), row=row)


@login_required
@require_POST
def presentations_present(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentations = presentations_for_review(
        need=need, user=request.user, presentation_ids=request.POST.getlist("presentations")
    )
    if not presentations:
        return review_refused(request, need, ValidationError(_("Tick the candidates to present.")))
    try:
        presented = presentation_present(presentations=presentations, by=request.user)
    except ValidationError as error:
        return review_refused(request, need, error)
    return review_done(
        request, need, _("%(count)s candidate(s) presented to the employer.") % {"count": len(presented)}
    )


@login_required
@require_POST
def presentation_answer(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = AnswerForm(request.POST, prefix=presentation_form_prefix(presentation, "answer"))
    if not form.is_valid():
        return render_review(request, need, bound=("answer", presentation.pk, form))
    try:
        presentation_answer_record(
            presentation=presentation,
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
            decline_scope=form.cleaned_data["decline_scope"],
            by=request.user,
        )
    except ValidationError as error:
        return review_refused_in_form(request, need, "answer", presentation, form, error)
    return review_done(request, need, _("Answer of candidate #%(id)s recorded.") % {"id": presentation.candidate_id})


@login_required
@require_POST
def presentation_interview_request(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    try:
        presentation_transition(
            presentation=presentation, to_status=PresentationStatus.INTERVIEW_REQUESTED, by=request.user
        )
    except ValidationError as error:
        return review_refused(request, need, error)
    return review_done(
        request, need, _("Interview requested for candidate #%(id)s.") % {"id": presentation.candidate_id}
    )


@login_required
@require_POST
def presentation_interview_schedule(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = InterviewScheduleForm(request.POST, prefix=presentation_form_prefix(presentation, "schedule"))
    if not form.is_valid():
        return render_review(request, need, bound=("schedule", presentation.pk, form))
    try:
        # Scheduling implies the candidate accepted the interview: recorded too when it was not yet.
        presentation_interview_schedule_record(
            presentation=presentation, interview_at=form.cleaned_data["interview_at"], by=request.user
        )
    except ValidationError as error:
        return review_refused_in_form(request, need, "schedule", presentation, form, error)
    return review_done(
        request, need, _("Interview scheduled for candidate #%(id)s.") % {"id": presentation.candidate_id}
    )


@login_required
@require_POST
def presentation_interview_accept_record(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    """The candidate accepted the interview the employer asked for: the employer now sees their name and contact."""
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    try:
        presentation_interview_accept(presentation=presentation, by=request.user)
    except ValidationError as error:
        return review_refused(request, need, error)
    return review_done(
        request,
        need,
        _("Candidate #%(id)s accepted the interview: the employer now sees their contact details.")
        % {"id": presentation.candidate_id},
    )


@login_required
@require_POST
def interview_slot_confirm_record(
    request: StaffRequest, need_id: int, presentation_id: int, slot_id: int
) -> HttpResponse:
    """Confirm, for the employer, the slot agreed with the candidate."""
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    slot = get_object_or_404(InterviewSlot, presentation=presentation, pk=slot_id)
    try:
        interview_slot_confirm(presentation=presentation, slot=slot, by=request.user)
    except ValidationError as error:
        return review_refused(request, need, error)
    return review_done(
        request, need, _("Interview scheduled for candidate #%(id)s.") % {"id": presentation.candidate_id}
    )


@login_required
@require_POST
def presentation_hire_record(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = HireForm(request.POST, prefix=presentation_form_prefix(presentation, "hire"))
    if not form.is_valid():
        return render_review(request, need, bound=("hire", presentation.pk, form))
    try:
        presentation_hire(
            presentation=presentation,
            contract_type=form.cleaned_data["contract_type"],
            contract_duration_months=form.cleaned_data["contract_duration_months"],
            starts_on=form.cleaned_data["starts_on"],
            by=request.user,
        )
    except ValidationError as error:
        return review_refused_in_form(request, need, "hire", presentation, form, error)
    return review_done(request, need, _("Hire of candidate #%(id)s recorded.") % {"id": presentation.candidate_id})


@login_required
@require_POST
def presentation_end(request: StaffRequest, need_id: int, presentation_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    presentation = presentation_for_review(need=need, user=request.user, presentation_id=presentation_id)
    form = EndForm(request.POST, prefix=presentation_form_prefix(presentation, "end"), presentation=presentation)
    if not form.is_valid():
        return render_review(request, need, bound=("end", presentation.pk, form))
    try:
        ended = presentation_transition(
            presentation=presentation,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            decline_scope=form.cleaned_data["decline_scope"],
            by=request.user,
        )
    except ValidationError as error:
        return review_refused_in_form(request, need, "end", presentation, form, error)
    return review_done(
        request,
        need,
        _("Candidate #%(id)s: %(status)s.") % {"id": presentation.candidate_id, "status": ended.get_status_display()},
    )
