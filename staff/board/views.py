"""A need's review board: its rows by state, one page at a time, an action on many ticked rows, and a candidate's
contact log.

Only platform staff of the need's platform reach it (a superuser, every need); anyone else gets 404, and so does an
action naming a row the user may not work. The views only parse and render: ``matching.board_selectors`` reads,
``matching.services.bulk`` runs the workflow's services row by row and ``matching.services.contacts`` writes the
log.

With htmx, the board's region (the counts, the rows, the pages) is swapped in place after an action and every
``REFRESH_SECONDS``, and the result is written into a live region; without it, the forms post and come back to the
same filter with messages. The board is a list: one entry of the personal-data access log per board shown (not per
row, and none for the periodic refresh of a list already shown).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates.audit import personal_data_access_record, personal_data_list_record
from candidates.models import PersonalDataAccess
from employers.models import RecruitingWave, StaffingNeed
from matching.board_selectors import (
    SUGGESTED,
    BoardFilters,
    BoardPage,
    board_contact_log,
    board_page,
    board_presentations,
    board_suggested_candidates,
    board_wave,
    need_waves,
)
from matching.review_selectors import need_for_review
from matching.services.bulk import BulkAction, BulkResult, candidates_bulk_shortlist, presentations_bulk_apply
from matching.services.contacts import contact_entry_add_staff
from matching.thread_selectors import unread_counts
from staff.board.forms import BoardActionForm, BoardFilterForm, ContactEntryForm
from staff.requests import StaffRequest

TEMPLATE = "staff/board/board.html"
REGION_TEMPLATE = "staff/board/_region.html"
REGION_ID = "board-region"
REFRESH_SECONDS = 20
# The actions each state offers on its ticked rows.
STATE_ACTIONS: dict[str, list[str]] = {
    SUGGESTED: [BulkAction.SHORTLIST],
    "shortlisted": [
        BulkAction.SEND_LINK,
        BulkAction.CONTACTED,
        BulkAction.INTERESTED,
        BulkAction.NOT_INTERESTED,
        BulkAction.DECLINE,
        BulkAction.MOVE_WAVE,
    ],
    "contacted": [
        BulkAction.SEND_LINK,
        BulkAction.INTERESTED,
        BulkAction.NOT_INTERESTED,
        BulkAction.DECLINE,
        BulkAction.MOVE_WAVE,
    ],
    "interested": [BulkAction.PRESENT, BulkAction.NOT_INTERESTED, BulkAction.DECLINE, BulkAction.MOVE_WAVE],
    "presented": [BulkAction.DECLINE, BulkAction.MOVE_WAVE],
    "interview": [BulkAction.DECLINE, BulkAction.MOVE_WAVE],
    "training": [BulkAction.MOVE_WAVE],
    "hired": [],
    "ended": [],
}


def _done_message(action: str, count: int) -> str:
    messages_by_action: dict[str, str] = {
        BulkAction.SHORTLIST: ngettext("%(count)d shortlisted", "%(count)d shortlisted", count),
        BulkAction.SEND_LINK: ngettext("%(count)d link sent", "%(count)d links sent", count),
        BulkAction.CONTACTED: ngettext("%(count)d recorded as contacted", "%(count)d recorded as contacted", count),
        BulkAction.INTERESTED: ngettext("%(count)d recorded as interested", "%(count)d recorded as interested", count),
        BulkAction.NOT_INTERESTED: ngettext(
            "%(count)d recorded as not interested", "%(count)d recorded as not interested", count
        ),
        BulkAction.PRESENT: ngettext(
            "%(count)d presented to the employer", "%(count)d presented to the employer", count
        ),
        BulkAction.DECLINE: ngettext("%(count)d withdrawn", "%(count)d withdrawn", count),
        BulkAction.MOVE_WAVE: ngettext("%(count)d moved to another wave", "%(count)d moved to another wave", count),
    }
    return messages_by_action[action] % {"count": count}


def _summary(result: BulkResult) -> str:
    """The result in one sentence, "28 shortlisted, 2 refused:", which the refused names and reasons follow."""
    done = _done_message(result.action, len(result.done))
    if not result.refusals:
        return f"{done}."
    refused = ngettext("%(count)d refused", "%(count)d refused", len(result.refusals)) % {
        "count": len(result.refusals)
    }
    return f"{done}, {refused}:"


def _filters(query: QueryDict, waves: list[RecruitingWave]) -> tuple[BoardFilters, object]:
    form = BoardFilterForm(query, waves=waves)
    if not form.is_valid():
        return BoardFilters(), 1
    return BoardFilters(state=form.cleaned_data["state"], wave_id=form.cleaned_data["wave"]), form.cleaned_data["page"]


def _board_query(board: BoardPage) -> str:
    """The board's filter and page as a query string, to come back to them after an action."""
    query = QueryDict(mutable=True)
    query["state"] = board.state
    if board.filters.wave_id is not None:
        query["wave"] = str(board.filters.wave_id)
    if board.page.number > 1:
        query["page"] = str(board.page.number)
    return query.urlencode()


def _board(request: StaffRequest, need: StaffingNeed) -> BoardPage:
    waves = need_waves(need)
    filters, page_number = _filters(request.GET, waves)
    return board_page(need=need, user=request.user, filters=filters, page_number=page_number or 1, waves=waves)


