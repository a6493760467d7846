"""The employer's answers to a presented candidate: the candidate's page, one POST endpoint per step, e-mail settings.

Thin: each view fetches the presentation with ``selectors.presentation_for_employer`` (a presentation of another
employer, or someone who is not an employer member, gets 404), calls one service of
``matching.services.employer_answers`` and redirects back with a message. An invalid form, or a step the service
refuses, shows the page again with what was typed and the errors (status 200), never a server error.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from candidates.audit import personal_data_access_record
from candidates.documents import document_list_for_candidate
from candidates.models import PersonalDataAccess
from matching import employer_selectors as selectors
from matching.employer_selectors import CONTACT_FIELDS, PresentedProfile
from matching.enums import PresentationStatus
from matching.models import InterviewSlot, Presentation
from matching.services.assessments import ASSESSABLE
from matching.services.employer_answers import (
    interview_slot_confirm,
    interview_slots_propose,
    presentation_employer_decline,
    presentation_employer_hire,
    presentation_interview_request,
    presentation_no_hire,
)
from matching.services.presentations import steps_forward
from notifications.forms import NoticePreferencesForm
from portal.answer_forms import (
    DeclineForm,
    HireForm,
    NoHireForm,
    SlotConfirmForm,
    SlotsProposeForm,
)
from portal.views import LOGIN_URL, MemberRequest

Status = PresentationStatus
TEMPLATE = "portal/answers/presentation_detail.html"


@dataclass(frozen=True)
class Actions:
    """What the employer may do next, from the presentation's state (the transitions come from the workflow table)."""

    can_request_interview: bool
    can_decline: bool
    can_propose_slots: bool
    can_confirm_slot: bool
    can_record_outcome: bool
    is_waiting_for_candidate: bool

    @property
    def form_kinds(self) -> set[str]:
        """The forms on the page, by prefix."""
        kinds = set()
        if self.can_decline:
            kinds.add("decline")
        if self.can_propose_slots:
            kinds.add("slots")
        if self.can_confirm_slot:
            kinds.add("confirm")
        if self.can_record_outcome:
            kinds |= {"hire", "nohire"}
        return kinds

    @property
    def any(self) -> bool:
        return (
            self.can_request_interview
            or self.can_decline
            or self.can_propose_slots
            or self.can_confirm_slot
            or self.can_record_outcome
        )


def _actions(presentation: Presentation, slots: list[InterviewSlot]) -> Actions:
    allowed = steps_forward(presentation.status)
    is_requested = presentation.status == Status.INTERVIEW_REQUESTED
    is_accepted = is_requested and presentation.interview_accepted_at is not None
    return Actions(
        can_request_interview=Status.INTERVIEW_REQUESTED in allowed,
        can_decline=Status.DECLINED_BY_EMPLOYER in allowed,
        can_propose_slots=is_accepted,
        can_confirm_slot=is_accepted and any(not slot.is_chosen for slot in slots),
        can_record_outcome=Status.HIRED in allowed and Status.NOT_HIRED in allowed,
        is_waiting_for_candidate=is_requested and presentation.interview_accepted_at is None,
    )


def _forms(
    presentation: Presentation, actions: Actions, slots: list[InterviewSlot], bound: tuple[str, Form] | None
) -> dict[str, Form]:
    def form(kind: str, form_class: type[Form], **kwargs: Any) -> Form:
        if bound is not None and bound[0] == kind:
            return bound[1]
        return form_class(prefix=kind, **kwargs)

    need = presentation.need
    kinds = actions.form_kinds
    forms: dict[str, Form] = {}
    if "decline" in kinds:
        forms["decline"] = form("decline", DeclineForm)
    if "slots" in kinds:
        forms["slots"] = form("slots", SlotsProposeForm)
    if "confirm" in kinds:
        forms["confirm"] = form("confirm", SlotConfirmForm, slots=[slot for slot in slots if not slot.is_chosen])
    if "hire" in kinds:
        initial: dict[str, object] = {"contract_type": need.contract_type, "starts_on": need.start_date}
        if need.contract_duration_months:
            initial["contract_duration_months"] = need.contract_duration_months
        forms["hire"] = form("hire", HireForm, initial=initial)
        forms["nohire"] = form("nohire", NoHireForm)
    return forms


def _detail_url(presentation: Presentation) -> str:
    return reverse("portal:presentation_detail", args=[presentation.pk])


def _render(
    request: MemberRequest, presentation: Presentation, *, bound: tuple[str, Form] | None = None
) -> HttpResponse:
    profile: PresentedProfile = selectors.presented_profile(presentation=presentation)
    slots = selectors.interview_slots_for_presentation(presentation=presentation)
    actions = _actions(presentation, slots)
    if profile.contact is not None:
        # A name and contact revealed to the employer: each view of the profile is logged for that person.
        personal_data_access_record(
            actor=request.user,
            candidate_ids={profile.contact.candidate_id},
            action=PersonalDataAccess.Action.REVEALED,
            fields=CONTACT_FIELDS,
        )
    context = {
        "presentation": presentation,
        "need": presentation.need,
        "profile": profile,
        "slots": slots,
        "chosen_slot": next((slot for slot in slots if slot.is_chosen), None),
        "actions": actions,
        "forms": _forms(presentation, actions, slots, bound),
        "history": selectors.presentation_history_for_employer(presentation=presentation),
        "assessable_statuses": ASSESSABLE,
        # Documents (a CV) follow the identity: shown only once the candidate has accepted the interview.
        "documents": document_list_for_candidate(candidate_id=presentation.candidate_id)
        if profile.contact is not None
        else [],
    }
    return render(request, TEMPLATE, context)


