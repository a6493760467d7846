"""Tasks really run in separate Celery worker processes, on the embedded default and on the configured backends."""

import os
import sqlite3
import subprocess
import sys

import pytest

from matching.models import WorkerHeartbeat
from matching.tasks import worker_heartbeat_record
from tests.worker_processes import BASE_DIR, celery_worker, wait_until, worker_environment

pytestmark = pytest.mark.worker


def test_embedded_default_runs_a_task_in_a_separate_worker_process(tmp_path):
    """With nothing configured: SQLite in the var folder and the filesystem transport, no server at all."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "TREMPLIN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"], cwd=BASE_DIR, env=environment, check=True, timeout=180
    )
    with celery_worker(environment=environment, queue="tremplin", log_path=tmp_path / "worker.log") as worker:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from matching.tasks import worker_heartbeat_record; worker_heartbeat_record.delay()",
            ],
            cwd=BASE_DIR,
            env=environment,
            check=True,
            timeout=60,
        )

        def heartbeat_pids() -> list[int]:
            with sqlite3.connect(tmp_path / "tremplin.sqlite3") as database:
                return [pid for (pid,) in database.execute("SELECT pid FROM matching_workerheartbeat")]

        # One heartbeat announces the worker at start-up, the other is the task sent from outside.
        assert wait_until(lambda: len(heartbeat_pids()) >= 2, timeout=90), (tmp_path / "worker.log").read_text()
    assert set(heartbeat_pids()) == {worker.pid}
    assert worker.pid != os.getpid()
    assert list((tmp_path / "celery").iterdir()), "the filesystem transport keeps its queue under the var folder"
    with sqlite3.connect(tmp_path / "tremplin.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.django_db(transaction=True)
def test_configured_backends_run_a_task_in_a_worker_process(tmp_path):
    """On the backends of this test run (PostgreSQL and Redis in CI)."""
    with celery_worker(environment=worker_environment(), log_path=tmp_path / "worker.log") as worker:
        worker_heartbeat_record.delay()
        assert wait_until(lambda: WorkerHeartbeat.objects.count() >= 2, timeout=90), (
            tmp_path / "worker.log"
        ).read_text()
    assert set(WorkerHeartbeat.objects.values_list("pid", flat=True)) == {worker.pid}
    assert worker.pid != os.getpid()
