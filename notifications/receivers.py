"""What notifications does when the layers below announce a change (``matching.events``, ``employers.events``).

Each receiver runs inside the change's transaction, so what it writes commits or rolls back with the change: a task
promised through the outbox (``task_send_after_commit``) for the notices that need queries and may wait, or the
e-mail itself recorded (``notice_send_after_commit``) for the joining e-mails, whose invitation code is nowhere else.
Connected once, by ``NotificationsConfig.ready``.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from candidates.enums import ReferralStatus
from candidates.models import CandidateReferral
from employers import events as employer_events
from employers.invitations import invitation_link
from matching import events as matching_events
from matching.enums import LinkChannel
from notifications.kinds import ACCESS_REQUEST_APPROVED, ACCESS_REQUEST_REFUSED, INVITATION
from notifications.outbox import task_send_after_commit
from notifications.sending import notice_send_after_commit


def _portal_link() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"{settings.TREMPLIN_BASE_URL.rstrip('/')}{reverse('portal:home')}"


def candidates_presented(*, need_id: int, presentation_ids: list[int], **_signal: Any) -> None:
    # Kept until the broker takes it: with Redis out of reach the employer is still told, a minute later.
    task_send_after_commit("notifications.tasks.presentation_notice_send", need_id, presentation_ids)


def employer_answered(*, presentation_id: int, status: str, **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.presentation_answer_notice_send", presentation_id, status)


def interview_changed(*, presentation_id: int, method: str, sequence: int, **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.interview_invitation_send", presentation_id, method, sequence)


def candidate_hired(*, presentation_id: int, candidate_id: int, **_signal: Any) -> None:
    # Only a person a partner proposed is told of: one indexed read spares an outbox row for every other hire.
    if CandidateReferral.objects.filter(candidate_id=candidate_id, status=ReferralStatus.ACCEPTED).exists():
        task_send_after_commit("notifications.tasks.referral_hire_notice_send", presentation_id)


def hand_off_requested(*, hand_off_id: int, **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.hand_off_request_notice_send", hand_off_id)


def hand_off_answered(*, hand_off_id: int, **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.hand_off_answer_notice_send", hand_off_id)


def need_message_posted(*, message_id: int, **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.need_message_notice_send", message_id)


def candidate_link_sent(*, link_id: int, channels: list[str], **_signal: Any) -> None:
    # The link's id only: the sending tasks derive its token again from the row (``notifications.link_notices``).
    if LinkChannel.EMAIL in channels:
        task_send_after_commit("notifications.tasks.candidate_link_email_send", link_id)
    if LinkChannel.SMS in channels:
        task_send_after_commit("notifications.tasks.candidate_link_sms_send", link_id)


def employer_reminder_due(*, need_id: int, presentation_ids: list[int], **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.employer_reminder_notice_send", need_id, presentation_ids)


def advisor_alert_due(*, need_id: int, presentation_ids: list[int], **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.advisor_alert_notice_send", need_id, presentation_ids)


def presentations_expired(*, need_id: int, presentation_ids: list[int], **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.presentation_expired_notice_send", need_id, presentation_ids)


def need_flagged_stale(*, need_id: int, flagged_iso: str, **_signal: Any) -> None:
    task_send_after_commit("notifications.tasks.stale_need_notice_send", need_id, flagged_iso)


def access_request_approved(*, access_request: Any, employer: Any, **_signal: Any) -> None:
    notice_send_after_commit(
        ACCESS_REQUEST_APPROVED,
        recipient=access_request.user.email,
        access_request_id=access_request.pk,
        company=employer.legal_name,
        platform=employer.platform.name,
        url=_portal_link(),
    )


def access_request_refused(*, access_request: Any, **_signal: Any) -> None:
    notice_send_after_commit(
        ACCESS_REQUEST_REFUSED,
        recipient=access_request.user.email,
        access_request_id=access_request.pk,
        company=access_request.legal_name,
        note=access_request.decision_note,
        url=_portal_link(),
    )


def invitation_sent(*, invitation: Any, token: str, by: Any, **_signal: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        date = date_format(timezone.localtime(invitation.expires_at))
    notice_send_after_commit(
        INVITATION,
        recipient=invitation.email,
        invitation_id=invitation.pk,
        inviter=by.get_full_name() or by.email,
        company=invitation.employer.legal_name,
        date=date,
        url=invitation_link(token),
        token=token,
    )


def receivers_connect() -> None:
    """Connect every receiver; ``dispatch_uid`` keeps a second call from connecting them twice."""
    for signal, receiver in (
        (matching_events.candidates_presented, candidates_presented),
        (matching_events.employer_answered, employer_answered),
        (matching_events.interview_changed, interview_changed),
        (matching_events.hand_off_requested, hand_off_requested),
        (matching_events.hand_off_answered, hand_off_answered),
        (matching_events.candidate_link_sent, candidate_link_sent),
        (matching_events.employer_reminder_due, employer_reminder_due),
        (matching_events.advisor_alert_due, advisor_alert_due),
        (matching_events.presentations_expired, presentations_expired),
        (matching_events.need_flagged_stale, need_flagged_stale),
        (matching_events.need_message_posted, need_message_posted),
        (matching_events.candidate_hired, candidate_hired),
        (employer_events.access_request_approved, access_request_approved),
        (employer_events.access_request_refused, access_request_refused),
        (employer_events.invitation_sent, invitation_sent),
    ):
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
