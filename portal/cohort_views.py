"""A need's training cohorts in the portal: the employer plans a cohort of their own need, or changes one.

Only a member of the need's employer reaches these (404 for anyone else, and for a cohort of another need). The
rules are ``employers.cohorts``', whose refusals are shown on the form's fields, with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.cohort_forms import CohortForm
from employers.cohorts import cohort_create, cohort_update
from employers.models import StaffingNeed
from matching import employer_selectors as selectors
from matching.cohort_selectors import cohort_for_need
from portal.cohort_panel import NEW, CohortBound
from portal.views import LOGIN_URL, MemberRequest, need_detail_render


def _saved(request: MemberRequest, need: StaffingNeed, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("portal:need_detail", args=[need.pk]) + "#need-cohorts")


def _shown_again(request: MemberRequest, need: StaffingNeed, cohort_id: int, form: CohortForm) -> HttpResponse:
    return need_detail_render(request, need, cohort_bound=CohortBound(cohort_id=cohort_id, form=form))


def _refused(
    request: MemberRequest, need: StaffingNeed, cohort_id: int, form: CohortForm, error: ValidationError
) -> HttpResponse:
    if not form.add_refusal(error):
        form.add_error(None, error)
    return _shown_again(request, need, cohort_id, form)


@login_required(login_url=LOGIN_URL)
@require_POST
def need_cohort_create(request: MemberRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    form = CohortForm(request.POST, prefix="cohort-new")
    if not form.is_valid():
        return _shown_again(request, need, NEW, form)
    try:
        cohort_create(need=need, details=form.details(), by=request.user)
    except ValidationError as error:
        return _refused(request, need, NEW, form, error)
    return _saved(request, need, _("Training cohort planned."))


@login_required(login_url=LOGIN_URL)
@require_POST
def need_cohort_update(request: MemberRequest, need_id: int, cohort_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    cohort = cohort_for_need(need=need, cohort_id=cohort_id)
    form = CohortForm(request.POST, prefix=f"cohort{cohort.pk}")
    if not form.is_valid():
        return _shown_again(request, need, cohort.pk, form)
    try:
        cohort_update(cohort=cohort, details=form.details(), by=request.user)
    except ValidationError as error:
        return _refused(request, need, cohort.pk, form, error)
    return _saved(request, need, _("Training cohort saved."))
