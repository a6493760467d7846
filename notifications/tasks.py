"""Celery tasks of the notifications app. Each takes ids only and calls one service; each may run twice safely (every
e-mail is recorded under a key and sent once)."""

from celery import shared_task

from notifications import (
    deadline_notices,
    delivery,
    follow_ups,
    hand_off_notices,
    interview_notices,
    link_notices,
    notices,
    outbox,
    referral_notices,
    retention_notices,
    thread_notices,
)
from notifications.sms import SmsTransientError


@shared_task(name="notifications.tasks.follow_up_reminders_send", ignore_result=True)
def follow_up_reminders_send() -> None:
    follow_ups.follow_up_reminders_send()


@shared_task(name="notifications.tasks.presentation_notice_send", ignore_result=True, acks_late=True)
def presentation_notice_send(need_id: int, presentation_ids: list[int]) -> None:
    notices.presentation_notice_send(need_id=need_id, presentation_ids=presentation_ids)


@shared_task(name="notifications.tasks.strong_suggestion_digest_send", ignore_result=True)
def strong_suggestion_digest_send() -> None:
    notices.strong_suggestion_digest_send()


@shared_task(name="notifications.tasks.presentation_daily_digest_send", ignore_result=True)
def presentation_daily_digest_send() -> None:
    notices.presentation_daily_digest_send()


@shared_task(name="notifications.tasks.presentation_answer_notice_send", ignore_result=True, acks_late=True)
def presentation_answer_notice_send(presentation_id: int, status: str) -> None:
    notices.presentation_answer_notice_send(presentation_id=presentation_id, status=status)


@shared_task(name="notifications.tasks.employer_reminder_notice_send", ignore_result=True, acks_late=True)
def employer_reminder_notice_send(need_id: int, presentation_ids: list[int]) -> None:
    deadline_notices.employer_reminder_notice_send(need_id=need_id, presentation_ids=presentation_ids)


@shared_task(name="notifications.tasks.advisor_alert_notice_send", ignore_result=True, acks_late=True)
def advisor_alert_notice_send(need_id: int, presentation_ids: list[int]) -> None:
    deadline_notices.advisor_alert_notice_send(need_id=need_id, presentation_ids=presentation_ids)


@shared_task(name="notifications.tasks.presentation_expired_notice_send", ignore_result=True, acks_late=True)
def presentation_expired_notice_send(need_id: int, presentation_ids: list[int]) -> None:
    deadline_notices.presentation_expired_notice_send(need_id=need_id, presentation_ids=presentation_ids)


@shared_task(name="notifications.tasks.stale_need_notice_send", ignore_result=True, acks_late=True)
def stale_need_notice_send(need_id: int, flagged_iso: str) -> None:
    deadline_notices.stale_need_notice_send(need_id=need_id, flagged_iso=flagged_iso)


@shared_task(name="notifications.tasks.weekly_recaps_send", ignore_result=True)
def weekly_recaps_send() -> None:
    deadline_notices.weekly_recaps_send()


@shared_task(name="notifications.tasks.interview_invitation_send", ignore_result=True, acks_late=True)
def interview_invitation_send(presentation_id: int, method: str, sequence: int) -> None:
    interview_notices.interview_invitation_send(presentation_id=presentation_id, method=method, sequence=sequence)


@shared_task(name="notifications.tasks.interview_reminders_send", ignore_result=True)
def interview_reminders_send() -> None:
    interview_notices.interview_reminders_send()


@shared_task(name="notifications.tasks.hand_off_request_notice_send", ignore_result=True, acks_late=True)
def hand_off_request_notice_send(hand_off_id: int) -> None:
    hand_off_notices.hand_off_request_notice_send(hand_off_id=hand_off_id)


@shared_task(name="notifications.tasks.hand_off_answer_notice_send", ignore_result=True, acks_late=True)
def hand_off_answer_notice_send(hand_off_id: int) -> None:
    hand_off_notices.hand_off_answer_notice_send(hand_off_id=hand_off_id)


@shared_task(name="notifications.tasks.referral_hire_notice_send", ignore_result=True, acks_late=True)
def referral_hire_notice_send(presentation_id: int) -> None:
    referral_notices.referral_hire_notice_send(presentation_id=presentation_id)


@shared_task(name="notifications.tasks.retention_notices_send", ignore_result=True)
def retention_notices_send() -> None:
    retention_notices.retention_notices_send()


@shared_task(name="notifications.tasks.tasks_to_send_flush", ignore_result=True)
def tasks_to_send_flush() -> None:
    outbox.tasks_to_send_flush()


@shared_task(name="notifications.tasks.notices_retry", ignore_result=True)
def notices_retry() -> None:
    delivery.notices_retry()


@shared_task(name="notifications.tasks.candidate_link_email_send", ignore_result=True, acks_late=True)
def candidate_link_email_send(link_id: int) -> None:
    link_notices.candidate_link_email_send(link_id=link_id)


# The provider's server errors and timeouts are tried again 30 s, 1, 2, 4… minutes later (at most an hour apart,
# eight times); a refusal (4xx) fails the task at once, with the status in the worker's log.
@shared_task(
    name="notifications.tasks.candidate_link_sms_send",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(SmsTransientError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def candidate_link_sms_send(link_id: int) -> None:
    link_notices.candidate_link_sms_send(link_id=link_id)


@shared_task(name="notifications.tasks.need_message_notice_send", ignore_result=True, acks_late=True)
def need_message_notice_send(message_id: int) -> None:
    thread_notices.need_message_notice_send(message_id=message_id)


@shared_task(name="notifications.tasks.need_message_daily_digest_send", ignore_result=True)
def need_message_daily_digest_send() -> None:
    thread_notices.need_message_daily_digest_send()
