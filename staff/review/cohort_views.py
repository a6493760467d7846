"""The review page's training cohorts: plan or change a cohort, move it on, enrol a presented candidate, record a
trainee's attendance, completion (the hire) or leaving.

Same access as the review page: staff of the need's platform (a superuser, every need), 404 for anyone else, and a
cohort or trainee of another need (or a trainee the user may not work) is not found. Each action calls one service
and redirects back to the page's cohorts with a message; a form with errors, or refused by the service on its
fields, is shown again with what was typed.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.cohort_forms import CohortForm
from employers.cohorts import cohort_create, cohort_status_change, cohort_update
from employers.models import StaffingNeed
from matching.cohort_selectors import cohort_for_need, enrolment_for_staff, presentations_to_enrol
from matching.models import CohortEnrolment
from matching.review_selectors import need_for_review
from matching.services.cohorts import cohort_attendance_record, cohort_complete, cohort_drop_out, cohort_enrol
from staff.requests import StaffRequest
from staff.review.cohort_forms import AttendanceForm, DropOutForm, EnrolForm
from staff.review.cohort_section import CREATE, CohortBound
from staff.review.review_page import render_review

ANCHOR = "#review-cohorts"


def _back(request: StaffRequest, need: StaffingNeed, message: str, *, is_error: bool = False) -> HttpResponse:
    (messages.error if is_error else messages.success)(request, message)
    return HttpResponseRedirect(reverse("staff:need_review", args=[need.pk]) + ANCHOR)


def _refused(request: StaffRequest, need: StaffingNeed, error: ValidationError) -> HttpResponse:
    return _back(request, need, " ".join(error.messages), is_error=True)


def _shown_again(request: StaffRequest, need: StaffingNeed, kind: str, object_id: int, form: Form) -> HttpResponse:
    return render_review(request, need, cohort_bound=CohortBound(kind=kind, object_id=object_id, form=form))


def _refused_in_form(
    request: StaffRequest, need: StaffingNeed, kind: str, object_id: int, form: Form, error: ValidationError
) -> HttpResponse:
    """A service's refusal: on the form's own fields when it names them (what was typed stays), else a message."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
        return _shown_again(request, need, kind, object_id, form)
    return _refused(request, need, error)


@login_required
@require_POST
def cohort_create_view(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    form = CohortForm(request.POST, prefix="cohort-new")
    if not form.is_valid():
        return _shown_again(request, need, CREATE, 0, form)
    try:
        cohort_create(need=need, details=form.details(), by=request.user)
    except ValidationError as error:
        return _refused_in_form(request, need, CREATE, 0, form, error)
    return _back(request, need, _("Training cohort planned."))


@login_required
@require_POST
def cohort_update_view(request: StaffRequest, need_id: int, cohort_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    cohort = cohort_for_need(need=need, cohort_id=cohort_id)
    form = CohortForm(request.POST, prefix=f"cohort{cohort.pk}")
    if not form.is_valid():
        return _shown_again(request, need, "edit", cohort.pk, form)
    try:
        cohort_update(cohort=cohort, details=form.details(), by=request.user)
    except ValidationError as error:
        return _refused_in_form(request, need, "edit", cohort.pk, form, error)
    return _back(request, need, _("Training cohort saved."))


@login_required
@require_POST
def cohort_status_view(request: StaffRequest, need_id: int, cohort_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    cohort = cohort_for_need(need=need, cohort_id=cohort_id)
    try:
        changed = cohort_status_change(cohort=cohort, to_status=request.POST.get("to_status", ""), by=request.user)
    except ValidationError as error:
        return _refused(request, need, error)
    return _back(request, need, _("Training cohort: %(status)s.") % {"status": changed.get_status_display()})


@login_required
@require_POST
def cohort_enrol_view(request: StaffRequest, need_id: int, cohort_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    cohort = cohort_for_need(need=need, cohort_id=cohort_id)
    form = EnrolForm(
        request.POST,
        prefix=f"cohort{cohort.pk}-enrol",
        presentations=presentations_to_enrol(need=need, user=request.user),
    )
    if not form.is_valid():
        return _shown_again(request, need, "enrol", cohort.pk, form)
    presentation = form.cleaned_data["presentation"]
    try:
        cohort_enrol(presentation=presentation, cohort=cohort, by=request.user)
    except ValidationError as error:
        return _refused(request, need, error)
    return _back(request, need, _("Candidate #%(id)s enrolled in the cohort.") % {"id": presentation.candidate_id})


def _trainee_step(
    request: StaffRequest,
    need_id: int,
    cohort_id: int,
    enrolment_id: int,
    *,
    kind: str,
    form_class: type[Form] | None,
    step: Callable[[CohortEnrolment, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One step of a trainee's, with its form (``form_class``, prefixed as the page names it) or without one."""
    need = need_for_review(user=request.user, need_id=need_id)
    enrolment = enrolment_for_staff(need=need, user=request.user, cohort_id=cohort_id, enrolment_id=enrolment_id)
    form = None
    if form_class is not None:
        form = form_class(request.POST, prefix=f"trainee{enrolment.pk}-{kind.replace('_', '-')}")
        if not form.is_valid():
            return _shown_again(request, need, kind, enrolment.pk, form)
    try:
        step(enrolment, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is None:
            return _refused(request, need, error)
        return _refused_in_form(request, need, kind, enrolment.pk, form, error)
    return _back(request, need, done % {"id": enrolment.presentation.candidate_id})


@login_required
@require_POST
def enrolment_attendance_view(request: StaffRequest, need_id: int, cohort_id: int, enrolment_id: int) -> HttpResponse:
    return _trainee_step(
        request,
        need_id,
        cohort_id,
        enrolment_id,
        kind="attendance",
        form_class=AttendanceForm,
        step=lambda enrolment, data: cohort_attendance_record(enrolment=enrolment, by=request.user, **data),
        done=_("Attendance of candidate #%(id)s recorded."),
    )


@login_required
@require_POST
def enrolment_complete_view(request: StaffRequest, need_id: int, cohort_id: int, enrolment_id: int) -> HttpResponse:
    return _trainee_step(
        request,
        need_id,
        cohort_id,
        enrolment_id,
        kind="complete",
        form_class=None,
        step=lambda enrolment, _data: cohort_complete(enrolment=enrolment, by=request.user),
        done=_("Candidate #%(id)s completed the training and is hired."),
    )


@login_required
@require_POST
def enrolment_drop_out_view(request: StaffRequest, need_id: int, cohort_id: int, enrolment_id: int) -> HttpResponse:
    return _trainee_step(
        request,
        need_id,
        cohort_id,
        enrolment_id,
        kind="drop_out",
        form_class=DropOutForm,
        step=lambda enrolment, data: cohort_drop_out(enrolment=enrolment, by=request.user, **data),
        done=_("Candidate #%(id)s left the training."),
    )
