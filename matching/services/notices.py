"""E-mail notices: employers when candidates are presented, advisors when strong suggestions appear.

Each notice is recorded under a key before it is sent, in the same
transaction: a task delivered twice finds the key taken and sends nothing.
E-mails carry counts and links, never a candidate's name or contact.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import MembershipRole
from accounts.models import Membership
from employers.models import StaffingNeed
from matching.models import MatchSuggestion, Notice

logger = logging.getLogger(__name__)
STRONG_SUGGESTION_SCORE = 8000


def _send_once(*, key: str, recipient: str, subject: str, body: str) -> bool:
    """Send an e-mail unless one was already sent under ``key``."""
    try:
        with transaction.atomic():
            Notice.objects.create(key=key, recipient=recipient)
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(subject=str(subject), message=str(body), from_email=None, recipient_list=[recipient])
    except IntegrityError:
        return False
    return True


def presentation_notice_send(*, need_id: int, presentation_ids: list[int]) -> int:
    """Tell the employer's members that candidates were presented for a need; return e-mails sent."""
    need = StaffingNeed.objects.select_related("employer").filter(pk=need_id).first()
    if need is None or not presentation_ids:
        return 0
    batch = hashlib.sha256(",".join(map(str, sorted(presentation_ids))).encode()).hexdigest()[:16]
    members = Membership.objects.filter(
        role=MembershipRole.EMPLOYER_MEMBER, employer_id=need.employer_id, user__is_active=True
    ).values_list("user__email", flat=True)
    sent = 0
    for email in sorted(members):
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Tremplin: candidates presented for “%(title)s”") % {"title": need.title}
            body = ngettext(
                "%(count)d candidate was presented to you for “%(title)s”.",
                "%(count)d candidates were presented to you for “%(title)s”.",
                len(presentation_ids),
            ) % {"count": len(presentation_ids), "title": need.title}
        sent += _send_once(key=f"presented:{need_id}:{batch}:{email}", recipient=email, subject=subject, body=body)
    logger.info("Presentation notices sent for need %s: %d", need_id, sent)
    return sent


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
