"""Tools for the fault tests: a Redis server of the test's own, and what is compared (the workers that can be killed
are started by ``tests/worker_processes.py``).

The fault tests never touch the Redis server the rest of the suite (and other test runs) share: a broker restart
or a short visibility timeout there would redeliver or lose other people's messages. Each test that needs Redis
starts its own ``redis-server`` on a free port, without persistence, and points both the workers and the test's
own publisher at it.
"""

import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone

from candidates.models import Candidate, CandidateSkill
from config.celery import app
from employers.enums import SkillImportance
from employers.models import NeedSkill
from matching.engine.config import SCORING
from matching.enums import RunScope
from matching.models import MatchRun, MatchRunShard, MatchSuggestion
from matching.services import match_run_execute, match_run_finish, match_run_shard_execute
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes
from tests.worker_processes import wait_until

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def uses_redis() -> bool:
    """Whether this test run's broker is Redis (CI); otherwise it is the embedded filesystem transport."""
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


@dataclass
class RedisServer:
    """A ``redis-server`` of the test's own, on a free port, that keeps nothing on disk: a restart loses everything."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        assert wait_until(self.is_answering, timeout=10, interval=0.05), (self.directory / "redis.log").read_text()

    def stop(self) -> None:
        """Stop the server as a crash or a restart would: what it held in memory is gone."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    def is_answering(self) -> bool:
        import redis

        try:
            return bool(self.client().ping())
        except (OSError, redis.RedisError):
            return False

    def unacked(self) -> int:
        """Messages delivered to a worker and not acknowledged yet (kombu keeps them in the ``unacked`` hash)."""
        return self.client().hlen("unacked")

    def queued(self, queue: str) -> int:
        return self.client().llen(queue)


@contextmanager
def own_redis(directory: Path) -> Iterator[RedisServer]:
    server = RedisServer(directory=directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def publishing_to(broker_url: str, transport_options: dict | None = None) -> Iterator[None]:
    """Point this process's Celery app (``task.delay`` and the services' sends after commit) at another broker.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its settings, so both are changed.
    """
    conf = app.conf
    before = (conf.broker_url, conf.broker_transport_options)
    environment_before = os.environ.get("CELERY_BROKER_URL")

    def reset_pools() -> None:
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    os.environ["CELERY_BROKER_URL"] = broker_url
    conf.broker_url = broker_url
    conf.broker_transport_options = transport_options or {}
    try:
        assert app.connection_for_write().as_uri(include_password=True) == broker_url
        yield
    finally:
        reset_pools()
        conf.broker_url, conf.broker_transport_options = before
        if environment_before is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = environment_before


# What is compared ------------------------------------------------------------------------------------------------


def suggestion_rows() -> list[tuple]:
    """Every stored suggestion as (need, candidate, rank, score, parts, proposed), sorted: the content of a run."""
    return sorted(
        (need, candidate, rank, score, json.dumps(parts, sort_keys=True), proposed)
        for need, candidate, rank, score, parts, proposed in MatchSuggestion.objects.values_list(
            "need_id", "candidate_id", "rank", "score", "parts", "is_proposed"
        )
    )


def suggestion_hash() -> str:
    return hashlib.sha256(repr(suggestion_rows()).encode()).hexdigest()


def duplicated_suggestions() -> dict[str, list]:
    """(need, candidate) and (need, rank) pairs stored more than once: none, if the constraints hold."""
    rows = list(MatchSuggestion.objects.values_list("need_id", "candidate_id", "rank"))
    by_candidate = Counter((need, candidate) for need, candidate, _rank in rows)
    by_rank = Counter((need, rank) for need, _candidate, rank in rows)
    return {
        "need_candidate": [pair for pair, count in by_candidate.items() if count > 1],
        "need_rank": [pair for pair, count in by_rank.items() if count > 1],
    }


# A world large enough for a full refresh to take seconds across many shards ----------------------------------------


def matching_world(*, platform, needs_per_commune: int = 4, candidates: int = 600, seed: int = 7) -> SimpleNamespace:
    """Open needs in every sample commune of the Hauts-de-France (five départements) and many candidates.

    Candidates are written in bulk; their places, experience, reach and skills vary, from a fixed seed, so that ranks,
    scores and proposals differ from need to need.
    """
    rng = random.Random(seed)
    now = timezone.now()
    communes = list(hauts_de_france_communes().values())
    occupation = OccupationFactory(rome_code="D1408")
    related = OccupationFactory(rome_code="D1401", label="Assistanat commercial")
    welcome = SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique")
    crm = SkillFactory(slug="logiciel-crm", label="Logiciel de gestion de la relation client")
    employer = EmployerFactory(platform=platform)
    needs = []
    for commune in communes:
        for number in range(needs_per_commune):
            need = StaffingNeedFactory(
                open=True,
                employer=employer,
                site__commune=commune,
                occupation=occupation,
                headcount=1 + number % 3,
                accepts_beginners=number % 2 == 0,
            )
            NeedSkill.objects.create(need=need, skill=welcome, importance=SkillImportance.MUST_HAVE)
            if number % 2:
                NeedSkill.objects.create(need=need, skill=crm, importance=SkillImportance.NICE_TO_HAVE)
            needs.append(need)
    people = Candidate.objects.bulk_create(
        [
            Candidate(
                first_name="Camille",
                last_name=f"Fault{number}",
                email=f"fault{number}@example.org",
                platform=platform,
                commune=rng.choice(communes),
                experience_years=rng.randint(0, 12),
                max_distance_km=rng.choice([10, 20, 30, 50, 80]),
                consents_to_processing=True,
                consented_to_processing_at=now,
                consents_to_presentation=True,
                consented_to_presentation_at=now,
            )
            for number in range(candidates)
        ]
    )
    wishes = Candidate.desired_occupations.through
    wishes.objects.bulk_create(
        [
            wishes(candidate_id=person.pk, occupation_id=(occupation if rng.random() < 0.8 else related).pk)
            for person in people
        ]
    )
    CandidateSkill.objects.bulk_create(
        [CandidateSkill(candidate=person, skill=welcome) for person in people if rng.random() < 0.85]
        + [CandidateSkill(candidate=person, skill=crm) for person in people if rng.random() < 0.4]
    )
    return SimpleNamespace(needs=needs, candidates=people, employer=employer, occupation=occupation)


# Runs ------------------------------------------------------------------------------------------------------------


def undisturbed_full_refresh() -> MatchRun:
    """A full refresh computed here, shard after shard, as ``manage.py match --all --sync`` does: the reference."""
    run = MatchRun.objects.create(scope=RunScope.ALL, scoring_version=SCORING.version)
    match_run_execute(run_id=run.pk, dispatch_shards=False)
    for index in run.shards.order_by("index").values_list("index", flat=True):
        match_run_shard_execute(run_id=run.pk, index=index, dispatch_finish=False)
    match_run_finish(run_id=run.pk)
    return MatchRun.objects.get(pk=run.pk)


def runs_forget() -> None:
    """Back to a world with no run and no suggestion, before the disturbed run."""
    MatchSuggestion.objects.all().delete()
    MatchRun.objects.all().delete()


def shards_done(run_id: int) -> int:
    return MatchRunShard.objects.filter(run_id=run_id, is_done=True).count()


def message_task(raw: bytes) -> tuple[str, str, str]:
    """(task name, task id, arguments) of a message as kombu's Redis transport keeps it in the ``unacked`` hash."""
    payload, _exchange, _routing_key = json.loads(raw)
    headers = payload["headers"]
    return headers["task"], headers["id"], headers["argsrepr"]
