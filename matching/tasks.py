"""Celery tasks of the matching app. Each takes ids only and calls one service; each may run twice safely."""

from celery import shared_task
from celery.signals import worker_ready

from matching import services
from matching.services import hand_off_notices, runs


@shared_task(name="matching.tasks.worker_heartbeat_record", ignore_result=True)
def worker_heartbeat_record() -> None:
    services.worker_heartbeat_record()


@shared_task(name="matching.tasks.worker_heartbeat_prune", ignore_result=True)
def worker_heartbeat_prune() -> None:
    services.worker_heartbeat_prune()


@worker_ready.connect
def worker_ready_announce(sender: object, **kwargs: object) -> None:
    """Say so as soon as a worker starts, rather than at the first beat of the schedule."""
    worker_heartbeat_record.delay()


@shared_task(name="matching.tasks.match_run_execute", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def match_run_execute(run_id: int) -> None:
    runs.match_run_execute(run_id=run_id)


@shared_task(
    name="matching.tasks.match_run_shard_execute", ignore_result=True, acks_late=True, reject_on_worker_lost=True
)
def match_run_shard_execute(run_id: int, index: int) -> None:
    runs.match_run_shard_execute(run_id=run_id, index=index)


@shared_task(name="matching.tasks.match_run_finish", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def match_run_finish(run_id: int) -> None:
    runs.match_run_finish(run_id=run_id)


@shared_task(name="matching.tasks.match_run_full_refresh", ignore_result=True)
def match_run_full_refresh() -> None:
    from matching.enums import RunScope

    runs.match_run_request(scope=RunScope.ALL)


@shared_task(name="matching.tasks.match_run_reconcile", ignore_result=True)
def match_run_reconcile() -> None:
    runs.match_run_reconcile()


@shared_task(name="matching.tasks.follow_up_reminders_send", ignore_result=True)
def follow_up_reminders_send() -> None:
    from matching.services.follow_ups import follow_up_reminders_send as send

    send()


@shared_task(name="matching.tasks.presentation_notice_send", ignore_result=True, acks_late=True)
def presentation_notice_send(need_id: int, presentation_ids: list[int]) -> None:
    from matching.services.notices import presentation_notice_send as send

    send(need_id=need_id, presentation_ids=presentation_ids)


@shared_task(name="matching.tasks.strong_suggestion_digest_send", ignore_result=True)
def strong_suggestion_digest_send() -> None:
    from matching.services.notices import strong_suggestion_digest_send as send

    send()


@shared_task(name="matching.tasks.presentation_daily_digest_send", ignore_result=True)
def presentation_daily_digest_send() -> None:
    from matching.services.notices import presentation_daily_digest_send as send

    send()


@shared_task(name="matching.tasks.presentation_answer_notice_send", ignore_result=True, acks_late=True)
def presentation_answer_notice_send(presentation_id: int, status: str) -> None:
    from matching.services.notices import presentation_answer_notice_send as send

    send(presentation_id=presentation_id, status=status)


@shared_task(name="matching.tasks.tasks_to_send_flush", ignore_result=True)
def tasks_to_send_flush() -> None:
    from matching.services.outbox import tasks_to_send_flush as flush

    flush()


@shared_task(name="matching.tasks.notices_retry", ignore_result=True)
def notices_retry() -> None:
    from matching.services.notice_delivery import notices_retry as retry

    retry()


@shared_task(name="matching.tasks.hand_off_request_notice_send", ignore_result=True, acks_late=True)
def hand_off_request_notice_send(hand_off_id: int) -> None:
    hand_off_notices.hand_off_request_notice_send(hand_off_id=hand_off_id)


@shared_task(name="matching.tasks.hand_off_answer_notice_send", ignore_result=True, acks_late=True)
def hand_off_answer_notice_send(hand_off_id: int) -> None:
    hand_off_notices.hand_off_answer_notice_send(hand_off_id=hand_off_id)
