"""Real Celery worker processes for the tests, on the same backends as the test run: started, stopped, killed.

Every test that needs a worker starts it here, from ``celery_worker`` (one worker for a block) to ``workers`` (several,
each ready before the block) and ``start_worker`` / ``kill_worker`` for the fault tests that kill one mid-task.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def test_database_url() -> str:
    """A URL for the database the tests run on (the test database, not the configured one)."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def worker_environment(**overrides: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=test_database_url(), PYTHONUNBUFFERED="1"
    )
    environment.update(overrides)
    return environment


def wait_until(condition: Callable[[], bool], *, timeout: float = 60.0, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def is_ready(self) -> bool:
        return " ready." in self.log()

    def wait_ready(self, timeout: float = 60) -> None:
        """Until the worker consumes; fails at once if it exits instead (a broken import, say)."""
        wait_until(lambda: self.is_ready() or self.process.poll() is not None, timeout=timeout)
        assert self.is_ready(), f"worker {self.name} is not ready (exit code {self.process.poll()})\n{self.log()}"

    def succeeded(self, task_id: str) -> int:
        """How many times this worker says it ran the task with this id to the end."""
        return len(re.findall(rf"Task [\w.]+\[{re.escape(task_id)}\] succeeded", self.log()))


def start_worker(
    name: str,
    *,
    environment: dict[str, str] | None = None,
    directory: Path | None = None,
    log_path: Path | None = None,
    queue: str | None = None,
) -> Worker:
    """A worker process with its own node name (two workers never share one), consuming the test queue.

    Its log is ``log_path``, or ``worker-<name>.log`` in ``directory``. ``--pool solo`` runs tasks in the worker
    process itself: its pid is the process a SIGKILL must hit, and the pid a task records.
    """
    if log_path is None:
        assert directory is not None, "a worker needs a log: give log_path or directory"
        log_path = directory / f"worker-{name}.log"
    log = open(log_path, "w")  # noqa: SIM115 - the child keeps its own handle; the file outlives this one
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--queues",
            queue or settings.CELERY_TASK_DEFAULT_QUEUE,
            "--hostname",
            f"{name}-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=BASE_DIR,
        env=environment or worker_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return Worker(name=name, process=process, log_path=log_path)


def stop_worker(worker: Worker) -> None:
    """A clean shutdown (SIGTERM), then SIGKILL if it takes too long; the process is reaped either way."""
    if worker.process.poll() is None:
        worker.process.terminate()
        try:
            worker.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.process.kill()
    worker.process.wait(timeout=10)


def kill_worker(worker: Worker) -> None:
    """SIGKILL: no clean shutdown, no chance to acknowledge or give back the task it holds."""
    os.kill(worker.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)


@contextmanager
def celery_worker(
    *, log_path: Path, environment: dict[str, str] | None = None, queue: str | None = None
) -> Iterator[Worker]:
    """One worker consuming the test queue (or ``queue``) for the block; stopped and reaped on exit. The block does
    not wait for it to be ready: what it sends waits in the queue."""
    worker = start_worker("test", environment=environment, log_path=log_path, queue=queue)
    try:
        yield worker
    finally:
        stop_worker(worker)


@contextmanager
def workers(environment: dict[str, str], directory: Path, *names: str) -> Iterator[list[Worker]]:
    """Workers started together and all ready to consume; each stopped (or found dead) and reaped on exit."""
    started = [start_worker(name, environment=environment, directory=directory) for name in names]
    try:
        for worker in started:
            worker.wait_ready()
        yield started
    finally:
        for worker in started:
            stop_worker(worker)


def logs(*started: Worker) -> str:
    return "\n".join(f"--- worker {worker.name} (pid {worker.pid}) ---\n{worker.log()[-6000:]}" for worker in started)
