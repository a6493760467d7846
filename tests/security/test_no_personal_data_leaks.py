"""No personal data in logs, task arguments or URLs.

Candidates are seeded with marker strings in their names, e-mail addresses, phones and birth dates (and a CSV file
brings more). Then the main flows run through the real views and tasks: a matching run requested from the review page
and executed, the review page, shortlisting, the candidate's answer, presenting (the employer is e-mailed), the
employer portal's pages and answers, the interview and the hire, a document's download, the daily notices, a
candidate import and an export, and a few refusals (404s). Meanwhile every log record of every logger is kept at
DEBUG, every Celery message published (its body and headers) is kept, and so is every URL requested or redirected
to. None may contain a marker.

Published messages are executed in-process, as a worker would (the task function with the message's arguments), and
are not sent to the broker: the queue of the test run stays empty.
"""

import csv
import datetime
import io
import json
import logging
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from celery import current_app
from celery.signals import before_task_publish
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from kombu import Producer

from candidates.documents import document_store
from candidates.enums import DocumentKind
from candidates.exports import EXPORT_COLUMNS
from candidates.models import Candidate, CandidateSkill
from employers.enums import ContractType, SkillImportance
from employers.models import NeedSkill
from matching.enums import CandidateAnswer, PresentationStatus, RunStatus
from matching.models import MatchRun, MatchSuggestion, Presentation
from tests.accounts.factories import AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import OccupationFactory, SkillFactory, hauts_de_france_communes
from tests.security.conftest import PDF
from tests.security.pages import employer_member

pytestmark = pytest.mark.django_db

Status = PresentationStatus
STANDARD_RECORD_KEYS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def markers_of(number: int, prefix: str = "") -> dict[str, object]:
    """A candidate's personal fields, each carrying a marker no other text contains."""
    return {
        "first_name": f"Zq{prefix}prenom{number}x",
        "last_name": f"Zq{prefix}nom{number}x",
        "email": f"zq{prefix}courriel{number}x@example.org",
        "phone": f"0{7 if prefix else 6} 47 1{number} 93 8{number}",
        "birth_date": datetime.date(1962 if prefix else 1961, 7, 20 + number),
    }


def marker_strings(fields: dict[str, object]) -> list[str]:
    """Every form a marker may take once written: the values, the phone's digits, the date in any usual format."""
    birth: datetime.date = fields["birth_date"]  # type: ignore[assignment]
    phone = str(fields["phone"])
    return [
        str(fields["first_name"]),
        str(fields["last_name"]),
        str(fields["email"]).split("@")[0],
        phone,
        phone.replace(" ", ""),
        birth.isoformat(),
        birth.strftime("%d/%m/%Y"),
        birth.strftime("%d.%m.%Y"),
    ]


# What is captured


@dataclass
class Capture(logging.Handler):
    """Every log record, every published task message and every URL asked or redirected to, as text."""

    logs: list[str] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    executed: int = 0

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, level=logging.DEBUG)

    def __hash__(self) -> int:
        return id(self)

    def emit(self, record: logging.LogRecord) -> None:
        extras = {key: value for key, value in vars(record).items() if key not in STANDARD_RECORD_KEYS}
        text = f"{record.name} {record.levelname} {record.getMessage()} {extras!r}"
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.logs.append(text)

    def published(self, sender=None, body=None, headers=None, routing_key=None, **kwargs) -> None:
        self.messages.append({"task": sender, "body": body, "headers": headers, "routing_key": routing_key})

    def leaks(self, markers: list[str]) -> list[str]:
        found = []
        places = {
            "log": self.logs,
            "task": [json.dumps(message, default=repr, ensure_ascii=False) for message in self.messages],
            "url": self.urls,
        }
        for place, texts in places.items():
            for text in texts:
                found += [
                    f"{place}: {marker!r} in {text[:300]}" for marker in markers if marker.lower() in text.lower()
                ]
        return found


