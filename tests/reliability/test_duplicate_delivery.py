"""The same task delivered twice — same task id, same arguments, as a broker redelivers it — to two real workers
at once: no duplicate suggestion, presentation, notice or e-mail.

Both copies are published back to back, so each of the two workers takes one and they run side by side. E-mails
go to the console backend, which writes them to the worker's log: an e-mail counts once per ``To:`` line.

On the embedded SQLite a single worker runs both copies one after the other: SQLite takes one writer at a time,
and the tests' workers reach the test database by URL, without the embedded default's busy timeout.
"""

import datetime
import re
import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from accounts.enums import MembershipRole
from candidates.models import Candidate
from employers.enums import NeedStatus
from matching import tasks
from matching.engine.config import SCORING
from matching.enums import PresentationStatus, RunScope, RunStatus
from matching.models import MatchRun, MatchSuggestion, Presentation
from matching.services import match_run_execute
from notifications import tasks as notice_tasks
from notifications.enums import NoticeFrequency
from notifications.kinds import PRESENTATION, STRONG_SUGGESTION_SCORE
from notifications.models import Notice
from notifications.preferences import notice_preferences_save
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.matching.presentation_world import presentation_in
from tests.reliability.faults import (
    duplicated_suggestions,
    matching_world,
    runs_forget,
    suggestion_hash,
    suggestion_rows,
    undisturbed_full_refresh,
)
from tests.worker_processes import logs, wait_until, workers

pytestmark = [pytest.mark.fault(time_limit=120), pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = PresentationStatus
TIMEOUT = 60


def names() -> tuple[str, ...]:
    """Two workers side by side, or one on SQLite."""
    return ("a", "b") if connection.vendor == "postgresql" else ("a",)


def deliver_twice(task, *args) -> str:
    """Publish the same message twice: one task id, the same arguments."""
    task_id = str(uuid.uuid4())
    for _copy in range(2):
        task.apply_async(args, task_id=task_id)
    return task_id


def ran(started, task_id: str) -> int:
    """How many times the workers ran this task to its end, successfully or not."""
    pattern = re.compile(rf"Task [\w.]+\[{re.escape(task_id)}\] (succeeded|raised|failed)")
    return sum(len(pattern.findall(worker.log())) for worker in started)


def wait_for_both_copies(started, *task_ids: str) -> None:
    for task_id in task_ids:
        assert wait_until(lambda task_id=task_id: ran(started, task_id) == 2, timeout=TIMEOUT), logs(*started)
        assert sum(worker.succeeded(task_id) for worker in started) == 2, logs(*started)


RECEIVED = re.compile(r"Task [\w.]+\[[\w-]+\] received")
ENDED = re.compile(r"Task [\w.]+\[[\w-]+\] (succeeded|raised|failed)")


def broker_is_idle(started) -> bool:
    """No task in the workers' hands, and none received for a second: what was queued has run out."""

    def counts() -> tuple[int, int]:
        texts = [worker.log() for worker in started]
        return sum(len(RECEIVED.findall(text)) for text in texts), sum(len(ENDED.findall(text)) for text in texts)

    before = counts()
    if before[0] != before[1]:
        return False
    time.sleep(1.0)
    return counts() == before


def emails_to(started, address: str) -> int:
    return sum(worker.log().count(f"To: {address}") for worker in started)


def test_runs_and_shards_delivered_twice_store_each_suggestion_once(platform, settings, environment, tmp_path):
    settings.MATCHING_SHARD_SIZE = 2
    world = matching_world(platform=platform, needs_per_commune=2, candidates=4000)
    need = world.needs[0]
    reference_need = MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version=SCORING.version)
    match_run_execute(run_id=reference_need.pk)
    expected_need_rows = suggestion_rows()
    runs_forget()
    reference = undisturbed_full_refresh()
    expected = (suggestion_hash(), MatchSuggestion.objects.count(), reference.shards.count(), reference.progress_total)
    runs_forget()

    def assert_like_the_undisturbed_run(run: MatchRun) -> None:
        run.refresh_from_db()
        assert run.status == RunStatus.SUCCEEDED, f"{run.error}\n{logs(*started)}"
        assert suggestion_hash() == expected[0], "the same suggestions, ranks, scores, parts and proposals"
        assert MatchSuggestion.objects.count() == expected[1] == run.suggestions_stored
        assert duplicated_suggestions() == {"need_candidate": [], "need_rank": []}
        assert run.shards.count() == expected[2], "planned once"
        assert run.progress_done == run.progress_total == expected[3], "each shard counted once"
        assert not MatchRun.objects.exclude(pk=run.pk).exists(), "no run was added"

    env = environment(MATCHING_SHARD_SIZE="2")
    with workers(env, tmp_path, *names()) as started:
        # A need's run, delivered twice.
        need_run = MatchRun.objects.create(scope=RunScope.NEED, need=need, scoring_version=SCORING.version)
        wait_for_both_copies(started, deliver_twice(tasks.match_run_execute, need_run.pk))
        need_run.refresh_from_db()
        assert need_run.status == RunStatus.SUCCEEDED, f"{need_run.error}\n{logs(*started)}"
        assert need_run.progress_done == need_run.progress_total == 1
        assert suggestion_rows() == expected_need_rows
        assert duplicated_suggestions() == {"need_candidate": [], "need_rank": []}
        runs_forget()

        # A full refresh planned here, each of its shards delivered twice; the shard that completes it sends the
        # finish.
        run = MatchRun.objects.create(scope=RunScope.ALL, scoring_version=SCORING.version)
        match_run_execute(run_id=run.pk, dispatch_shards=False)
        shard_ids = [deliver_twice(tasks.match_run_shard_execute, run.pk, index) for index in range(expected[2])]
        wait_for_both_copies(started, *shard_ids)
        assert wait_until(lambda: MatchRun.objects.get(pk=run.pk).is_finished, timeout=TIMEOUT), logs(*started)
        assert_like_the_undisturbed_run(run)
        runs_forget()

        # A full refresh whose planning is delivered twice: both copies send the shards still pending.
        run = MatchRun.objects.create(scope=RunScope.ALL, scoring_version=SCORING.version)
        wait_for_both_copies(started, deliver_twice(tasks.match_run_execute, run.pk))
        assert wait_until(lambda: MatchRun.objects.get(pk=run.pk).is_finished, timeout=TIMEOUT), logs(*started)
        # Copies of shards sent twice may still be queued behind the finish: let them all run out.
        assert wait_until(lambda: broker_is_idle(started), timeout=TIMEOUT), logs(*started)
        assert_like_the_undisturbed_run(run)


