"""The e-mails of the deadlines for employers who do not answer (``matching.services.deadlines``) and of open needs
without activity (``matching.services.stale_needs``), sent by the tasks the outbox promised; and the weekly recap.

Every e-mail is recorded under its key before it is sent (``notifications.sending``): a task delivered twice, or a
recap run twice in a week, sends nothing the second time. Counts, titles and links only; never a candidate's name.
"""

import datetime
import hashlib
import logging

from django.utils import timezone

from employers.models import StaffingNeed
from matching.recap_selectors import EmployerWeek, employer_weeks
from notifications.deadline_kinds import (
    ADVISOR_ALERT,
    EMPLOYER_REMINDER,
    PRESENTATION_EXPIRED,
    STALE_NEED,
    WEEKLY_RECAP,
)
from notifications.kind_base import NoticeKind
from notifications.notices import link
from notifications.sending import notice_send

logger = logging.getLogger(__name__)


def _batch(presentation_ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(presentation_ids))).encode()).hexdigest()[:16]


def employer_reminder_notice_send(*, need_id: int, presentation_ids: list[int]) -> int:
    """Remind the employer's members who take reminders that candidates wait for their answer; return e-mails sent."""
    need = StaffingNeed.objects.filter(pk=need_id).first()
    if need is None or not presentation_ids:
        return 0
    sent = 0
    for email in EMPLOYER_REMINDER.recipients(employer_id=need.employer_id):
        sent += notice_send(
            EMPLOYER_REMINDER,
            recipient=email,
            need_id=need_id,
            batch=_batch(presentation_ids),
            title=need.title,
            count=len(presentation_ids),
            url=link("portal:need_detail", need_id),
        )
    logger.info("Employer reminders sent for need %s: %d", need_id, sent)
    return sent


def _staff_notice_send(kind: NoticeKind, *, need_id: int, presentation_ids: list[int]) -> int:
    need = StaffingNeed.objects.select_related("employer").filter(pk=need_id).first()
    if need is None or not presentation_ids:
        return 0
    sent = 0
    for email, ids in kind.recipients(presentation_ids=presentation_ids).items():
        sent += notice_send(
            kind,
            recipient=email,
            need_id=need_id,
            batch=_batch(ids),
            title=need.title,
            company=need.employer.legal_name,
            count=len(ids),
            url=link("staff:need_review", need_id),
        )
    logger.info("%s notices sent for need %s: %d", kind.name, need_id, sent)
    return sent


def advisor_alert_notice_send(*, need_id: int, presentation_ids: list[int]) -> int:
    """Tell the advisors that an employer, reminded, still has not answered their candidates' presentation."""
    return _staff_notice_send(ADVISOR_ALERT, need_id=need_id, presentation_ids=presentation_ids)


def presentation_expired_notice_send(*, need_id: int, presentation_ids: list[int]) -> int:
    """Tell the advisors that their candidates' presentations expired: they tell the candidates."""
    return _staff_notice_send(PRESENTATION_EXPIRED, need_id=need_id, presentation_ids=presentation_ids)


def stale_need_notice_send(*, need_id: int, flagged_iso: str) -> int:
    """Tell the platform's advisors that an open need has seen no activity; once per flag (its date is in the key)."""
    need = StaffingNeed.objects.select_related("employer").filter(pk=need_id).first()
    if need is None:
        return 0
    sent = 0
    for email in STALE_NEED.recipients(platform_id=need.employer.platform_id):
        sent += notice_send(
            STALE_NEED,
            recipient=email,
            need_id=need_id,
            flagged_iso=flagged_iso,
            title=need.title,
            company=need.employer.legal_name,
            url=link("staff:todo") + "#stale_needs",
        )
    logger.info("Stale need notices sent for need %s: %d", need_id, sent)
    return sent


def _week_label(today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_recaps_send(*, today: datetime.date | None = None) -> int:
    """E-mail each employer member who takes the recap what waits for their employer this ISO week; return e-mails
    sent. Nothing to a member whose employer has nothing waiting; at most one e-mail per member and week."""
    today = today or timezone.localdate()
    members = WEEKLY_RECAP.recipients()
    weeks: dict[int, EmployerWeek] = employer_weeks(
        employer_ids={employer_id for employer_id, _user, _email in members}, today=today
    )
    week = _week_label(today)
    url = link("portal:need_list")
    sent = 0
    for employer_id, user_id, email in members:
        waiting = weeks.get(employer_id)
        if waiting is None or waiting.is_empty:
            continue
        sent += notice_send(
            WEEKLY_RECAP,
            recipient=email,
            user_id=user_id,
            week=week,
            to_answer=waiting.to_answer,
            interviews=waiting.interviews,
            answers_expected=waiting.answers_expected,
            url=url,
        )
    logger.info("Weekly recaps sent for %s: %d", week, sent)
    return sent
