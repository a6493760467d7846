"""The staff review page of a need, rendered: its suggestions, presentations with each step's form, waves, cohorts.

The actions of ``staff.review.views`` answer through it: ``review_done`` and ``review_refused`` redirect back to the
row acted on with a message; ``review_refused_in_form`` shows the page again with the posted form and its errors.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from candidates.audit import personal_data_list_record
from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from matching.models import InterviewSlot, Presentation
from matching.review_selectors import presentation_list_for_review
from matching.selectors import match_run_latest_for_need
from matching.services.sourcing_requests import need_sourcing_check_shown
from matching.thread_selectors import unread_counts
from staff.requests import StaffRequest
from staff.review.cohort_section import CohortBound, cohort_section
from staff.review.forms import (
    AnswerForm,
    EndForm,
    FormMarkup,
    HireForm,
    InterviewScheduleForm,
)
from staff.review.link_rows import link_rows_by_presentation
from staff.review.suggestion_pages import suggestion_listing
from staff.review.undo_forms import FollowUpForm, HireEndForm, ReopenForm, form_prefix
from staff.review.wave_pages import wave_context

Status = PresentationStatus
TEMPLATE = "staff/review/need_review.html"
F = TypeVar("F", bound=Form)


@dataclass
class PresentationItem:
    """A presentation of the page's table, with the forms of the steps it may take next."""

    presentation: Presentation
    answer_form: AnswerForm | None
    schedule_form: InterviewScheduleForm | None
    hire_form: HireForm | None
    end_form: EndForm | None
    markup: FormMarkup

    @property
    def answer_form_markup(self) -> SafeString | None:
        return self.markup.as_div(self.answer_form, "answer")

    @property
    def schedule_form_markup(self) -> SafeString | None:
        return self.markup.as_div(self.schedule_form, "schedule")

    @property
    def hire_form_markup(self) -> SafeString | None:
        return self.markup.as_div(self.hire_form, "hire")

    @property
    def end_form_markup(self) -> SafeString | None:
        return self.markup.as_div(self.end_form, ("end", self.presentation.status))

    @property
    def can_be_presented(self) -> bool:
        return self.presentation.status == Status.SHORTLISTED

    # Undoing a decision and the six-month check (``staff.review.undo_views``, ``follow_up_views``).

    @property
    def can_be_unshortlisted(self) -> bool:
        return self.presentation.status == Status.SHORTLISTED

    @property
    def reopen_form_markup(self) -> SafeString | None:
        if self.presentation.status not in Status.needing_reason():
            return None
        return self.markup.as_div(ReopenForm(prefix=form_prefix(self.presentation, "reopen")), "reopen")

    @property
    def hire_end_form_markup(self) -> SafeString | None:
        if self.presentation.status != Status.HIRED:
            return None
        return self.markup.as_div(HireEndForm(prefix=form_prefix(self.presentation, "hire-end")), "hire-end")

    @property
    def follow_up_form_markup(self) -> SafeString | None:
        """A hire's (ended since or not) or a trainee's six-month check; an end after training has it in the admin."""
        presentation = self.presentation
        if presentation.status not in (*Status.hired_ever(), Status.IN_TRAINING):
            return None
        form = FollowUpForm(prefix=form_prefix(presentation, "follow-up"), presentation=presentation)
        # A recorded check shows its own values: that form is rendered for itself.
        kind = ("follow-up", presentation.pk) if presentation.follow_up_result else "follow-up"
        return self.markup.as_div(form, kind)

    @property
    def can_request_interview(self) -> bool:
        return self.presentation.status == Status.PRESENTED

    @property
    def can_record_acceptance(self) -> bool:
        """The employer asked for an interview and the candidate's acceptance is not recorded yet."""
        return (
            self.presentation.status == Status.INTERVIEW_REQUESTED and self.presentation.interview_accepted_at is None
        )

    @property
    def slots(self) -> list[InterviewSlot]:
        """The interview slots the employer proposed (prefetched by the page's selector)."""
        return list(self.presentation.interview_slots.all())

    @property
    def can_confirm_slot(self) -> bool:
        return (
            self.presentation.status == Status.INTERVIEW_REQUESTED
            and self.presentation.interview_accepted_at is not None
        )


def presentation_form_prefix(presentation: Presentation, kind: str) -> str:
    return f"p{presentation.pk}-{kind}"


