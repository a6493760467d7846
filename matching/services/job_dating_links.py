"""Secure links for a job dating's attendees to rank, after the day, the jobs they met.

The link serves the attendee's seat (purpose ``JOB_DATING_RANKING``), with the checks and the contact-log entries of
every seat link (``matching.services.session_links``); the ranking is stored by the same service as the one the
advisor enters on the staff page (``job_dating_candidate_ranking_save``), with the same rules.
"""

import datetime
from collections.abc import Collection, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from matching.enums import ContactKind, LinkPurpose, SessionKind
from matching.models import CandidateLink, CollectiveSession, SessionSeat
from matching.services.bulk_rows import BulkResult, row_run
from matching.services.contacts import contact_entry_add
from matching.services.job_dating import _is_session_staff, job_dating_candidate_ranking_save
from matching.services.links import _in_platform_language
from matching.services.session_links import _check_reachable, _locked_for_answer, _seat_link_create


@transaction.atomic
def job_dating_ranking_link_send(*, seat: SessionSeat, channels: Collection[str], by: User) -> CandidateLink:
    """Send an attendee of a job dating, once the day has begun, a link to rank its jobs; their previous open link
    on the seat (the invitation's, now moot) is revoked. Refused for someone not recorded as present, for another
    platform's staff, and as every link is refused (consent, address, rate limits)."""
    channels = sorted(set(channels))
    session = CollectiveSession.objects.select_for_update().get(pk=seat.session_id)
    locked = SessionSeat.objects.select_for_update().select_related("session").get(pk=seat.pk)
    candidate = Candidate.objects.select_for_update().get(pk=locked.candidate_id)
    if not _is_session_staff(by, session):
        raise ValidationError(_("Only the session's platform sends its attendees' links."), code="not_yours")
    if session.kind != SessionKind.JOB_DATING or session.cancelled_at is not None:
        raise ValidationError(_("Only a job dating that took place has jobs to rank."), code="not_job_dating")
    now = timezone.now()
    if session.starts_at > now:
        raise ValidationError(_("The jobs are ranked after the job dating, not before."), code="not_started")
    if locked.attended is not True:
        raise ValidationError(
            _("Candidate #%(id)s is not recorded as present: only attendees rank the jobs.") % {"id": candidate.pk},
            code="not_attendee",
        )
    _check_reachable(candidate, channels, by, now)
    return _seat_link_create(
        seat=locked,
        candidate=candidate,
        purpose=LinkPurpose.JOB_DATING_RANKING,
        channels=channels,
        expires_at=now + datetime.timedelta(days=settings.CANDIDATE_LINK_LIFETIME_DAYS),
        now=now,
        by=by,
    )


@transaction.atomic
def job_dating_ranking_links_send(*, session: CollectiveSession, channels: Collection[str], by: User) -> BulkResult:
    """Send the ranking link to every attendee who has not ranked yet, each in a savepoint of its own: a refusal
    (no consent, no address…) is reported with the candidate's number and leaves the others sent."""
    result = BulkResult(action="job_dating_ranking_links")
    ranked = set(session.candidate_rankings.values_list("candidate_id", flat=True))
    for seat in session.seats.filter(attended=True).exclude(candidate_id__in=ranked).order_by("invited_at", "pk"):
        name = _("candidate #%(id)s") % {"id": seat.candidate_id}
        row_run(
            result,
            name,
            lambda seat=seat: job_dating_ranking_link_send(seat=seat, channels=channels, by=by),
            row_id=seat.candidate_id,
        )
    return result


@transaction.atomic
def job_dating_ranking_link_answer(*, link: CandidateLink, ranks: Mapping[int, int]) -> CandidateLink:
    """Record, once, the ranking the attendee gives through their link: ``ranks`` maps need ids to ranks (1 for the
    job they want most); the rules are those of the advisor's entry, and a refusal leaves the link usable."""
    now = timezone.now()
    locked = _locked_for_answer(link, LinkPurpose.JOB_DATING_RANKING, now)
    seat = SessionSeat.objects.select_related("session", "candidate").get(pk=locked.seat_id)
    job_dating_candidate_ranking_save(session=seat.session, candidate=seat.candidate, ranks=ranks, by=None)
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    contact_entry_add(
        candidate=seat.candidate,
        kind=ContactKind.LINK_ANSWERED,
        by=None,
        note=_in_platform_language(
            _("Jobs ranked after the job dating %(session)s: %(count)s ranked")
            % {"session": seat.session.title, "count": len(ranks)}
        ),
        at=now,
    )
    return locked