@pytest.fixture
def notices_world(platform, advisor):
    """An employer with a member who wants an e-mail each time and one who wants a daily summary; presentations
    made today and yesterday; a candidate of the advisor with a strong fresh suggestion."""
    need = StaffingNeedFactory(open=True, employer__platform=platform)
    presented_today = [presentation_in(Status.PRESENTED, need=need) for _ in range(3)]
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for _ in range(2):
        presentation_in(Status.PRESENTED, need=need, presented_at=yesterday)
    each, daily = UserFactory(), UserFactory()
    for user, frequency in ((each, NoticeFrequency.EACH), (daily, NoticeFrequency.DAILY)):
        MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
        notice_preferences_save(user=user, choices={PRESENTATION.name: frequency})
    interviewed = presentation_in(Status.INTERVIEW_REQUESTED, need=need)
    Candidate.objects.filter(pk=interviewed.candidate_id).update(advisor=advisor)
    MatchSuggestion.objects.create(
        need=need,
        candidate=interviewed.candidate,
        rank=1,
        score=STRONG_SUGGESTION_SCORE + 500,
        parts={},
        distance_km=1.0,
        scoring_version=SCORING.version,
    )
    assert need.status == NeedStatus.OPEN
    return need, presented_today, interviewed, each, daily


def test_notices_delivered_twice_send_each_e_mail_once(notices_world, advisor, environment, tmp_path):
    need, presented_today, interviewed, each, daily = notices_world
    presentations_before = list(Presentation.objects.order_by("pk").values_list("pk", "status"))

    with workers(environment(EMAIL_URL="consolemail://"), tmp_path, *names()) as started:
        wait_for_both_copies(
            started,
            deliver_twice(notice_tasks.presentation_notice_send, need.pk, [p.pk for p in presented_today]),
            deliver_twice(notice_tasks.presentation_daily_digest_send),
            deliver_twice(notice_tasks.presentation_answer_notice_send, interviewed.pk, Status.INTERVIEW_REQUESTED),
            deliver_twice(notice_tasks.strong_suggestion_digest_send),
        )

    keys = sorted(Notice.objects.values_list("key", flat=True))
    assert len(keys) == 4, keys
    assert sorted(key.split(":")[0] for key in keys) == ["answer", "digest", "presented", "presented-daily"]
    assert sorted(Notice.objects.values_list("recipient", flat=True)) == sorted(
        [each.email, daily.email, advisor.email, advisor.email]
    )
    assert emails_to(started, each.email) == 1, logs(*started)
    assert emails_to(started, daily.email) == 1, logs(*started)
    assert emails_to(started, advisor.email) == 2, "one answer notice and one digest"
    assert list(Presentation.objects.order_by("pk").values_list("pk", "status")) == presentations_before
