"""Candidates presented while Redis is down: the presentation stands at once, and the employer's e-mail, which
could not be queued then, is sent once Redis is back, exactly once (notifications/outbox.py).

The test's own Redis keeps nothing on disk; the worker is a real process, the e-mail backend its console.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.enums import MembershipRole
from matching.enums import PresentationStatus
from matching.models import Presentation, WorkerHeartbeat
from matching.services.presentations import presentation_present
from matching.tasks import worker_heartbeat_record
from notifications.enums import NoticeFrequency
from notifications.kinds import PRESENTATION
from notifications.models import Notice, TaskToSend
from notifications.outbox import RESEND_AFTER, tasks_to_send_flush
from notifications.preferences import notice_preferences_save
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.worker_processes import logs, wait_until, workers

pytestmark = [pytest.mark.fault(time_limit=90), pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_e_mail_promised_while_redis_is_down_is_sent_once_it_is_back(
    platform, advisor, broker, environment, tmp_path
):
    if broker.redis is None:
        pytest.skip("the embedded default has no Redis server to stop: its filesystem transport is a folder")
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    notice_preferences_save(user=member, choices={PRESENTATION.name: NoticeFrequency.EACH})
    shortlisted = [presentation_in(PresentationStatus.SHORTLISTED, need=need) for _ in range(2)]

    with workers(environment(EMAIL_URL="consolemail://"), tmp_path, "a") as started:
        broker.redis.stop()
        presented = presentation_present(presentations=shortlisted, by=advisor)
        later = timezone.now() + RESEND_AFTER + datetime.timedelta(seconds=1)

        # The staff's action stood, without an error; the e-mail's task is kept, not lost.
        assert [p.status for p in Presentation.objects.filter(pk__in=[p.pk for p in presented])] == [
            PresentationStatus.PRESENTED
        ] * 2
        [promised] = TaskToSend.objects.all()
        assert promised.task_name == "notifications.tasks.presentation_notice_send"
        assert promised.arguments == [need.pk, sorted(p.pk for p in shortlisted)]
        assert tasks_to_send_flush() == 0, "not due yet: the send after the commit may still be on its way"
        assert tasks_to_send_flush(now=later) == 0, "Redis is still down"
        assert TaskToSend.objects.get().attempts == 1

        broker.redis.start()  # same port, empty
        beats = WorkerHeartbeat.objects.count()
        worker_heartbeat_record.delay()
        assert wait_until(lambda: WorkerHeartbeat.objects.count() > beats, timeout=60), logs(*started)

        assert tasks_to_send_flush(now=later) == 1
        assert not TaskToSend.objects.exists()
        # A notice is recorded, then sent: wait for it to be marked sent.
        sent = Notice.objects.filter(recipient=member.email, sent_at__isnull=False)
        assert wait_until(sent.exists, timeout=30), logs(*started)
        # A second flush has nothing left to send: the e-mail goes once.
        assert tasks_to_send_flush(now=later) == 0

    assert sum(worker.log().count(f"To: {member.email}") for worker in started) == 1, logs(*started)
    assert Notice.objects.filter(recipient=member.email).count() == 1


def test_with_redis_up_the_task_is_sent_at_the_commit_and_a_rollback_promises_nothing(
    platform, advisor, broker, settings
):
    if broker.redis is None:
        pytest.skip("the embedded default's queue is a folder: the Redis queue's length is what is counted here")
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    first, second = (presentation_in(PresentationStatus.SHORTLISTED, need=need) for _ in range(2))
    queue = settings.CELERY_TASK_DEFAULT_QUEUE

    def present_then_fail() -> None:
        with transaction.atomic():
            presentation_present(presentations=[first], by=advisor)
            assert TaskToSend.objects.count() == 1
            raise RuntimeError("the caller's transaction fails after the presentation")

    with pytest.raises(RuntimeError):
        present_then_fail()
    assert not TaskToSend.objects.exists()
    assert broker.redis.queued(queue) == 0
    assert Presentation.objects.get(pk=first.pk).status == PresentationStatus.SHORTLISTED

    presentation_present(presentations=[second], by=advisor)
    assert not TaskToSend.objects.exists(), "taken by the broker at the commit"
    assert broker.redis.queued(queue) == 1
