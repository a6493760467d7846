"""The public page a candidate's secure link opens: no account, no login, the token in the address is the only key.

GET shows what the employer publishes about the job (``matching.link_selectors.link_offer``: occupation, town,
contract, hours, start dates; never the employer's name) and the question of the link's purpose; POST records the
answer through ``matching.services.link_answers`` and thanks the person. A token that opens nothing (unknown,
malformed, expired, revoked, already answered) gets one neutral page, the same for all, with a 404 status.

Each client address may make ``CANDIDATE_LINK_PAGE_REQUESTS_PER_MINUTE`` requests a minute to these pages, valid
token or not (counted in the cache): tokens are 256-bit, so guessing is hopeless anyway, and a scan gets 429s
before it loads the database. The page is never cached, gives other requests its origin as referrer but never its
address (the token is in it) and is not indexed. It needs no script; the language switch is a pair of links (French
at ``/portal/l/…``, English at ``/en/portal/l/…``).

A collective session's invitation and a job dating's ranking serve a seat instead: their own pages, below.

Once the person has chosen an interview slot, ``…/interview.ics`` gives the interview as a calendar file, with the
same token as the only key (``candidate_link_interview_calendar``).
"""

import hashlib

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from matching.enums import LinkPurpose
from matching.interview_calendar import CANDIDATE, REQUEST, interview_calendar, interview_sequence
from matching.link_selectors import (
    candidate_link_for_interview_calendar,
    candidate_link_for_token,
    job_dating_jobs_for_link,
    link_offer,
)
from matching.services.job_dating_links import job_dating_ranking_link_answer
from matching.services.link_answers import candidate_link_answer
from matching.services.links import candidate_link_open_record
from matching.services.session_links import session_seat_link_answer
from portal.link_forms import JobDatingRankingForm, ProposalAnswerForm, SessionSeatAnswerForm, SlotAnswerForm

TEMPLATE = "portal/links/page.html"
SESSION_TEMPLATE = "portal/links/session.html"
RANKING_TEMPLATE = "portal/links/job_dating.html"
NEUTRAL_TEMPLATE = "portal/links/neutral.html"
DONE_TEMPLATE = "portal/links/done.html"
TOO_MANY_REQUESTS = 429
REFERRER_POLICY = "strict-origin"


def _rate_limited(request: HttpRequest) -> bool:
    """Count this request against its client address for the current minute; True once over the limit."""
    try:
        address = get_adapter().get_client_ip(request)
    except PermissionDenied:  # no address to read: such requests share one count
        address = "unknown"
    minute = int(timezone.now().timestamp() // 60)
    # The address is hashed: the cache holds no one's IP address.
    key = f"candidate-link-page:{hashlib.sha256(address.encode()).hexdigest()[:24]}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.CANDIDATE_LINK_PAGE_REQUESTS_PER_MINUTE


def _languages(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(code, name, address) of the page in each language, for the switch."""
    return [(code, name, translate_url(request.path, code)) for code, name in settings.LANGUAGES]


def _render(request: HttpRequest, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, template, {**context, "languages": _languages(request)}, status=status)
    # The origin only, never the address (the token is in it). Not "no-referrer": the browser would then send
    # "Origin: null" with the answer's POST, which the CSRF check refuses.
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def candidate_link_page(request: HttpRequest, token: str) -> HttpResponse:
    if _rate_limited(request):
        return _render(request, NEUTRAL_TEMPLATE, {"too_many": True}, status=TOO_MANY_REQUESTS)
    link = candidate_link_for_token(token)
    if link is None:
        return _render(request, NEUTRAL_TEMPLATE, {}, status=404)
    if link.purpose == LinkPurpose.SESSION_SEAT:
        return _session_seat_page(request, link)
    if link.purpose == LinkPurpose.JOB_DATING_RANKING:
        return _job_dating_ranking_page(request, link)
    offer = link_offer(link)
    form_class = ProposalAnswerForm if link.purpose == LinkPurpose.PROPOSAL else SlotAnswerForm
    if request.method == "POST":
        form = form_class(request.POST, offer=offer)
        if form.is_valid():
            try:
                candidate_link_answer(link=link, answer=form.answer())
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    # Used, closed or moved on meanwhile: said kindly, without the form.
                    return _render(request, DONE_TEMPLATE, {"refusal": error.messages[0]})
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return _render(
                    request,
                    DONE_TEMPLATE,
                    {
                        "link": link,
                        "answer": form.cleaned_data,
                        # The interview just chosen can go in the person's calendar.
                        "calendar_token": token if candidate_link_for_interview_calendar(token) else "",
                    },
                )
    else:
        candidate_link_open_record(link=link)
        form = form_class(offer=offer)
    return _render(
        request,
        TEMPLATE,
        {"link": link, "offer": offer, "form": form, "is_proposal": form_class is ProposalAnswerForm},
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def candidate_link_interview_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar file of the interview chosen through the link (``matching.interview_calendar``), for the person
    only: their own name is not in it, nor anything the token does not already open."""
    if _rate_limited(request):
        return _render(request, NEUTRAL_TEMPLATE, {"too_many": True}, status=TOO_MANY_REQUESTS)
    link = candidate_link_for_interview_calendar(token)
    content = b""
    if link is not None:
        content = interview_calendar(
            presentation_id=link.presentation_id,
            method=REQUEST,
            sequence=interview_sequence(presentation_id=link.presentation_id),
            audience=CANDIDATE,
        )
    if not content:
        return _render(request, NEUTRAL_TEMPLATE, {}, status=404)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8; method=REQUEST")
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _session_seat_page(request: HttpRequest, link) -> HttpResponse:
    """A collective session's invitation: the session's date, place or video link, what to bring; take the seat
    or decline (through ``matching.services.session_links``). A full session is said on the form, kept as typed."""
    session = link.seat.session
    if request.method == "POST":
        form = SessionSeatAnswerForm(request.POST)
        if form.is_valid():
            try:
                session_seat_link_answer(link=link, accept=form.cleaned_data["attending"])
            except ValidationError as error:
                if error.code not in ("full", "started", "cancelled", "seat_cancelled"):
                    return _render(request, DONE_TEMPLATE, {"refusal": error.messages[0]})
                form.add_error("attending", error.messages[0])
            else:
                return _render(request, DONE_TEMPLATE, {"link": link, "answer": form.cleaned_data})
    else:
        candidate_link_open_record(link=link)
        form = SessionSeatAnswerForm()
    return _render(request, SESSION_TEMPLATE, {"link": link, "session": session, "form": form})


def _job_dating_ranking_page(request: HttpRequest, link) -> HttpResponse:
    """After a job dating: the jobs met, each with what its employer publishes, to rank (through
    ``matching.services.job_dating_links``). A refused ranking (a rank repeated, a gap) comes back as typed."""
    jobs = job_dating_jobs_for_link(link)
    if request.method == "POST":
        form = JobDatingRankingForm(request.POST, jobs=jobs)
        if form.is_valid():
            try:
                job_dating_ranking_link_answer(link=link, ranks=form.ranks())
            except ValidationError as error:
                if getattr(error, "code", None) in ("answered", "closed", "purpose"):
                    return _render(request, DONE_TEMPLATE, {"refusal": error.messages[0]})
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return _render(request, DONE_TEMPLATE, {"link": link, "ranked": form.ranks()})
    else:
        candidate_link_open_record(link=link)
        form = JobDatingRankingForm(jobs=jobs)
    return _render(request, RANKING_TEMPLATE, {"link": link, "session": link.seat.session, "form": form})
