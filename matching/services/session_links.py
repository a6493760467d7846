"""Secure links for collective sessions: staff send a seat's invitation, the candidate takes the seat or declines.

The same link rows, tokens, checks and messages as the presentation links (``matching.services.links``): consent,
an address per channel, rate limits; the link serves a ``SessionSeat`` instead of a presentation (purpose
``SESSION_SEAT``). The answer goes through ``matching.services.sessions`` (the capacity under the session's lock).
A job dating's attendees get a second link on the same seat to rank the jobs they met
(``matching.services.job_dating_links``).
"""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from matching import events
from matching.enums import ContactKind, LinkChannel, LinkPurpose, SeatStatus
from matching.link_tokens import link_salt_new, link_token, link_token_hash
from matching.models import CandidateLink, CollectiveSession, SessionSeat
from matching.services.contacts import contact_entry_add
from matching.services.links import (
    _check_channels,
    _check_rate_limits,
    _in_platform_language,
    candidate_link_locked_for_answer,
)
from matching.services.sessions import candidate_is_invitable, seat_accept, seat_decline, session_invite


def _check_reachable(candidate: Candidate, channels: Collection[str], by: User, now: datetime.datetime) -> None:
    """The checks of every link sent: an active person, who consented to messages, with an address per channel,
    within the rate limits."""
    if candidate.status != CandidateStatus.ACTIVE:
        raise ValidationError(
            _("Candidate #%(id)s is no longer active.") % {"id": candidate.pk}, code="candidate_not_active"
        )
    if not candidate.consents_to_messages:
        raise ValidationError(
            _("Candidate #%(id)s has not consented to receive messages: ask them first.") % {"id": candidate.pk},
            code="no_consent",
        )
    _check_channels(candidate, channels)
    _check_rate_limits(candidate, by, now)


def _seat_link_create(
    *,
    seat: SessionSeat,
    candidate: Candidate,
    purpose: str,
    channels: list[str],
    expires_at: datetime.datetime,
    now: datetime.datetime,
    by: User,
) -> CandidateLink:
    """A new link for the (locked) seat, its previous open link revoked, logged in the contact log, sent after
    commit (``events.candidate_link_sent``)."""
    seat.links.filter(answered_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    salt = link_salt_new()
    link = CandidateLink.objects.create(
        seat=seat,
        candidate=candidate,
        purpose=purpose,
        token_salt=salt,
        token_hash=link_token_hash(link_token(salt)),
        sent_by_email=LinkChannel.EMAIL in channels,
        sent_by_sms=LinkChannel.SMS in channels,
        created_by=by,
        created_at=now,
        expires_at=expires_at,
    )
    contact_entry_add(
        candidate=candidate,
        kind=ContactKind.LINK_SENT,
        by=by,
        note=_in_platform_language(
            _("%(purpose)s (%(session)s), by %(channels)s")
            % {
                "purpose": LinkPurpose(purpose).label,
                "session": seat.session.title,
                "channels": ", ".join(str(LinkChannel(channel).label) for channel in channels),
            }
        ),
        at=now,
    )
    events.candidate_link_sent.send(sender=CandidateLink, link_id=link.pk, channels=channels)
    return link


@transaction.atomic
def session_seat_link_send(*, seat: SessionSeat, channels: Collection[str], by: User) -> CandidateLink:
    """Send the seat's candidate a link to take the seat or decline it, by ``channels`` (``LinkChannel``); the
    seat's previous open link is revoked. Refused as ``candidate_link_send`` refuses, and when the seat is no longer
    waiting for an answer."""
    channels = sorted(set(channels))
    session = CollectiveSession.objects.select_for_update().get(pk=seat.session_id)
    locked = SessionSeat.objects.select_for_update().select_related("session").get(pk=seat.pk)
    candidate = Candidate.objects.select_for_update().get(pk=locked.candidate_id)
    if not candidate_is_invitable(user=by, session=session, candidate=candidate):
        raise ValidationError(_("You may not invite this candidate to this session."), code="not_workable")
    if session.cancelled_at is not None or locked.status != SeatStatus.INVITED:
        raise ValidationError(
            _("Candidate #%(id)s has no invitation waiting for an answer.") % {"id": candidate.pk}, code="answered"
        )
    now = timezone.now()
    _check_reachable(candidate, channels, by, now)
    # The link lasts until the session starts, at most the usual lifetime.
    expires_at = min(session.starts_at, now + datetime.timedelta(days=settings.CANDIDATE_LINK_LIFETIME_DAYS))
    if expires_at <= now:
        raise ValidationError(_("This session has already started: it takes no more answers."), code="started")
    return _seat_link_create(
        seat=locked,
        candidate=candidate,
        purpose=LinkPurpose.SESSION_SEAT,
        channels=channels,
        expires_at=expires_at,
        now=now,
        by=by,
    )


@transaction.atomic
def session_invite_and_send(
    *, session: CollectiveSession, candidate: Candidate, channels: Collection[str], by: User
) -> SessionSeat:
    """Invite ``candidate`` and send them the seat's link: both or neither (the board's and the session page's
    invitation)."""
    seat = session_invite(session=session, candidate=candidate, by=by)
    session_seat_link_send(seat=seat, channels=channels, by=by)
    return seat


def _locked_for_answer(link: CandidateLink, purpose: str, now: datetime.datetime) -> CandidateLink:
    """The link, locked, if it serves ``purpose`` and still takes its one answer."""
    # The purpose and the seat never change once the link exists: checked before the lock.
    if link.purpose != purpose or link.seat_id is None:
        raise ValidationError(_("This link is not a session invitation."), code="purpose")
    return candidate_link_locked_for_answer(link=link, now=now)


@transaction.atomic
def session_seat_link_answer(*, link: CandidateLink, accept: bool) -> SessionSeat:
    """Record the person's answer through a seat's link, once: take the seat (refused when the session is full) or
    decline it."""
    now = timezone.now()
    locked = _locked_for_answer(link, LinkPurpose.SESSION_SEAT, now)
    seat = SessionSeat.objects.select_related("session").get(pk=locked.seat_id)
    seat = seat_accept(seat=seat, now=now) if accept else seat_decline(seat=seat, now=now)
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    when = date_format(timezone.localtime(seat.session.starts_at), "SHORT_DATETIME_FORMAT")
    note = _("Seat taken: %(session)s, %(when)s") if accept else _("Seat declined: %(session)s, %(when)s")
    contact_entry_add(
        candidate=locked.candidate,
        kind=ContactKind.LINK_ANSWERED,
        by=None,
        note=_in_platform_language(note % {"session": seat.session.title, "when": when}),
        at=now,
    )
    return seat
