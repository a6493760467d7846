"""The staff's candidate search by place, skill, occupation and words, with the user's saved searches.

Everything is posted: the criteria never appear in a URL, a session or a log (the access log keeps the page's code,
the radius and how many skills, never a typed text). One address answers every action, named by the posted
``action``: ``search``, ``save`` (search, then keep the criteria under a name), ``run`` (a saved search, by id),
``rename`` and ``delete``. A saved search is the user's own: anyone else's is not found (404).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import is_platform_staff
from candidates.audit import personal_data_list_record
from candidates.selectors import candidate_search_for_staff, saved_search_for_user, saved_search_list_for_user
from candidates.services import saved_search_delete, saved_search_rename, saved_search_save
from staff.candidate_search.forms import CandidateSearchForm, SavedSearchNameForm
from staff.requests import StaffRequest

# The rows shown of a search's results; the count says how many more there are.
SHOWN_RESULTS = 100


def _saved_search_id(request: StaffRequest) -> int:
    try:
        return int(request.POST.get("saved_search", ""))
    except ValueError:
        raise Http404 from None


def _results(request: StaffRequest, form: CandidateSearchForm) -> dict[str, Any]:
    """The page's results for a valid form, the list's viewing logged once."""
    criteria = form.criteria()
    found = candidate_search_for_staff(user=request.user, criteria=criteria)
    personal_data_list_record(
        actor=request.user,
        page="candidate_search",
        filters={
            "distance": criteria.radius_km if criteria.place_communes else None,
            "skills": len(criteria.skill_ids),
            "occupation": criteria.occupation_codes is not None,
            "searched": bool(criteria.words.strip()),
        },
    )
    return {"count": found.count(), "candidates": list(found[:SHOWN_RESULTS])}


def _page(
    request: StaffRequest, form: CandidateSearchForm, name_form: SavedSearchNameForm, **extra: Any
) -> HttpResponse:
    context = {
        "title": _("Candidate search"),
        "form": form,
        "name_form": name_form,
        "saved_searches": list(saved_search_list_for_user(user=request.user)),
        "shown_results": SHOWN_RESULTS,
        **extra,
    }
    return render(request, "staff/candidate_search/search.html", context)


def _search(request: StaffRequest, form: CandidateSearchForm, name_form: SavedSearchNameForm) -> HttpResponse:
    extra: dict[str, Any] = {}
    if form.is_valid():
        extra["results"] = _results(request, form) if form.has_criteria() else None
    return _page(request, form, name_form, **extra)


def _save(request: StaffRequest) -> HttpResponse:
    form = CandidateSearchForm(request.POST)
    name_form = SavedSearchNameForm(request.POST)
    if form.is_valid() and name_form.is_valid():
        try:
            saved = saved_search_save(
                name=name_form.cleaned_data["name"], criteria=form.stored_criteria(), by=request.user
            )
        except ValidationError as error:
            name_form.add_error(None, error)
        else:
            messages.success(request, _("The search “%(name)s” is saved.") % {"name": saved.name})
    return _search(request, form, name_form)


def _run(request: StaffRequest) -> HttpResponse:
    saved = saved_search_for_user(user=request.user, saved_search_id=_saved_search_id(request))
    form = CandidateSearchForm(saved.criteria)
    return _search(request, form, SavedSearchNameForm(initial={"name": saved.name}))


def _rename(request: StaffRequest) -> HttpResponse:
    saved = saved_search_for_user(user=request.user, saved_search_id=_saved_search_id(request))
    name_form = SavedSearchNameForm(request.POST)
    if name_form.is_valid():
        try:
            saved_search_rename(saved_search=saved, name=name_form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The search is renamed “%(name)s”.") % {"name": saved.name})
    else:
        messages.error(request, _("Give the search a name of at most 80 characters."))
    return HttpResponseRedirect(reverse("staff:candidate_search"))


def _delete(request: StaffRequest) -> HttpResponse:
    saved = saved_search_for_user(user=request.user, saved_search_id=_saved_search_id(request))
    name = saved.name
    saved_search_delete(saved_search=saved, by=request.user)
    messages.success(request, _("The search “%(name)s” is deleted.") % {"name": name})
    return HttpResponseRedirect(reverse("staff:candidate_search"))


ACTIONS = {"save": _save, "run": _run, "rename": _rename, "delete": _delete}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_search(request: StaffRequest) -> HttpResponse:
    if not is_platform_staff(request.user):
        raise Http404
    if request.method != "POST":
        return _page(request, CandidateSearchForm(), SavedSearchNameForm())
    action = ACTIONS.get(request.POST.get("action", "search"))
    if action is not None:
        return action(request)
    return _search(request, CandidateSearchForm(request.POST), SavedSearchNameForm())
