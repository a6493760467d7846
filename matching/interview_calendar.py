"""A presentation's interview as a calendar file (iCalendar, RFC 5545), for the e-mails and the candidate's link page.

One interview is one event whose ``UID`` names the presentation, so that each change replaces it in the calendar
that received it: its ``SEQUENCE`` is the number of times the interview was scheduled or left before (read from the
presentation's history, so it only grows), ``METHOD:REQUEST`` while it is scheduled, ``METHOD:CANCEL`` once
cancelled. Times are written in UTC. The summary names the job, never the person; the candidate's name appears in
the description only for those allowed to see it (the advisor; the employer once the identity is revealed).
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from matching.employer_selectors import identity_is_revealed
from matching.enums import PresentationStatus
from matching.models import InterviewSlot, Presentation, PresentationTransition

Status = PresentationStatus
INTERVIEW_DURATION = datetime.timedelta(hours=1)
REQUEST, CANCEL = "REQUEST", "CANCEL"
# Ends that cancel an interview still to come; after it (hire, no hire) the event simply stays in the past.
CANCELLING = (Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE)
EMPLOYER, ADVISOR, CANDIDATE = "employer", "advisor", "candidate"


def interview_sequence(*, presentation_id: int) -> int:
    """How many times the interview changed before its latest state: 0 for the first scheduling."""
    steps = PresentationTransition.objects.filter(presentation_id=presentation_id).filter(
        Q(to_status=Status.INTERVIEW_SCHEDULED) | Q(from_status=Status.INTERVIEW_SCHEDULED)
    )
    return max(steps.count() - 1, 0)


def interview_uid(presentation_id: int) -> str:
    host = urlsplit(str(settings.TREMPLIN_BASE_URL)).hostname or "tremplin"
    return f"interview-{presentation_id}@{host}"


def _organizer_address() -> str:
    address = str(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("<")[2].rstrip(">").strip() or address


def _candidate_name(presentation: Presentation, audience: str) -> str:
    candidate = presentation.candidate
    name = f"{candidate.first_name} {candidate.last_name}"
    if audience == ADVISOR:
        return name
    if audience == EMPLOYER and identity_is_revealed(
        status=presentation.status,
        interview_accepted_at=presentation.interview_accepted_at,
        is_hired_elsewhere=False,
    ):
        return name
    return ""


def interview_calendar(
    *, presentation_id: int, method: str, sequence: int, audience: str, recipient: str = ""
) -> bytes:
    """The calendar file of the presentation's interview for ``audience``; empty when it has no interview time."""
    presentation = (
        Presentation.objects.select_related("need__employer", "candidate").filter(pk=presentation_id).first()
    )
    if presentation is None or presentation.interview_at is None:
        return b""
    slot = InterviewSlot.objects.filter(presentation_id=presentation_id, is_chosen=True).first()
    starts_at = presentation.interview_at.astimezone(datetime.UTC)
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Interview — %(title)s") % {"title": presentation.need.title}
        name = _candidate_name(presentation, audience)
        description = _("Candidate: %(name)s") % {"name": name} if name else ""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tremplin//Interviews//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", interview_uid(presentation_id))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    event.add("dtstart", starts_at.replace(microsecond=0))
    event.add("dtend", (starts_at + INTERVIEW_DURATION).replace(microsecond=0))
    event.add("summary", " ".join(summary.split()))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    if slot is not None:
        event.add("location", slot.place)
    if description:
        event.add("description", description)
    organizer = icalendar.vCalAddress(f"mailto:{_organizer_address()}")
    organizer.params["cn"] = icalendar.vText("Tremplin")
    event.add("organizer", organizer)
    if recipient:
        event.add("attendee", icalendar.vCalAddress(f"mailto:{recipient}"))
    calendar.add_component(event)
    return calendar.to_ical()
