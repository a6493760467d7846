"""E-mail notices: employers when candidates are presented, advisors when strong suggestions appear or an employer
answers a presentation.

Each notice is recorded under a key before it is sent: a task delivered twice
finds the key taken and sends nothing, and a notice that cannot be sent stays
recorded with its error and is sent again later (``notice_delivery``).
E-mails carry counts and links, never a candidate's name or contact, and logs
carry ids and counts only.

Each employer member chooses how they hear about presented candidates
(``User.presentation_notices``): an e-mail each time, one summary a day for the
day before, or none.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import MembershipRole, PresentationNoticeFrequency
from accounts.models import Membership, User
from employers.models import StaffingNeed
from matching.enums import PresentationStatus
from matching.models import MatchSuggestion, Presentation
from notifications.delivery import notice_deliver, notice_record

logger = logging.getLogger(__name__)
STRONG_SUGGESTION_SCORE = 8000


def _send_once(*, key: str, recipient: str, subject: str, body: str) -> bool:
    """Send an e-mail unless one was already recorded under ``key``; True if sent now.

    One that cannot be sent now stays recorded and is sent again by ``notices_retry`` (``notice_delivery``).
    """
    notice = notice_record(key=key, recipient=recipient, subject=subject, body=body)
    return notice is not None and notice_deliver(notice=notice)


def _link(name: str, *args: object) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(settings.TREMPLIN_BASE_URL) + reverse(name, args=args)


def _employer_members(*, frequency: str) -> QuerySet[Membership]:
    return Membership.objects.filter(
        role=MembershipRole.EMPLOYER_MEMBER, user__is_active=True, user__presentation_notices=frequency
    )


def presentation_notice_send(*, need_id: int, presentation_ids: list[int]) -> int:
    """Tell the employer's members who want an e-mail each time that candidates were presented; return e-mails sent.

    Members who chose the daily summary hear of them the next morning (``presentation_daily_digest_send``); members
    who chose no e-mail are not told.
    """
    need = StaffingNeed.objects.select_related("employer").filter(pk=need_id).first()
    if need is None or not presentation_ids:
        return 0
    batch = hashlib.sha256(",".join(map(str, sorted(presentation_ids))).encode()).hexdigest()[:16]
    members = _employer_members(frequency=PresentationNoticeFrequency.EACH).filter(employer_id=need.employer_id)
    link = _link("portal:need_detail", need.pk)
    sent = 0
    for email in sorted(members.values_list("user__email", flat=True)):
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Tremplin: candidates presented for “%(title)s”") % {"title": need.title}
            body = ngettext(
                "%(count)d candidate was presented to you for “%(title)s”.\n%(url)s",
                "%(count)d candidates were presented to you for “%(title)s”.\n%(url)s",
                len(presentation_ids),
            ) % {"count": len(presentation_ids), "title": need.title, "url": link}
        sent += _send_once(key=f"presented:{need_id}:{batch}:{email}", recipient=email, subject=subject, body=body)
    logger.info("Presentation notices sent for need %s: %d", need_id, sent)
    return sent


def presentation_daily_digest_send(*, day: datetime.date | None = None) -> int:
    """E-mail each member who chose the daily summary how many candidates were presented to their employer on
    ``day`` (yesterday by default), need by need; at most one e-mail per member and day, none when there were none.

    Candidates presented that day and since withdrawn by the platform are not counted: the employer no longer sees
    them.
    """
    from portal.selectors import PRESENTED_OR_LATER

    day = day or timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    members = list(
        _employer_members(frequency=PresentationNoticeFrequency.DAILY).values_list("employer_id", "user__email")
    )
    if not members:
        return 0
    rows = (
        Presentation.objects.filter(
            presented_at__gte=start,
            presented_at__lt=end,
            status__in=PRESENTED_OR_LATER,
            need__employer_id__in={employer_id for employer_id, _email in members},
        )
        .values("need__employer_id", "need__title", "need_id")
        .annotate(count=Count("pk"))
        .order_by("need__employer_id", "need__title", "need_id")
    )
    by_employer: dict[int, list[tuple[str, int]]] = {}
    for row in rows:
        by_employer.setdefault(row["need__employer_id"], []).append((row["need__title"], row["count"]))
    link = _link("portal:need_list")
    sent = 0
    for employer_id, email in sorted(members, key=lambda member: member[1]):
        needs = by_employer.get(employer_id)
        if not needs:
            continue
        total = sum(count for _title, count in needs)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Tremplin: candidates presented to you on %(day)s") % {"day": day.strftime("%d/%m/%Y")}
            lines = [
                ngettext(
                    "%(count)d candidate was presented to you on %(day)s:",
                    "%(count)d candidates were presented to you on %(day)s:",
                    total,
                )
                % {"count": total, "day": day.strftime("%d/%m/%Y")},
                *(f"- {title}: {count}" for title, count in needs),
                "",
                link,
            ]
        sent += _send_once(
            key=f"presented-daily:{day.isoformat()}:{email}", recipient=email, subject=subject, body="\n".join(lines)
        )
    logger.info("Daily presentation summaries sent for %s: %d", day.isoformat(), sent)
    return sent


def presentation_answer_notice_send(*, presentation_id: int, status: str) -> int:
    """Tell the candidate's advisor that the employer asked for an interview or declined, so they call the candidate.

    The e-mail names the need and links to its review page; never the candidate. Sent once per presentation and step.
    """
    if status not in (PresentationStatus.INTERVIEW_REQUESTED, PresentationStatus.DECLINED_BY_EMPLOYER):
        return 0
    row = (
        Presentation.objects.filter(
            pk=presentation_id, candidate__advisor__isnull=False, candidate__advisor__is_active=True
        )
        .values("need_id", "need__title", "candidate__advisor__email")
        .first()
    )
    if row is None:
        return 0
    link = _link("staff:need_review", row["need_id"]) + f"#presentation-{presentation_id}"
    params = {"title": row["need__title"], "url": link}
    with translation.override(settings.LANGUAGE_CODE):
        if status == PresentationStatus.INTERVIEW_REQUESTED:
            subject = _("Tremplin: interview requested for “%(title)s”") % params
            body = (
                _(
                    "The employer asks to interview one of your candidates for “%(title)s”. Ask the candidate, then "
                    "record their answer on the review page:\n%(url)s"
                )
                % params
            )
        else:
            subject = _("Tremplin: a candidate declined for “%(title)s”") % params
            body = (
                _(
                    "The employer declined one of your candidates for “%(title)s”. The reason is on the review "
                    "page:\n%(url)s"
                )
                % params
            )
    sent = _send_once(
        key=f"answer:{presentation_id}:{status}",
        recipient=row["candidate__advisor__email"],
        subject=subject,
        body=body,
    )
    logger.info("Answer notice for presentation %s (%s): %d", presentation_id, status, int(sent))
    return int(sent)


def presentation_notice_frequency_set(*, user: User, frequency: str) -> User:
    """How the user hears about presented candidates: an e-mail each time, a daily summary, or none."""
    if frequency not in PresentationNoticeFrequency.values:
        raise ValidationError({"presentation_notices": _("Choose how you want to hear about presented candidates.")})
    User.objects.filter(pk=user.pk).update(presentation_notices=frequency)
    user.presentation_notices = frequency
    return user


def strong_suggestion_digest_send(
    *, since: datetime.datetime | None = None, today: datetime.date | None = None
) -> int:
    """E-mail each advisor how many strong suggestions appeared for their candidates since ``since``; once a day."""
    today = today or timezone.localdate()
    since = since or timezone.now() - datetime.timedelta(days=1)
    counts = (
        MatchSuggestion.objects.filter(
            score__gte=STRONG_SUGGESTION_SCORE, computed_at__gte=since, candidate__advisor__isnull=False
        )
        .values("candidate__advisor__email")
        .annotate(count=Count("candidate", distinct=True))
    )
    link = settings.TREMPLIN_BASE_URL + reverse("admin:matching_matchsuggestion_changelist")
    sent = 0
    for row in counts.order_by("candidate__advisor__email"):
        email, count = row["candidate__advisor__email"], row["count"]
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Tremplin: strong new suggestions for your candidates")
            body = ngettext(
                "%(count)d of your candidates has a strong new suggestion.\n%(url)s",
                "%(count)d of your candidates have strong new suggestions.\n%(url)s",
                count,
            ) % {"count": count, "url": link}
        sent += _send_once(key=f"digest:{today.isoformat()}:{email}", recipient=email, subject=subject, body=body)
    logger.info("Suggestion digests sent: %d", sent)
    return sent