def _region(request: StaffRequest, need: StaffingNeed, board: BoardPage, **extra: Any) -> dict[str, Any]:
    query = _board_query(board)
    # Moving to another wave needs a wave to move to.
    actions = [a for a in STATE_ACTIONS[board.state] if a != BulkAction.MOVE_WAVE or len(board.waves) > 1]
    rows_context = {
        "need": need,
        "rows": board.rows,
        "waves": {wave.pk: wave.starts_on for wave in board.waves},
        # Without scripts, "tick every row of this page" is a link to the page with them ticked.
        "all_ticked": request.GET.get("select") == "page",
        "query": query,
        "caption": next(f"{count.label} ({count.count})" for count in board.counts if count.state == board.state),
    }
    rows = mark_safe(  # noqa: S308  (Jinja2 escapes every value)
        render_to_string("staff/board/rows.html", rows_context, request, using="jinja2")
    )
    return {
        "need": need,
        "board": board,
        "rows_table": rows,
        "query": query,
        "region_url": f"{reverse('staff:need_board', args=[need.pk])}?{query}",
        "action_url": f"{reverse('staff:need_board_action', args=[need.pk])}?{query}",
        "actions": [(action, BulkAction(action).label) for action in actions],
        "shows_reason": any(action in BulkAction.needing_reason() for action in actions),
        "shows_wave": BulkAction.MOVE_WAVE in actions,
        "shows_channels": BulkAction.SEND_LINK in actions,
        "refresh_seconds": REFRESH_SECONDS,
        **extra,
    }


def _is_refresh(request: StaffRequest) -> bool:
    """The region's own periodic request (htmx names the element that triggered it)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Trigger") == REGION_ID


@login_required
@require_GET
def need_board(request: StaffRequest, need_id: int) -> HttpResponse:
    need = need_for_review(user=request.user, need_id=need_id)
    board = _board(request, need)
    context = _region(request, need, board)
    if _is_refresh(request):
        return render(request, REGION_TEMPLATE, context)
    personal_data_list_record(
        actor=request.user,
        page="board",
        filters={"need": need.pk, "wave": board.filters.wave_id, "state": board.state, "page": board.page.number},
    )
    form = BoardActionForm(waves=board.waves)
    return render(
        request,
        TEMPLATE,
        context
        | {
            "title": _("Board of the need"),
            "unread_messages": unread_counts(user=request.user, need_ids=[need.pk]).get(need.pk, 0),
            "subtitle": need.title,
            "action_form": form,
            "filter_form": BoardFilterForm(
                initial={"state": board.state, "wave": board.filters.wave_id}, waves=board.waves, auto_id="filter_%s"
            ),
        },
    )


def _apply(request: StaffRequest, need: StaffingNeed, form: BoardActionForm) -> BulkResult:
    action, ids = form.cleaned_data["action"], form.cleaned_data["ids"]
    if action in BulkAction.on_suggestions():
        candidates = board_suggested_candidates(need=need, user=request.user, ids=ids)
        return candidates_bulk_shortlist(need=need, candidates=candidates, by=request.user)
    presentations = board_presentations(need=need, user=request.user, ids=ids)
    wave_id = form.cleaned_data["wave"]
    return presentations_bulk_apply(
        action=action,
        presentations=presentations,
        by=request.user,
        reason=form.cleaned_data["reason"],
        decline_scope=form.cleaned_data["decline_scope"],
        wave=board_wave(need=need, wave_id=wave_id) if wave_id is not None else None,
        channels=form.cleaned_data["channels"],
    )


@login_required
@require_POST
def need_board_action(request: StaffRequest, need_id: int) -> HttpResponse:
    """The action on the ticked rows: the region again with the result (htmx), or back to the board."""
    need = need_for_review(user=request.user, need_id=need_id)
    waves = need_waves(need)
    form = BoardActionForm(request.POST, waves=waves)
    result: BulkResult | None = None
    errors: list[str] = []
    if form.is_valid():
        try:
            result = _apply(request, need, form)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = form.errors_as_text()
    if request.headers.get("HX-Request") != "true":
        for message in errors:
            messages.error(request, message)
        if result is not None:
            level = messages.warning if result.refusals else messages.success
            refusals = "; ".join(f"{refusal.name} ({refusal.message})" for refusal in result.refusals)
            level(request, f"{_summary(result)} {refusals}".strip())
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{reverse('staff:need_board', args=[need.pk])}?{query}")
    board = _board(request, need)
    context = _region(request, need, board, result=result, summary=_summary(result) if result else "", errors=errors)
    return render(request, REGION_TEMPLATE, context)


@login_required
@require_http_methods(["GET", "POST"])
def need_board_contact_log(request: StaffRequest, need_id: int, candidate_id: int) -> HttpResponse:
    """A candidate's contact log and the form that adds a call, an e-mail, an SMS, a meeting or a note to it."""
    need = need_for_review(user=request.user, need_id=need_id)
    log = board_contact_log(need=need, user=request.user, candidate_id=candidate_id)
    back = request.GET.urlencode()
    form = ContactEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_entry_add_staff(
                candidate=log.candidate,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry is added to the contact log."))
            url = reverse("staff:need_board_contact_log", args=[need.pk, candidate_id])
            return HttpResponseRedirect(f"{url}?{back}" if back else url)
    personal_data_access_record(
        actor=request.user, candidate_ids=[log.candidate.pk], action=PersonalDataAccess.Action.VIEWED
    )
    board_url = reverse("staff:need_board", args=[need.pk])
    return render(
        request,
        "staff/board/contact_log.html",
        {
            "title": _("Contact log"),
            "subtitle": f"{log.candidate.first_name} {log.candidate.last_name}",
            "need": need,
            "log": log,
            "form": form,
            "board_url": f"{board_url}?{back}" if back else board_url,
        },
    )
