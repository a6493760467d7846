"""Secure links: staff send one to a candidate, the candidate answers through it, staff revoke it.

A link (``CandidateLink``) lets a person without an account answer one presentation, for one purpose: say whether
the job proposed interests them (and why not), from when they are available and which wave suits them, or pick
one of the interview slots the employer proposed. ``candidate_link_send`` is the one way to send a link (the review
pages, the review board's bulk action, the admin and the API call it), ``candidate_link_answer`` the one way to
answer one; both go through the presentation services, so that the workflow's rules, history and contact log are
the same as when an advisor records the answer on the phone.

The token (``matching.link_tokens``): HMAC of the site's secret key and a random salt kept in the row, of which only
the SHA-256 is stored. Sending announces ``events.candidate_link_sent`` with the link's id: ``notifications``
promises, in the same transaction, the tasks that derive the token again from the row and write the e-mail and the
SMS. No token travels in a task's arguments, the outbox or the broker, and none is logged.

Checks before sending, in order: the staff member works this candidate for this need (``matching.access``), the
person consented to receive messages, has an address for each channel asked, the purpose fits where the
presentation stands, and the rate limits (per candidate over a day, per staff member over an hour:
``CANDIDATE_LINKS_PER_*`` settings). Sending a new link for the same purpose revokes the previous open one.
"""

import datetime
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from candidates.phones import mobile_number
from matching import events
from matching.access import candidate_is_workable
from matching.enums import CandidateAnswer, ContactKind, LinkChannel, LinkPurpose, PresentationStatus
from matching.link_tokens import link_salt_new, link_token, link_token_hash
from matching.models import CandidateLink, InterviewSlot, Presentation
from matching.services.contacts import contact_entry_add
from matching.services.sessions import candidate_is_invitable

Status = PresentationStatus
# Answers that still allow a proposal link: the candidate has not said yes or no yet.
UNANSWERED = (CandidateAnswer.NOT_CONTACTED, CandidateAnswer.CONTACTED)


