"""A job dating's staff page: what each employer ranked, each attendee's ranking (entered here by the advisor when
the candidate did not), the proposals with their confirm and reject buttons, and the blocking-pair audit.

Staff of the session's platform only (anyone else: 404). The page lists names: one entry of the access log.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from candidates.audit import personal_data_list_record
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.job_dating_forms import rank_field_name, ranks_read
from matching.job_dating_selectors import (
    job_dating_attendee_seats,
    job_dating_audit,
    job_dating_candidate_ranks,
    job_dating_employer_rankings,
    job_dating_for_staff,
    job_dating_proposal_for_staff,
    job_dating_proposals,
)
from matching.models import CollectiveSession
from matching.services.job_dating import (
    job_dating_candidate_ranking_save,
    job_dating_confirmed_audit,
    job_dating_openings,
    job_dating_proposal_confirm,
    job_dating_proposal_reject,
    job_dating_proposals_compute,
)
from matching.services.job_dating_links import job_dating_ranking_links_send
from staff.requests import StaffRequest
from staff.sessions.forms import RankingLinksForm

TEMPLATE = "staff/job_dating/job_dating.html"


@dataclass
class RankBox:
    need: StaffingNeed
    name: str
    value: str


@dataclass
class AttendeeRow:
    candidate: Candidate
    boxes: list[RankBox]
    errors: list[str]


def _page_url(session_id: int, anchor: str = "") -> str:
    url = reverse("staff:job_dating", args=[session_id])
    return f"{url}#{anchor}" if anchor else url


def _page(
    request: StaffRequest,
    session: CollectiveSession,
    *,
    typed: tuple[int, dict[str, str], list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``typed`` is one attendee's refused form (candidate id, what was typed, the messages)."""
    needs = list(session.needs.select_related("employer").order_by("employer__legal_name", "title", "pk"))
    ranks = job_dating_candidate_ranks(session)
    rows = []
    for seat in job_dating_attendee_seats(session):
        values, errors = {}, []
        if typed is not None and typed[0] == seat.candidate_id:
            values, errors = typed[1], typed[2]
        boxes = [
            RankBox(
                need=need,
                name=rank_field_name(need.pk),
                value=values.get(rank_field_name(need.pk), str(ranks.get(seat.candidate_id, {}).get(need.pk, ""))),
            )
            for need in needs
        ]
        rows.append(AttendeeRow(candidate=seat.candidate, boxes=boxes, errors=errors))
    if typed is not None and not any(row.candidate.pk == typed[0] for row in rows):
        # Someone not recorded as present has no form on the page: the refusal is shown at the top.
        for text in typed[2]:
            messages.error(request, text)
    employer_rankings: dict[int, list] = {need.pk: [] for need in needs}
    for ranking in job_dating_employer_rankings(session).order_by("need", "rank"):
        employer_rankings.setdefault(ranking.need_id, []).append(ranking)
    openings = job_dating_openings(session)
    personal_data_list_record(actor=request.user, page="job_dating")
    context = {
        "title": _("Job dating: %(title)s") % {"title": session.title},
        "session": session,
        "needs": [(need, openings.get(need.pk, 0), employer_rankings[need.pk]) for need in needs],
        "attendees": rows,
        "proposals": job_dating_proposals(session).order_by("need__employer__legal_name", "need__title", "pk"),
        "audit": job_dating_audit(session),
        "confirmed_blocking_pairs": job_dating_confirmed_audit(session),
        "links_form": RankingLinksForm(),
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_GET
def job_dating_page(request: StaffRequest, session_id: int) -> HttpResponse:
    return _page(request, job_dating_for_staff(user=request.user, session_id=session_id))


@login_required
@require_POST
def job_dating_candidate_rank(request: StaffRequest, session_id: int, candidate_id: int) -> HttpResponse:
    session = job_dating_for_staff(user=request.user, session_id=session_id)
    seat = get_object_or_404(session.seats.select_related("candidate"), candidate_id=candidate_id)
    need_ids = list(session.needs.values_list("pk", flat=True))
    try:
        ranks = ranks_read(request.POST, need_ids)
        job_dating_candidate_ranking_save(session=session, candidate=seat.candidate, ranks=ranks, by=request.user)
    except ValidationError as error:
        typed = {rank_field_name(need_id): request.POST.get(rank_field_name(need_id), "") for need_id in need_ids}
        return _page(request, session, typed=(candidate_id, typed, error.messages), status=400)
    messages.success(request, _("Ranking saved."))
    return HttpResponseRedirect(_page_url(session.pk, f"attendee-{candidate_id}"))


@login_required
@require_POST
def job_dating_ranking_links(request: StaffRequest, session_id: int) -> HttpResponse:
    """Send the ranking link to the attendees who have not ranked yet; each refusal is said with its number."""
    session = job_dating_for_staff(user=request.user, session_id=session_id)
    form = RankingLinksForm(request.POST)
    if not form.is_valid():
        for text in form.errors.get("channels", []):
            messages.error(request, text)
        return HttpResponseRedirect(_page_url(session.pk, "job-dating-candidates"))
    result = job_dating_ranking_links_send(session=session, channels=form.cleaned_data["channels"], by=request.user)
    sent = len(result.done)
    messages.success(
        request, ngettext("%(count)s ranking link sent.", "%(count)s ranking links sent.", sent) % {"count": sent}
    )
    for refusal in result.refusals:
        # The service's message names the candidate by number already.
        messages.error(request, refusal.message)
    return HttpResponseRedirect(_page_url(session.pk, "job-dating-candidates"))


@login_required
@require_POST
def job_dating_compute(request: StaffRequest, session_id: int) -> HttpResponse:
    session = job_dating_for_staff(user=request.user, session_id=session_id)
    try:
        audit = job_dating_proposals_compute(session=session, by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return HttpResponseRedirect(_page_url(session.pk))
    count = audit.proposals_count
    messages.success(
        request,
        ngettext("%(count)s pair proposed.", "%(count)s pairs proposed.", count) % {"count": count},
    )
    return HttpResponseRedirect(_page_url(session.pk, "proposals"))


def _decided(request: StaffRequest, session_id: int, decide, done: str) -> HttpResponse:
    try:
        decide()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_page_url(session_id, "proposals"))


@login_required
@require_POST
def job_dating_proposal_confirm_record(request: StaffRequest, session_id: int, proposal_id: int) -> HttpResponse:
    proposal = job_dating_proposal_for_staff(user=request.user, session_id=session_id, proposal_id=proposal_id)
    return _decided(
        request,
        session_id,
        lambda: job_dating_proposal_confirm(proposal=proposal, by=request.user),
        _("Pair confirmed: the presentation waits for its interview date."),
    )


@login_required
@require_POST
def job_dating_proposal_reject_record(request: StaffRequest, session_id: int, proposal_id: int) -> HttpResponse:
    proposal = job_dating_proposal_for_staff(user=request.user, session_id=session_id, proposal_id=proposal_id)
    return _decided(
        request,
        session_id,
        lambda: job_dating_proposal_reject(proposal=proposal, by=request.user),
        _("Pair rejected: it will not be proposed again."),
    )
