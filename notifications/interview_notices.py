"""E-mails of an interview scheduled or cancelled, to the employer's members and the candidate's advisor, and their
reminder the day before (``interview_reminders_send``, hourly from the beat).

Each carries the interview as a calendar file (``matching.interview_calendar``), built again when the e-mail leaves
(``notifications.interview_attachments``, called by ``notifications.delivery``) from the notice's key: the recorded
notice holds no name, and the task's arguments are ids. Sent once per presentation, change, method and recipient.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from matching.enums import PresentationStatus
from matching.interview_calendar import CANCEL
from matching.models import InterviewSlot, Presentation
from notifications.kinds import INTERVIEW_ADVISOR, INTERVIEW_INVITATION, INTERVIEW_REMINDER
from notifications.notices import link
from notifications.sending import notice_send

logger = logging.getLogger(__name__)
REMINDER_AHEAD = datetime.timedelta(hours=24)
SUBJECTS = {
    "REQUEST": _("Tremplin: interview for “%(title)s” on %(when)s"),
    CANCEL: _("Tremplin: interview cancelled for “%(title)s”"),
}


def _page(presentation: Presentation, audience: str) -> str:
    if audience == INTERVIEW_ADVISOR:
        return link("staff:need_review", presentation.need_id) + f"#presentation-{presentation.pk}"
    return link("portal:presentation_detail", presentation.pk)


def _when(moment: datetime.datetime) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def interview_invitation_send(*, presentation_id: int, method: str, sequence: int) -> int:
    """Tell the employer's members and the advisor of the interview's change, with its calendar file."""
    presentation = Presentation.objects.select_related("need", "candidate__advisor").filter(pk=presentation_id).first()
    if presentation is None or presentation.interview_at is None or method not in SUBJECTS:
        return 0
    slot = InterviewSlot.objects.filter(presentation_id=presentation_id, is_chosen=True).first()
    when = _when(presentation.interview_at)
    sent = 0
    for audience, email in INTERVIEW_INVITATION.recipients(presentation=presentation):
        url = _page(presentation, audience)
        sent += notice_send(
            INTERVIEW_INVITATION,
            recipient=email,
            presentation_id=presentation_id,
            sequence=sequence,
            method=method,
            audience=audience,
            subject=SUBJECTS[method],
            title=presentation.need.title,
            when=when,
            place=slot.place if slot is not None else "",
            is_cancelled=method == CANCEL,
            url=url,
        )
    logger.info("Interview notices for presentation %s (%s %s): %d", presentation_id, method, sequence, sent)
    return sent


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the employer's members and the advisor of each interview starting within 24 hours; return e-mails sent.

    Each recipient hears once per interview and time (the key holds the time): run again, or delivered twice, it
    sends nothing more; an interview moved to another time is reminded again.
    """
    moment = now or timezone.now()
    due = Presentation.objects.select_related("need", "candidate__advisor").filter(
        status=PresentationStatus.INTERVIEW_SCHEDULED,
        interview_at__gt=moment,
        interview_at__lte=moment + REMINDER_AHEAD,
    )
    sent = 0
    for presentation in due.order_by("interview_at", "pk"):
        interview_at = presentation.interview_at
        if interview_at is None:  # filtered out above; for the type checker
            continue
        slot = InterviewSlot.objects.filter(presentation=presentation, is_chosen=True).first()
        for audience, email in INTERVIEW_REMINDER.recipients(presentation=presentation):
            sent += notice_send(
                INTERVIEW_REMINDER,
                recipient=email,
                presentation_id=presentation.pk,
                interview_at_iso=interview_at.astimezone(datetime.UTC).isoformat(),
                title=presentation.need.title,
                when=_when(interview_at),
                place=slot.place if slot is not None else "",
                url=_page(presentation, audience),
            )
    logger.info("Interview reminders sent: %d", sent)
    return sent