def _in_platform_language(text: object) -> str:
    """Stored texts (contact log, history) are in the platform's language, whatever the page's."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def interview_slots_open(presentation: Presentation, *, now: datetime.datetime | None = None) -> list[InterviewSlot]:
    """The slots the employer proposed for this presentation that the candidate may still pick."""
    moment = now or timezone.now()
    return list(presentation.interview_slots.filter(is_chosen=False, starts_at__gt=moment).order_by("starts_at"))


def purpose_refusal(presentation: Presentation, purpose: str) -> str:
    """Why a link for ``purpose`` cannot be sent for this presentation now; "" when it can."""
    if purpose == LinkPurpose.PROPOSAL:
        if presentation.status != Status.SHORTLISTED or presentation.candidate_answer not in UNANSWERED:
            return _("A proposal link is sent to a shortlisted candidate who has not answered yet.")
        return ""
    if purpose == LinkPurpose.INTERVIEW_SLOT:
        if presentation.status != Status.INTERVIEW_REQUESTED or not interview_slots_open(presentation):
            return _("An interview-slot link is sent once the employer has proposed slots still to come.")
        return ""
    return _("Unknown purpose.")


def _check_channels(candidate: Candidate, channels: Collection[str]) -> None:
    if not channels:
        raise ValidationError({"channels": ValidationError(_("Choose e-mail, SMS or both."), code="no_channel")})
    if any(channel not in LinkChannel.values for channel in channels):
        raise ValidationError({"channels": ValidationError(_("Unknown channel."), code="channel")})
    if LinkChannel.EMAIL in channels and not candidate.email:
        raise ValidationError(
            {
                "channels": ValidationError(
                    _("Candidate #%(id)s has no e-mail address.") % {"id": candidate.pk}, code="no_email"
                )
            }
        )
    if LinkChannel.SMS in channels and not mobile_number(candidate.phone):
        raise ValidationError(
            {
                "channels": ValidationError(
                    _("Candidate #%(id)s has no mobile phone number.") % {"id": candidate.pk}, code="no_mobile"
                )
            }
        )


def _check_rate_limits(candidate: Candidate, by: User, now: datetime.datetime) -> None:
    per_candidate = settings.CANDIDATE_LINKS_PER_CANDIDATE_PER_DAY
    sent_to_candidate = CandidateLink.objects.filter(
        candidate=candidate, created_at__gt=now - datetime.timedelta(days=1)
    ).count()
    if sent_to_candidate >= per_candidate:
        raise ValidationError(
            ngettext(
                "Candidate #%(id)s already received %(count)d link in the last 24 hours: wait before sending another.",
                "Candidate #%(id)s already received %(count)d links in the last 24 hours: wait before sending "
                "another.",
                sent_to_candidate,
            )
            % {"id": candidate.pk, "count": sent_to_candidate},
            code="rate_limited_candidate",
        )
    per_staff = settings.CANDIDATE_LINKS_PER_STAFF_PER_HOUR
    sent_by_staff = CandidateLink.objects.filter(created_by=by, created_at__gt=now - datetime.timedelta(hours=1))
    if sent_by_staff.count() >= per_staff:
        raise ValidationError(
            _("You sent %(count)d links in the last hour, the most allowed: try again later.") % {"count": per_staff},
            code="rate_limited_staff",
        )


@transaction.atomic
def candidate_link_send(
    *, presentation: Presentation, purpose: str, channels: Collection[str], by: User
) -> CandidateLink:
    """Send the candidate of ``presentation`` a link for ``purpose`` by the ``channels`` (``LinkChannel``).

    Refused with a ``ValidationError`` (a message and a code) when the staff member may not work the candidate for
    this need, the person has not consented to messages, lacks an address for a channel, the presentation is not at
    the step the purpose needs, or a rate limit is reached. The previous open link of the same purpose is revoked;
    the e-mail and the SMS leave after the commit (``notifications``); the contact log records the sending.
    """
    channels = sorted(set(channels))
    locked = (
        Presentation.objects.select_for_update(of=("self",)).select_related("need__employer").get(pk=presentation.pk)
    )
    # The candidate's row is the lock of their rate limit: two sends at once count each other.
    candidate = Candidate.objects.select_for_update().get(pk=locked.candidate_id)
    if not candidate_is_workable(user=by, need=locked.need, candidate=candidate):
        raise ValidationError(
            _("Candidate #%(id)s belongs to another platform: ask their platform for them first.")
            % {"id": candidate.pk},
            code="not_workable",
        )
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
    refusal = purpose_refusal(locked, purpose)
    if refusal:
        raise ValidationError(refusal, code="purpose")
    now = timezone.now()
    _check_rate_limits(candidate, by, now)
    CandidateLink.objects.filter(
        presentation=locked, purpose=purpose, answered_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    salt = link_salt_new()
    link = CandidateLink.objects.create(
        presentation=locked,
        candidate=candidate,
        purpose=purpose,
        token_salt=salt,
        token_hash=link_token_hash(link_token(salt)),
        sent_by_email=LinkChannel.EMAIL in channels,
        sent_by_sms=LinkChannel.SMS in channels,
        created_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.CANDIDATE_LINK_LIFETIME_DAYS),
    )
    contact_entry_add(
        candidate=candidate,
        kind=ContactKind.LINK_SENT,
        by=by,
        note=_in_platform_language(
            _("%(purpose)s, by %(channels)s")
            % {
                "purpose": LinkPurpose(purpose).label,
                "channels": ", ".join(str(LinkChannel(channel).label) for channel in channels),
            }
        ),
        presentation=locked,
        at=now,
    )
    # Inside the transaction: the promise to send the messages commits or rolls back with the link.
    events.candidate_link_sent.send(sender=CandidateLink, link_id=link.pk, channels=channels)
    return link


@transaction.atomic
def candidate_link_revoke(*, link: CandidateLink, by: User) -> CandidateLink:
    """Revoke a link not used yet: it opens the neutral page from now on. Revoking it twice changes nothing."""
    # "self" only: the presentation is a nullable relation (a session's link has none), which cannot be locked.
    locked = (
        CandidateLink.objects.select_for_update(of=("self",))
        .select_related("presentation__need__employer", "seat__session")
        .get(pk=link.pk)
    )
    if locked.presentation is None:
        session = locked.seat.session
        workable = candidate_is_invitable(user=by, session=session, candidate=locked.candidate)
    else:
        workable = candidate_is_workable(user=by, need=locked.presentation.need, candidate=locked.candidate)
    if not workable:
        raise ValidationError(_("This link is not one of your candidates'."), code="not_workable")
    if locked.answered_at is not None:
        raise ValidationError(_("This link was already answered: there is nothing to revoke."), code="answered")
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def candidate_link_sms_sent_record(*, link_id: int, message_id: str) -> None:
    """The SMS of a link was taken by the provider: kept, so that a task run twice sends one SMS only."""
    CandidateLink.objects.filter(pk=link_id, sms_message_id="").update(sms_message_id=message_id[:100])


def candidate_link_locked_for_answer(*, link: CandidateLink, now: datetime.datetime) -> CandidateLink:
    """The link, locked, if it still takes its one answer: refused kindly when it was used, revoked or expired."""
    locked = CandidateLink.objects.select_for_update().get(pk=link.pk)
    if locked.answered_at is not None:
        raise ValidationError(
            _("Your answer has already been recorded, thank you. To change it, contact your advisor."),
            code="answered",
        )
    if not locked.is_usable_at(now):
        raise ValidationError(
            _("This link can no longer be used. Your advisor will contact you if needed."), code="closed"
        )
    return locked


def candidate_link_open_record(*, link: CandidateLink) -> None:
    """The first opening of a link's page, kept for staff (the link's state on the review page)."""
    if link.opened_at is None:
        link.opened_at = timezone.now()
        CandidateLink.objects.filter(pk=link.pk, opened_at__isnull=True).update(opened_at=link.opened_at)