@pytest.fixture
def capture(monkeypatch):
    # A worker imports every app's tasks module when it starts; so does this test's "worker", before the loggers are
    # listed (run alone, no other test has imported them).
    current_app.loader.import_default_modules()
    spy = Capture()
    root = logging.getLogger()
    loggers = [root] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        # A logger that does not propagate would never reach the root's handler.
        if logger is root or not logger.propagate:
            logger.addHandler(spy)
    disabled = {logger: logger.disabled for logger in loggers}
    for logger in loggers:
        logger.disabled = False
    before_task_publish.connect(spy.published, weak=False)
    monkeypatch.setattr(Producer, "publish", lambda self, *args, **kwargs: None)
    yield spy
    before_task_publish.disconnect(spy.published)
    for logger in loggers:
        logger.removeHandler(spy)
        logger.setLevel(levels[logger])
        logger.disabled = disabled[logger]


class RecordingClient(Client):
    """A test client that writes down every URL it asks for and every redirect it is given."""

    def __init__(self, capture: Capture, **defaults) -> None:
        super().__init__(**defaults)
        self.capture = capture

    def request(self, **request):
        query = request.get("QUERY_STRING", "")
        self.capture.urls.append(request["PATH_INFO"] + (f"?{query}" if query else ""))
        response = super().request(**request)
        if response.has_header("Location"):
            self.capture.urls.append(response["Location"])
        return response


# The world and the steps


@pytest.fixture
def world(platform):
    communes = hauts_de_france_communes()
    occupation = OccupationFactory(rome_code="D1408")
    welcome = SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique")
    employer = EmployerFactory(platform=platform, legal_name="Centre d'appels du Nord")
    need = StaffingNeedFactory(
        open=True, employer=employer, site__commune=communes["Lille"], occupation=occupation, headcount=3
    )
    NeedSkill.objects.create(need=need, skill=welcome, importance=SkillImportance.MUST_HAVE)
    candidates, markers = [], []
    for number in range(3):
        fields = markers_of(number)
        markers += marker_strings(fields)
        candidate = CandidateFactory(
            presentable=True, platform=platform, commune=communes["Lille" if number else "Roubaix"], **fields
        )
        candidate.desired_occupations.set([occupation])
        CandidateSkill.objects.create(candidate=candidate, skill=welcome)
        candidates.append(candidate)
    advisor = AdvisorFactory(memberships__platform=platform)
    document = document_store(
        candidate=candidates[0],
        uploaded_file=SimpleUploadedFile(f"CV {candidates[0].first_name} {candidates[0].last_name}.pdf", PDF),
        kind=DocumentKind.CV,
        by=advisor,
    )
    return SimpleNamespace(
        platform=platform,
        communes=communes,
        need=need,
        candidates=candidates,
        markers=markers,
        advisor=advisor,
        other_advisor=AdvisorFactory(memberships__platform=PlatformFactory()),
        member=employer_member(employer),
        document=document,
    )


