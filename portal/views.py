"""The employer portal's pages: the employer's needs, one need with its matching progress and presented candidates.

Thin: each view asks ``matching.employer_selectors`` (which scopes everything to the user's employer, 404 otherwise)
and renders. The progress fragment is checked exactly like its page and is polled by htmx while the run is unfinished.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import User
from candidates.audit import personal_data_access_record
from candidates.models import PersonalDataAccess
from employers.models import StaffingNeed
from matching import employer_selectors as selectors
from matching.services.bulk_rows import BulkResult
from matching.session_selectors import sessions_for_employer_need
from matching.thread_selectors import unread_counts
from matching.wave_selectors import wave_progress_for_need
from portal.bulk_answer_forms import BulkAnswerForm, answerable_profiles
from portal.cohort_panel import CohortBound, cohort_panel
from portal.funnel import ROW_HEIGHT, need_funnel

LOGIN_URL = "account_login"


class MemberRequest(HttpRequest):
    """A request behind ``login_required``: its user is signed in."""

    user: User


def _progress_context(need: StaffingNeed) -> dict[str, object]:
    run = selectors.need_run_latest(need=need)
    counts = selectors.need_counts(need=need)
    funnel = need_funnel(counts)
    return {
        "need": need,
        "run": run,
        "is_polling": run is not None and not run.is_finished,
        "counts": counts,
        "funnel": funnel,
        "funnel_height": len(funnel) * ROW_HEIGHT,
    }


@login_required(login_url=LOGIN_URL)
@require_GET
def need_list(request: MemberRequest) -> HttpResponse:
    needs = selectors.need_list_for_employer(user=request.user)
    unread = unread_counts(user=request.user, need_ids=[need.pk for need in needs])
    rows = [(need, unread.get(need.pk, 0)) for need in needs]
    return render(request, "portal/need_list.html", {"needs": needs, "rows": rows})


@login_required(login_url=LOGIN_URL)
@require_GET
def need_detail(request: MemberRequest, need_id: int) -> HttpResponse:
    return need_detail_render(request, selectors.need_for_employer(user=request.user, need_id=need_id))


def need_detail_render(
    request: MemberRequest,
    need: StaffingNeed,
    *,
    cohort_bound: CohortBound | None = None,
    bulk_form: BulkAnswerForm | None = None,
    bulk_result: BulkResult | None = None,
) -> HttpResponse:
    """The need's page; a cohort's form posted with errors is shown again in place (``portal.cohort_views``), and so
    is the answer to many candidates, with its result row by row (``portal.bulk_answer_views``)."""
    profiles = selectors.presented_profiles_for_need(need=need)
    # Names and contacts revealed to an employer are logged per person, even on this list (unlike staff lists, one
    # entry each): only the few who accepted an interview are named here, and the log must answer, for one person,
    # which employer's members saw their name and when.
    revealed = {profile.contact.candidate_id for profile in profiles if profile.contact is not None}
    if revealed:
        personal_data_access_record(
            actor=request.user,
            candidate_ids=revealed,
            action=PersonalDataAccess.Action.REVEALED,
            fields=("first_name", "last_name", "email", "phone"),
        )
    # Each wave's figures (never a person): the employer follows its waves, not the pool.
    context = _progress_context(need) | {"profiles": profiles, "waves": wave_progress_for_need(need)}
    context["cohorts"] = cohort_panel(need=need, profiles=profiles, bound=cohort_bound)
    context["unread_messages"] = unread_counts(user=request.user, need_ids=[need.pk]).get(need.pk, 0)
    if bulk_form is None and answerable_profiles(profiles):
        bulk_form = BulkAnswerForm(profiles=profiles)
    context |= {"bulk_form": bulk_form, "bulk_result": bulk_result}
    # The collective sessions serving the need: dates, place and seats taken, never who.
    context["sessions"] = sessions_for_employer_need(need=need, user=request.user)
    return render(request, "portal/need_detail.html", context)


@login_required(login_url=LOGIN_URL)
@require_GET
def need_progress(request: MemberRequest, need_id: int) -> HttpResponse:
    need = selectors.need_for_employer(user=request.user, need_id=need_id)
    return render(request, "portal/_need_progress.html", _progress_context(need))