def _item(
    presentation: Presentation, need: StaffingNeed, bound: tuple[str, int, Form] | None, markup: FormMarkup
) -> PresentationItem:
    def form(kind: str, form_class: type[F], **kwargs: Any) -> F:
        if bound is not None and bound[0] == kind and bound[1] == presentation.pk:
            return bound[2]  # type: ignore[return-value]  # the bound form of that kind is of that class
        return form_class(prefix=presentation_form_prefix(presentation, kind), **kwargs)

    status = presentation.status
    end_form = form("end", EndForm, presentation=presentation)
    hire_initial = {"contract_type": need.contract_type, "starts_on": need.start_date}
    if need.contract_duration_months:
        hire_initial["contract_duration_months"] = need.contract_duration_months
    return PresentationItem(
        presentation=presentation,
        answer_form=form("answer", AnswerForm) if status == Status.SHORTLISTED else None,
        schedule_form=form("schedule", InterviewScheduleForm) if status == Status.INTERVIEW_REQUESTED else None,
        hire_form=form("hire", HireForm, initial=hire_initial) if status == Status.INTERVIEW_SCHEDULED else None,
        end_form=end_form if end_form.has_choices else None,
        markup=markup,
    )


def _review_url(request: StaffRequest, need: StaffingNeed, *, row: str = "") -> str:
    """The review page, with the filters the user had (actions are posted to a URL that keeps them), at the row
    acted on: ``row``, else the presentation the action's URL names. The page gives that row the focus
    (staff/static/staff/review/row_focus.js), so that the keyboard goes on from where it was."""
    url = reverse("staff:need_review", args=[need.pk])
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    presentation_id = request.resolver_match.kwargs.get("presentation_id") if request.resolver_match else None
    if not row and presentation_id:
        row = f"presentation-{presentation_id}"
    return f"{url}#{row}" if row else url


def _table(name: str, request: StaffRequest, context: dict[str, Any]) -> SafeString:
    """One of the page's long tables, rendered by Jinja2 (staff/jinja2_environment.py explains why)."""
    return mark_safe(render_to_string(f"staff/review/{name}.html", context, request, using="jinja2"))  # noqa: S308


def render_review(
    request: StaffRequest,
    need: StaffingNeed,
    *,
    bound: tuple[str, int, Form] | None = None,
    cohort_bound: CohortBound | None = None,
) -> HttpResponse:
    """The review page; ``bound`` a presentation's form posted with errors, ``cohort_bound`` a cohort's (each shown
    again in place, with what was typed)."""
    presentations = presentation_list_for_review(need=need, user=request.user)
    listing = suggestion_listing(request=request, user=request.user, need=need, presentations=presentations)
    rows = listing.rows
    markup = FormMarkup()
    items = [_item(presentation, need, bound, markup) for presentation in presentations]
    links = link_rows_by_presentation(presentations=presentations, user=request.user)
    query = request.GET.urlencode()
    # One masked CSRF token for every form of the table: each {{ csrf_input }} would draw and mask a new one.
    tables = {"need": need, "query": query, "csrf_field": csrf_input(request)}
    context = {
        "title": _("Review of the need"),
        "subtitle": need.title,
        "need": need,
        "run": match_run_latest_for_need(need=need),
        "filter_form": listing.filter_form,
        "suggestion_listing": listing,
        "sourcing": need_sourcing_check_shown(need=need, by=request.user),
        "suggestions_table": _table("suggestions", request, tables | {"rows": rows, "caption": listing.caption}),
        "presentations_table": _table("presentations", request, tables | {"items": items, "links": links}),
        "can_present_any": any(item.can_be_presented for item in items),
        **wave_context(need=need, user=request.user, presentations=presentations),
        "query": query,
        "cohorts": cohort_section(need=need, user=request.user, bound=cohort_bound),
        "unread_messages": unread_counts(user=request.user, need_ids=[need.pk]).get(need.pk, 0),
    }
    # The page lists candidates by name: one entry in the access log for the list and its filters, not one per row
    # (a profile opened from it is logged by the profile's page).
    personal_data_list_record(
        actor=request.user,
        page="need_review",
        filters={"need": need.pk, "page": request.GET.get("page") or 1, **listing.filter_form.filters().codes()},
    )
    return render(request, TEMPLATE, context)


def review_refused(
    request: StaffRequest, need: StaffingNeed, error: ValidationError, *, row: str = ""
) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return HttpResponseRedirect(_review_url(request, need, row=row))


def review_done(request: StaffRequest, need: StaffingNeed, message: str, *, row: str = "") -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(_review_url(request, need, row=row))


def review_refused_in_form(
    request: StaffRequest,
    need: StaffingNeed,
    kind: str,
    presentation: Presentation,
    form: Form,
    error: ValidationError,
) -> HttpResponse:
    """A service's refusal: on the form's own fields when it names them (what was typed stays), else a message."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
        return render_review(request, need, bound=(kind, presentation.pk, form))
    return review_refused(request, need, error)
