"""The job datings an employer took part in: for each of its needs the session served, it ranks the attendees.

Only members of an employer with a need in the session reach it (404 for anyone else, and for another employer's
need). Attendees are shown by pseudonym (``candidates.pseudonyms``), never with a sensitive situation; the rules on
ranks are ``matching.services.job_dating``'s, whose refusals are shown above the need's form, with what was typed.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employers.models import StaffingNeed
from matching.job_dating_forms import rank_field_name, ranks_read
from matching.job_dating_selectors import (
    AttendeeForEmployer,
    job_dating_attendees_for_need,
    job_dating_for_employer,
    job_dating_list_for_employer,
    job_dating_need_for_employer,
    job_dating_needs_for_employer,
)
from matching.models import CollectiveSession
from matching.services.job_dating import job_dating_employer_ranking_save
from portal.views import LOGIN_URL, MemberRequest


@dataclass
class RankedAttendee:
    attendee: AttendeeForEmployer
    name: str
    value: str


@dataclass
class NeedRanking:
    need: StaffingNeed
    attendees: list[RankedAttendee]
    errors: list[str]


@login_required(login_url=LOGIN_URL)
@require_GET
def job_dating_list(request: MemberRequest) -> HttpResponse:
    sessions = job_dating_list_for_employer(user=request.user)
    return render(request, "portal/job_datings/list.html", {"sessions": sessions})


def _detail(
    request: MemberRequest,
    session: CollectiveSession,
    *,
    typed: tuple[int, dict[str, str], list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``typed`` is one need's refused form (need id, what was typed, the messages)."""
    rankings = []
    for need in job_dating_needs_for_employer(user=request.user, session=session):
        values, errors = ({}, []) if typed is None or typed[0] != need.pk else (typed[1], typed[2])
        attendees = [
            RankedAttendee(
                attendee=attendee,
                name=rank_field_name(attendee.seat_id),
                value=values.get(
                    rank_field_name(attendee.seat_id), "" if attendee.rank is None else str(attendee.rank)
                ),
            )
            for attendee in job_dating_attendees_for_need(session=session, need=need)
        ]
        rankings.append(NeedRanking(need=need, attendees=attendees, errors=errors))
    return render(request, "portal/job_datings/detail.html", {"session": session, "rankings": rankings}, status=status)


@login_required(login_url=LOGIN_URL)
@require_GET
def job_dating_detail(request: MemberRequest, session_id: int) -> HttpResponse:
    return _detail(request, job_dating_for_employer(user=request.user, session_id=session_id))


@login_required(login_url=LOGIN_URL)
@require_POST
def job_dating_rank(request: MemberRequest, session_id: int, need_id: int) -> HttpResponse:
    session = job_dating_for_employer(user=request.user, session_id=session_id)
    need = job_dating_need_for_employer(user=request.user, session=session, need_id=need_id)
    attendees = {row.seat_id: row.candidate_id for row in job_dating_attendees_for_need(session=session, need=need)}
    try:
        by_seat = ranks_read(request.POST, attendees)
        job_dating_employer_ranking_save(
            session=session,
            need=need,
            ranks={attendees[seat_id]: rank for seat_id, rank in by_seat.items()},
            by=request.user,
        )
    except ValidationError as error:
        typed = {rank_field_name(seat_id): request.POST.get(rank_field_name(seat_id), "") for seat_id in attendees}
        return _detail(request, session, typed=(need.pk, typed, error.messages), status=400)
    messages.success(request, _("Your ranking is saved. You may change it until the platform confirms the pairs."))
    return HttpResponseRedirect(reverse("portal:job_dating_detail", args=[session.pk]) + f"#need-{need.pk}")
