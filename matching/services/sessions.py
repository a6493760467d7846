"""Collective sessions (information sessions, MRS test sessions, job datings): their details, invitations, answers,
attendance and MRS results.

Staff of the session's platform write everything but the candidate's own answer (through a secure link, or staff
on their behalf). A seat is taken only under the session's row lock, where the accepted seats are counted: two
people answering at once for the last seat cannot both get it. Lock order, the same in every service here: session,
then seat.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_staff_of_platform
from accounts.models import Platform, User
from candidates.models import Candidate
from employers.models import StaffingNeed
from matching.access import candidate_is_workable
from matching.enums import RunScope, SeatStatus, SessionKind
from matching.models import CollectiveSession, SessionSeat
from matching.services.runs import match_run_request

EDITABLE_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "video_link", "what_to_bring", "capacity")


def _check_staff(user: User, platform_id: int) -> None:
    if not (user.is_superuser or is_staff_of_platform(user, platform_id)):
        raise ValidationError(_("Only the staff of the session's platform may do this."), code="not_staff")


def _check_needs(needs: list[StaffingNeed], platform_id: int) -> None:
    if any(need.employer.platform_id != platform_id for need in needs):
        raise ValidationError({"needs": _("A session serves only needs of its own platform.")}, code="other_platform")


def _check_open(session: CollectiveSession) -> None:
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled."), code="cancelled")


def _lock(session: CollectiveSession) -> CollectiveSession:
    return CollectiveSession.objects.select_for_update().get(pk=session.pk)


def seats_taken(session: CollectiveSession) -> int:
    """The accepted seats of ``session`` (call it under the session's row lock before giving one more)."""
    return SessionSeat.objects.filter(session=session, status=SeatStatus.ACCEPTED).count()


@transaction.atomic
def session_create(
    *, platform: Platform, by: User, needs: list[StaffingNeed] | None = None, **details
) -> CollectiveSession:
    """Create a session of ``platform`` with ``details`` (the ``EDITABLE_FIELDS``) serving ``needs``."""
    _check_staff(by, platform.pk)
    needs = list(needs or [])
    _check_needs(needs, platform.pk)
    session = CollectiveSession(
        platform=platform, created_by=by, **{k: details[k] for k in details if k in EDITABLE_FIELDS}
    )
    session.full_clean()
    session.save()
    session.needs.set(needs)
    return session


@transaction.atomic
def session_edit(
    *, session: CollectiveSession, by: User, needs: list[StaffingNeed] | None = None, **details
) -> CollectiveSession:
    """Change a session's details (and needs, when given). The kind is fixed once someone is invited (the seats
    carry it), and the capacity never falls below the seats already taken."""
    locked = _lock(session)
    _check_staff(by, locked.platform_id)
    _check_open(locked)
    kind_before = locked.kind
    for name, value in details.items():
        if name in EDITABLE_FIELDS:
            setattr(locked, name, value)
    if locked.kind != kind_before and locked.seats.exists():
        raise ValidationError(
            {"kind": _("The kind of a session cannot change once candidates are invited.")}, code="kind_fixed"
        )
    taken = seats_taken(locked)
    if locked.capacity < taken:
        raise ValidationError(
            {"capacity": _("%(taken)d seats are already taken: the capacity cannot be lower.") % {"taken": taken}},
            code="capacity_below_taken",
        )
    locked.full_clean()
    locked.save()
    if needs is not None:
        _check_needs(list(needs), locked.platform_id)
        locked.needs.set(needs)
    return locked


@transaction.atomic
def session_cancel(*, session: CollectiveSession, by: User, now: datetime.datetime | None = None) -> CollectiveSession:
    """Cancel a session: its seats still waiting or taken are cancelled, its open links revoked."""
    now = now or timezone.now()
    locked = _lock(session)
    _check_staff(by, locked.platform_id)
    _check_open(locked)
    locked.cancelled_at = now
    locked.save(update_fields=["cancelled_at"])
    locked.seats.filter(status__in=[SeatStatus.INVITED, SeatStatus.ACCEPTED]).update(status=SeatStatus.CANCELLED)
    for seat in locked.seats.all():
        seat.links.filter(answered_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    return locked


def candidate_is_invitable(*, user: User, session: CollectiveSession, candidate: Candidate) -> bool:
    """Whether ``user`` may invite ``candidate``: they work the candidate for one of the session's needs, or, for a
    session serving no need, the candidate is of the session's platform."""
    if user.is_superuser:
        return True
    needs = list(session.needs.select_related("employer"))
    if not needs:
        return candidate.platform_id == session.platform_id and is_staff_of_platform(user, session.platform_id)
    return any(candidate_is_workable(user=user, need=need, candidate=candidate) for need in needs)


@transaction.atomic
def session_invite(
    *, session: CollectiveSession, candidate: Candidate, by: User, now: datetime.datetime | None = None
) -> SessionSeat:
    """Invite ``candidate``; inviting again someone who declined or was cancelled invites them anew."""
    now = now or timezone.now()
    locked = _lock(session)
    _check_staff(by, locked.platform_id)
    _check_open(locked)
    if locked.ends_at <= now:
        raise ValidationError(_("This session is over."), code="over")
    if not candidate_is_invitable(user=by, session=locked, candidate=candidate):
        raise ValidationError(_("You may not invite this candidate to this session."), code="not_workable")
    seat = SessionSeat.objects.select_for_update().filter(session=locked, candidate=candidate).first()
    if seat is None:
        return SessionSeat.objects.create(
            session=locked, session_kind=locked.kind, candidate=candidate, invited_by=by, invited_at=now
        )
    if seat.status in (SeatStatus.INVITED, SeatStatus.ACCEPTED):
        raise ValidationError(_("This candidate is already invited to this session."), code="already_invited")
    seat.status, seat.invited_by, seat.invited_at, seat.answered_at = SeatStatus.INVITED, by, now, None
    seat.save(update_fields=["status", "invited_by", "invited_at", "answered_at"])
    return seat


def _locked_seat(seat: SessionSeat) -> tuple[CollectiveSession, SessionSeat]:
    session = _lock(seat.session)
    return session, SessionSeat.objects.select_for_update().get(pk=seat.pk)


@transaction.atomic
def seat_accept(*, seat: SessionSeat, now: datetime.datetime | None = None) -> SessionSeat:
    """The candidate takes a seat: refused when the session is full, cancelled or over."""
    now = now or timezone.now()
    session, locked = _locked_seat(seat)
    _check_open(session)
    if session.starts_at <= now:
        raise ValidationError(_("This session has already started: it takes no more answers."), code="started")
    if locked.status == SeatStatus.CANCELLED:
        raise ValidationError(_("This invitation was cancelled."), code="seat_cancelled")
    if locked.status == SeatStatus.ACCEPTED:
        return locked
    if seats_taken(session) >= session.capacity:
        raise ValidationError(
            _("This session is full: every one of its %(capacity)d seats is taken.") % {"capacity": session.capacity},
            code="full",
        )
    locked.status, locked.answered_at = SeatStatus.ACCEPTED, now
    locked.save(update_fields=["status", "answered_at"])
    return locked


@transaction.atomic
def seat_decline(*, seat: SessionSeat, now: datetime.datetime | None = None) -> SessionSeat:
    """The candidate declines (or gives back the seat they took)."""
    now = now or timezone.now()
    session, locked = _locked_seat(seat)
    _check_open(session)
    if locked.status == SeatStatus.CANCELLED:
        raise ValidationError(_("This invitation was cancelled."), code="seat_cancelled")
    locked.status, locked.answered_at = SeatStatus.DECLINED, now
    locked.save(update_fields=["status", "answered_at"])
    return locked


@transaction.atomic
def seat_attendance_record(
    *, seat: SessionSeat, attended: bool | None, by: User, now: datetime.datetime | None = None
) -> SessionSeat:
    """Check someone in (or out, or back to unknown). Someone who comes without having answered takes a seat:
    recorded as accepted, within the capacity. Not attending clears an MRS result."""
    now = now or timezone.now()
    session, locked = _locked_seat(seat)
    _check_staff(by, session.platform_id)
    _check_open(session)
    if locked.status == SeatStatus.CANCELLED:
        raise ValidationError(_("This invitation was cancelled."), code="seat_cancelled")
    if attended and locked.status != SeatStatus.ACCEPTED:
        if seats_taken(session) >= session.capacity:
            raise ValidationError(_("This session is full."), code="full")
        locked.status, locked.answered_at = SeatStatus.ACCEPTED, now
    locked.attended = attended
    passed_before = locked.mrs_passed
    if not attended:
        locked.mrs_passed = None
    locked.recorded_by, locked.recorded_at = by, now
    locked.save(update_fields=["status", "answered_at", "attended", "mrs_passed", "recorded_by", "recorded_at"])
    _rematch_if_pass_changed(locked, passed_before, by)
    return locked


@transaction.atomic
def seat_mrs_result_record(
    *, seat: SessionSeat, passed: bool | None, by: User, now: datetime.datetime | None = None
) -> SessionSeat:
    """Record an MRS test's result for someone who attended an MRS session."""
    now = now or timezone.now()
    session, locked = _locked_seat(seat)
    _check_staff(by, session.platform_id)
    if session.kind != SessionKind.MRS:
        raise ValidationError(_("Only an MRS test session records a result."), code="not_mrs")
    if passed is not None and locked.attended is not True:
        raise ValidationError(_("Record a result only for someone who attended."), code="not_attended")
    passed_before = locked.mrs_passed
    locked.mrs_passed = passed
    locked.recorded_by, locked.recorded_at = by, now
    locked.save(update_fields=["mrs_passed", "recorded_by", "recorded_at"])
    _rematch_if_pass_changed(locked, passed_before, by)
    return locked


def _rematch_if_pass_changed(seat: SessionSeat, passed_before: bool | None, by: User) -> None:
    """A pass stands in for what the session's needs let it replace: the candidate's suggestions are computed
    again when they gain or lose one."""
    if (passed_before is True) != (seat.mrs_passed is True):
        match_run_request(scope=RunScope.CANDIDATE, candidate=seat.candidate, by=by)
