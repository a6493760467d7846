"""E-mail notices: employers when candidates are presented, advisors when strong suggestions appear or an employer
answers a presentation.

Each is a kind of ``notifications.kinds``, recorded under its key before it is sent: a task delivered twice finds
the key taken and sends nothing, and a notice that cannot be sent stays recorded with its error and is sent again
later (``notifications.delivery``). E-mails carry counts and links, never a candidate's name or contact, and logs
carry ids and counts only.

Each employer member chooses how they hear about presented candidates (``NoticePreference`` of ``PRESENTATION``): an
e-mail each time, one summary a day for the day before, or none; advisors choose the kinds listed for them.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from matching.models import Presentation
from notifications.kinds import (
    EMPLOYER_ANSWER,
    PRESENTATION,
    PRESENTATION_DAILY_DIGEST,
    STRONG_SUGGESTION_DIGEST,
)
from notifications.sending import notice_send

logger = logging.getLogger(__name__)
# Formatted with the notice's context once translated (``notice_render``).
ANSWER_SUBJECTS = {
    PresentationStatus.INTERVIEW_REQUESTED: _("Tremplin: interview requested for “%(title)s”"),
    PresentationStatus.DECLINED_BY_EMPLOYER: _("Tremplin: a candidate declined for “%(title)s”"),
}


def link(name: str, *args: object) -> str:
    """The absolute address of a page, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(settings.TREMPLIN_BASE_URL).rstrip("/") + reverse(name, args=args)


def presentation_notice_send(*, need_id: int, presentation_ids: list[int]) -> int:
    """Tell the employer's members who want an e-mail each time that candidates were presented; return e-mails sent.

    Members who chose the daily summary hear of them the next morning (``presentation_daily_digest_send``); members
    who chose no e-mail are not told.
    """
    need = StaffingNeed.objects.filter(pk=need_id).first()
    if need is None or not presentation_ids:
        return 0
    batch = hashlib.sha256(",".join(map(str, sorted(presentation_ids))).encode()).hexdigest()[:16]
    url = link("portal:need_detail", need.pk)
    sent = 0
    for email in PRESENTATION.recipients(employer_id=need.employer_id):
        sent += notice_send(
            PRESENTATION,
            recipient=email,
            need_id=need_id,
            batch=batch,
            title=need.title,
            count=len(presentation_ids),
            url=url,
        )
    logger.info("Presentation notices sent for need %s: %d", need_id, sent)
    return sent


def presentation_daily_digest_send(*, day: datetime.date | None = None) -> int:
    """E-mail each member who chose the daily summary how many candidates were presented to their employer on
    ``day`` (yesterday by default), need by need; at most one e-mail per member and day, none when there were none.

    Candidates presented that day and since withdrawn by the platform are not counted: the employer no longer sees
    them.
    """
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    members = PRESENTATION_DAILY_DIGEST.recipients()
    if not members:
        return 0
    rows = (
        Presentation.objects.filter(
            presented_at__gte=start,
            presented_at__lt=end,
            status__in=PresentationStatus.presented_or_later(),
            need__employer_id__in={employer_id for employer_id, _email in members},
        )
        .values("need__employer_id", "need__title", "need_id")
        .annotate(count=Count("pk"))
        .order_by("need__employer_id", "need__title", "need_id")
    )
    by_employer: dict[int, list[tuple[str, int]]] = {}
    for row in rows:
        by_employer.setdefault(row["need__employer_id"], []).append((row["need__title"], row["count"]))
    url = link("portal:need_list")
    sent = 0
    for employer_id, email in members:
        needs = by_employer.get(employer_id)
        if not needs:
            continue
        sent += notice_send(
            PRESENTATION_DAILY_DIGEST,
            recipient=email,
            day=day.strftime("%d/%m/%Y"),
            day_iso=day.isoformat(),
            count=sum(count for _title, count in needs),
            needs=needs,
            url=url,
        )
    logger.info("Daily presentation summaries sent for %s: %d", day.isoformat(), sent)
    return sent


def presentation_answer_notice_send(*, presentation_id: int, status: str) -> int:
    """Tell the candidate's advisor that the employer asked for an interview or declined, so they call the candidate.

    The e-mail names the need and links to its review page; never the candidate. Sent once per presentation and step.
    """
    if status not in (PresentationStatus.INTERVIEW_REQUESTED, PresentationStatus.DECLINED_BY_EMPLOYER):
        return 0
    presentation = (
        Presentation.objects.select_related("need", "candidate__advisor")
        .filter(pk=presentation_id, candidate__advisor__isnull=False)
        .first()
    )
    if presentation is None:
        return 0
    sent = 0
    for email in EMPLOYER_ANSWER.recipients(advisor=presentation.candidate.advisor):
        sent += notice_send(
            EMPLOYER_ANSWER,
            recipient=email,
            presentation_id=presentation_id,
            status=status,
            interview_requested=status == PresentationStatus.INTERVIEW_REQUESTED,
            subject=ANSWER_SUBJECTS[status],
            title=presentation.need.title,
            url=link("staff:need_review", presentation.need_id) + f"#presentation-{presentation_id}",
        )
    logger.info("Answer notice for presentation %s (%s): %d", presentation_id, status, sent)
    return sent


def strong_suggestion_digest_send(
    *, since: datetime.datetime | None = None, today: datetime.date | None = None
) -> int:
    """E-mail each advisor how many strong suggestions appeared for their candidates since ``since``; once a day."""
    today = today or timezone.localdate()
    since = since or timezone.now() - datetime.timedelta(days=1)
    url = link("admin:matching_matchsuggestion_changelist")
    sent = 0
    for email, count in STRONG_SUGGESTION_DIGEST.recipients(since=since):
        sent += notice_send(
            STRONG_SUGGESTION_DIGEST, recipient=email, today_iso=today.isoformat(), count=count, url=url
        )
    logger.info("Suggestion digests sent: %d", sent)
    return sent