def _done(request: MemberRequest, presentation: Presentation, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(_detail_url(presentation))


def _refused(
    request: MemberRequest, presentation: Presentation, kind: str, form: Form, error: ValidationError
) -> HttpResponse:
    """A step the service refuses: its errors on the form, shown again with what was typed.

    When the form is no longer on the page (someone else moved the presentation on), a message says why instead.
    """
    actions = _actions(presentation, selectors.interview_slots_for_presentation(presentation=presentation))
    if kind not in actions.form_kinds:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(_detail_url(presentation))
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
    else:
        for message in error.messages:
            form.add_error(None, message)
    return _render(request, presentation, bound=(kind, form))


def _presentation(request: MemberRequest, presentation_id: int) -> Presentation:
    return selectors.presentation_for_employer(user=request.user, presentation_id=presentation_id)


def _reloaded(presentation: Presentation) -> Presentation:
    """The presentation as it is now, still scoped: after a refusal the page shows its current state."""
    presentation.refresh_from_db(fields=["status", "interview_accepted_at", "interview_at", "reason", "reason_code"])
    return presentation


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "HEAD"])
def presentation_detail(request: MemberRequest, presentation_id: int) -> HttpResponse:
    return _render(request, _presentation(request, presentation_id))


@login_required(login_url=LOGIN_URL)
@require_POST
def presentation_interview_request_view(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = _presentation(request, presentation_id)
    try:
        presentation_interview_request(presentation=presentation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(_detail_url(presentation))
    return _done(
        request,
        presentation,
        _("Interview requested. The platform will ask the candidate and tell you their answer."),
    )


@login_required(login_url=LOGIN_URL)
@require_POST
def presentation_decline_view(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = _presentation(request, presentation_id)
    form = DeclineForm(request.POST, prefix="decline")
    if not form.is_valid():
        return _render(request, presentation, bound=("decline", form))
    try:
        presentation_employer_decline(
            presentation=presentation,
            reason_code=form.cleaned_data["reason_code"],
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
    except ValidationError as error:
        return _refused(request, _reloaded(presentation), "decline", form, error)
    return _done(request, presentation, _("Candidate declined. Thank you for giving your reason."))


@login_required(login_url=LOGIN_URL)
@require_POST
def interview_slots_propose_view(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = _presentation(request, presentation_id)
    form = SlotsProposeForm(request.POST, prefix="slots")
    if not form.is_valid():
        return _render(request, presentation, bound=("slots", form))
    try:
        slots = interview_slots_propose(presentation=presentation, slots=form.slots(), by=request.user)
    except ValidationError as error:
        return _refused(request, _reloaded(presentation), "slots", form, error)
    return _done(
        request,
        presentation,
        _("%(count)d interview slot(s) proposed. Confirm the one agreed with the candidate.") % {"count": len(slots)},
    )


@login_required(login_url=LOGIN_URL)
@require_POST
def interview_slot_confirm_view(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = _presentation(request, presentation_id)
    slots = [
        slot for slot in selectors.interview_slots_for_presentation(presentation=presentation) if not slot.is_chosen
    ]
    form = SlotConfirmForm(request.POST, prefix="confirm", slots=slots)
    if not form.is_valid():
        return _render(request, presentation, bound=("confirm", form))
    try:
        interview_slot_confirm(presentation=presentation, slot=form.chosen_slot(), by=request.user)
    except ValidationError as error:
        return _refused(request, _reloaded(presentation), "confirm", form, error)
    return _done(request, presentation, _("Interview scheduled."))


@login_required(login_url=LOGIN_URL)
@require_POST
def presentation_hire_view(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = _presentation(request, presentation_id)
    form = HireForm(request.POST, prefix="hire")
    if not form.is_valid():
        return _render(request, presentation, bound=("hire", form))
    try:
        presentation_employer_hire(
            presentation=presentation,
            contract_type=form.cleaned_data["contract_type"],
            contract_duration_months=form.cleaned_data["contract_duration_months"],
            starts_on=form.cleaned_data["starts_on"],
            by=request.user,
        )
    except ValidationError as error:
        return _refused(request, _reloaded(presentation), "hire", form, error)
    return _done(request, presentation, _("Hire recorded. Congratulations!"))


@login_required(login_url=LOGIN_URL)
@require_POST
def presentation_no_hire_view(request: MemberRequest, presentation_id: int) -> HttpResponse:
    presentation = _presentation(request, presentation_id)
    form = NoHireForm(request.POST, prefix="nohire")
    if not form.is_valid():
        return _render(request, presentation, bound=("nohire", form))
    try:
        presentation_no_hire(
            presentation=presentation,
            reason_code=form.cleaned_data["reason_code"],
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
    except ValidationError as error:
        return _refused(request, _reloaded(presentation), "nohire", form, error)
    return _done(request, presentation, _("Outcome recorded: not hired."))


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "HEAD", "POST"])
def notice_settings(request: MemberRequest) -> HttpResponse:
    selectors.employer_id_for_member(user=request.user)
    if request.method == "POST":
        form = NoticePreferencesForm(request.POST, user=request.user)
        if form.is_valid() and form.save():
            messages.success(request, _("Your e-mail settings are saved."))
            return HttpResponseRedirect(reverse("portal:notice_settings"))
    else:
        form = NoticePreferencesForm(user=request.user)
    return render(request, "portal/answers/notice_settings.html", {"form": form})