@pytest.fixture
def step(capture, django_capture_on_commit_callbacks):
    """Runs one action as it happens in production: committed, then every task it queued executed by a "worker"."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        while capture.executed < len(capture.messages):
            message = capture.messages[capture.executed]
            capture.executed += 1
            args, kwargs, _embed = message["body"]
            with django_capture_on_commit_callbacks(execute=True):
                current_app.tasks[message["headers"]["task"]](*args, **kwargs)
        return result

    return run


def import_file(platform_code: str) -> tuple[bytes, list[str]]:
    header = ["Nom", "Prénom", "Courriel", "Téléphone", "Date de naissance", "Code postal", "Commune", "Code ROME"]
    header += ["Consentement traitement", "Date consentement traitement"]
    buffer, markers = io.StringIO(), []
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for number in range(2):
        fields = markers_of(number, prefix="csv")
        markers += marker_strings(fields)
        writer.writerow(
            [
                fields["last_name"],
                fields["first_name"],
                fields["email"],
                fields["phone"],
                fields["birth_date"].strftime("%d/%m/%Y"),  # type: ignore[attr-defined]
                "59000",
                "Lille",
                platform_code,
                "oui",
                (datetime.date.today() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            ]
        )
    return buffer.getvalue().encode("utf-8"), markers


def drive_every_flow(world, capture, step) -> dict[str, str]:
    """The main flows, through the views and tasks; returns a few pages for the test to check they show the data."""
    staff, employer, intruder = (RecordingClient(capture) for _ in range(3))
    staff.force_login(world.advisor)
    employer.force_login(world.member)
    intruder.force_login(world.other_advisor)
    need = world.need
    review = reverse("staff:need_review", args=[need.pk])
    pages = {}

    # A matching run requested from the review page, executed by the "worker".
    assert (
        step(lambda: staff.post(reverse("staff:need_review_recompute", args=[need.pk]) + "?min_score=0")).status_code
        == 302
    )
    assert MatchRun.objects.filter(need=need, status=RunStatus.SUCCEEDED).exists()
    pages["review"] = staff.get(review).content.decode()
    staff.get(review, {"min_score": "0", "distance": "", "training": "on"})

    # Shortlisting, the candidates' answers, presenting (the employer is e-mailed).
    candidate_ids = list(MatchSuggestion.objects.filter(need=need).values_list("candidate_id", flat=True))
    assert len(candidate_ids) == 3
    for candidate_id in candidate_ids:
        url = reverse("staff:need_review_shortlist", args=[need.pk, candidate_id])
        assert step(lambda url=url: staff.post(url)).status_code == 302
    presentations = list(Presentation.objects.filter(need=need).order_by("pk"))
    for presentation in presentations:
        url = reverse("staff:need_review_answer", args=[need.pk, presentation.pk])
        data = {f"p{presentation.pk}-answer-answer": CandidateAnswer.INTERESTED}
        response = step(lambda url=url, data=data: staff.post(url, data))
        assert response.status_code == 302, re.findall(r"errorlist[^<]*<li>([^<]*)", response.content.decode())
    present = reverse("staff:need_review_present", args=[need.pk])
    ids = [str(presentation.pk) for presentation in presentations]
    assert step(lambda: staff.post(present, {"presentations": ids})).status_code == 302
    assert Presentation.objects.filter(need=need, status=Status.PRESENTED).count() == 3

    # The employer's pages and answers.
    first, second = presentations[0], presentations[1]
    for url in (
        reverse("portal:need_list"),
        reverse("portal:need_detail", args=[need.pk]),
        reverse("portal:need_progress", args=[need.pk]),
        *(reverse("portal:presentation_detail", args=[p.pk]) for p in presentations),
    ):
        assert employer.get(url).status_code == 200, url
    url = reverse("portal:presentation_interview_request", args=[first.pk])
    assert step(lambda: employer.post(url)).status_code == 302
    decline = reverse("portal:presentation_decline", args=[second.pk])
    step(lambda: employer.post(decline, {"decline-reason_code": "profile", "decline-comment": "Pas cette fois."}))

    # The platform records the candidate's acceptance and the interview; the employer now sees the identity.
    url = reverse("staff:need_review_interview_accept", args=[need.pk, first.pk])
    assert step(lambda: staff.post(url)).status_code == 302
    url = reverse("staff:need_review_interview_schedule", args=[need.pk, first.pk])
    data = {
        f"p{first.pk}-schedule-interview_at": (datetime.datetime.now() + datetime.timedelta(days=3)).strftime(
            "%Y-%m-%dT10:30"
        )
    }
    assert step(lambda: staff.post(url, data)).status_code == 302
    pages["revealed"] = employer.get(reverse("portal:presentation_detail", args=[first.pk])).content.decode()
    first.refresh_from_db()
    if first.candidate_id == world.document.candidate_id:
        url = reverse("portal:presentation_document_download", args=[first.pk, world.document.pk])
        assert employer.get(url).status_code == 200
    url = reverse("portal:presentation_hire", args=[first.pk])
    data = {"hire-contract_type": ContractType.CDI, "hire-starts_on": (need.start_date).isoformat()}
    assert step(lambda: employer.post(url, data)).status_code in (200, 302)

    # Staff pages of the admin, a document, the dashboard; and what another platform is refused.
    for url in (
        reverse("admin:candidates_candidate_changelist"),
        reverse("admin:candidates_candidate_change", args=[world.candidates[0].pk]),
        reverse("staff:document_download", args=[world.document.pk]),
        reverse("staff:dashboard"),
    ):
        assert staff.get(url).status_code == 200, url
    # The candidate list searched by a name, and a candidate picked by name in an autocomplete field: what is
    # typed is posted, never put in a URL.
    searched = staff.post(
        reverse("admin:candidates_candidate_search"), {"q": world.candidates[0].last_name}, follow=True
    )
    pages["searched"] = searched.content.decode()
    autocomplete = {"app_label": "candidates", "model_name": "candidateskill", "field_name": "candidate"}
    found = staff.post(reverse("admin:autocomplete"), {**autocomplete, "term": world.candidates[1].first_name})
    pages["autocomplete"] = found.content.decode()
    assert intruder.get(reverse("staff:document_download", args=[world.document.pk])).status_code == 404
    assert intruder.get(review).status_code == 404
    assert employer.get(reverse("staff:document_download", args=[world.document.pk])).status_code == 404

    # The daily notices and reminders.
    for name in (
        "notifications.tasks.presentation_daily_digest_send",
        "notifications.tasks.strong_suggestion_digest_send",
        "notifications.tasks.follow_up_reminders_send",
    ):
        step(lambda name=name: current_app.tasks[name]())

    # A candidate import: the upload, its check by a task, the preview, the write by a task; the new candidates'
    # matching runs.
    import candidates.tasks  # noqa: F401  (the tasks a worker runs; the web process only sends them by name)

    content, csv_markers = import_file("D1408")
    world.markers += csv_markers
    url = reverse("admin:candidates_candidate_import")
    upload = SimpleUploadedFile("candidats.csv", content, content_type="text/csv")
    sent = step(lambda: staff.post(url, {"file": upload, "platform": world.platform.pk}))
    assert sent.status_code == 302, sent.content.decode()[-3000:]
    preview = step(lambda: staff.get(sent["Location"]))
    assert 'id="import-write"' in preview.content.decode(), preview.content.decode()[-3000:]
    write = sent["Location"] + "write/"
    assert step(lambda: staff.post(write)).status_code == 302
    assert Candidate.objects.filter(first_name__startswith="Zqcsv").count() == 2

    # An export of every candidate.
    export = {"resource": "0", "format": "0"} | {
        f"candidateexportresource_{column}": "on" for column in EXPORT_COLUMNS
    }
    response = step(lambda: staff.post(reverse("admin:candidates_candidate_export"), export))
    pages["export"] = response.content.decode("utf-8", errors="replace")
    return pages


def test_no_personal_data_in_logs_task_arguments_or_urls(world, capture, step):
    pages = drive_every_flow(world, capture, step)

    # The flows ran and the markers were live: pages and files show them, the notices went out.
    assert world.candidates[0].last_name in pages["review"]
    assert world.candidates[0].last_name in pages["searched"]
    assert world.candidates[1].last_name in pages["autocomplete"]
    assert world.markers[0] in pages["export"]
    assert "Zqcsvprenom0x" in pages["export"]
    assert len(mail.outbox) >= 1
    tasks = {message["headers"]["task"] for message in capture.messages}
    assert {"matching.tasks.match_run_execute", "notifications.tasks.presentation_notice_send"} <= tasks
    assert "notifications.tasks.presentation_answer_notice_send" in tasks
    assert len(capture.logs) > 10
    assert len(capture.urls) > 30

    assert capture.leaks(world.markers) == []


def test_the_scan_finds_a_marker_in_a_log_a_task_or_a_url(world, capture, step):
    """The check above would see a leak: a name logged, put in a task's arguments or in a URL."""
    marker = world.candidates[0].last_name
    logging.getLogger("candidates.views").debug("Downloaded by %s", marker)
    step(lambda: current_app.tasks["notifications.tasks.presentation_answer_notice_send"].delay(0, marker))
    RecordingClient(capture).get(reverse("account_login"), {"next": f"/?q={marker}"})

    places = {leak.split(":")[0] for leak in capture.leaks([marker])}
    assert places == {"log", "task", "url"}
