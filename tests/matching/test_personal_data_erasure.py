"""Erasure on request: after ``candidate_anonymise``, no personal value of the candidate is left in any table.

The proof is built from the model definitions, not from a list of known fields: a unique marker is written into
every text, e-mail, JSON and date field of the candidate and of every row that belongs to it
(``personal_data_world.candidate_models``), except the fields of ``KEPT`` (each with its reason) and choice fields
(a code among a fixed list, never a value typed about someone). Admin history entries quoting the candidate are
added too. After the anonymisation, every column of every table of the database is searched for the markers. A
field added to any of these models is marked automatically, so the test fails until the anonymisation handles it.
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateDocument, CandidateReferral, PersonalDataAccess, SensitiveSituation
from matching.enums import PresentationStatus
from matching.models import (
    CandidateLink,
    CohortEnrolment,
    ContactEntry,
    HandOff,
    InterviewSlot,
    JobDatingProposal,
    MatchRun,
    MatchSuggestion,
    NearMiss,
    Outcome,
    Presentation,
    PresentationTransition,
    SessionSeat,
)
from matching.personal_data import ERASURE_LOG_PREFIX, ErasureReason, candidate_anonymise
from tests.accounts.factories import AdvisorFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.personal_data_world import NOT_THE_CANDIDATES_ROWS, CandidateWorld, candidate_world
from tests.referentials.factories import CommuneFactory

pytestmark = pytest.mark.django_db

MARK = "ZQXMARK"
MARK_YEAR = 1931

STATISTICS = "a date the dashboard's figures are counted by (funnel, durations, hires, solutions)"
KEPT: dict[type[models.Model], dict[str, str]] = {
    Candidate: {
        "created_at": "the file's opening date: counts of people helped per period",
        "last_contact_at": "the start of the retention clock: a date of the service's work, not about the person",
        "anonymised_at": "written by the anonymisation itself (a constraint ties it to the status)",
    },
    Presentation: {
        "created_at": STATISTICS,
        "presented_at": STATISTICS,
        "closed_at": STATISTICS,
        "hire_starts_on": "a hire's start: the hire constraint requires it",
        "follow_up_due_on": "a hire's six-month check date: the hire constraint requires it",
        "follow_up_reminded_at": "keeps the six-month reminder from being sent about this hire",
        "employer_reminded_at": "keeps the employer's reminder from being sent again: the service's activity",
        "advisor_alerted_at": "keeps the advisor's alert from being sent again: the service's activity",
        "followed_up_at": "the six-month check: a statistic of lasting placements",
        "placement_ended_on": "the end of a placement: the one-active-placement constraint reads it",
        "follow_up_checked_on": "the six-month check's date: a constraint ties it to the result",
        "follow_up_result": "the six-month check's result (a fixed list of codes): the retention figure",
        "reason_code": "one of the employer's structured reasons (a fixed list of codes)",
    },
    PresentationTransition: {"at": STATISTICS},
    Outcome: {"starts_on": STATISTICS, "recorded_at": "when staff recorded it: the service's activity"},
    CohortEnrolment: {
        "enrolled_at": STATISTICS,
        "attendance_recorded_at": "when staff recorded the attendance: the service's activity",
        "ended_on": "the end of the training: a constraint requires it once completed or left",
    },
    MatchSuggestion: {
        "parts": "the score's parts, numbers computed by the engine",
        "skills_to_train": "skill labels of the referential",
        "scoring_version": "the engine's version",
        "computed_at": STATISTICS,
        "reasons": "the allocation's reason codes and figures",
    },
    NearMiss: {"requirement": "the code of the requirement missed"},
    MatchRun: {
        "scoring_version": "the engine's version",
        "timings": "seconds spent per step",
        "created_at": "a technical timestamp of the run",
        "started_at": "a technical timestamp of the run",
        "finished_at": "a technical timestamp of the run",
        "heartbeat_at": "a technical timestamp of the run",
    },
    HandOff: {
        "requested_at": "when another platform asked: the service's activity",
        "decided_at": "when the request was answered: the service's activity",
        "candidate_agreed_at": "the record that the person agreed (a constraint ties it to an accepted request)",
    },
    CandidateReferral: {
        "consent_recorded_on": "the record that the partner had the person's consent to propose them",
        "created_at": "when the partner proposed the person: the service's activity",
        "decided_at": "when the platform decided: the service's activity",
    },
    ContactEntry: {
        "kind": "the kind of contact (a fixed list of codes)",
        "at": "when the service was in touch: its activity",
    },
    CandidateLink: {
        "purpose": "what the link was for (a fixed list of codes)",
        "token_hash": "a digest of a random token: it names no one and opens nothing once revoked",
        "created_at": "when the link was sent: the service's activity",
        "expires_at": "when the link stopped working",
        "opened_at": "when the link was opened: the service's activity",
        "answered_at": "when the link was answered: the service's activity",
        "revoked_at": "written by the anonymisation itself: the link no longer works",
    },
    JobDatingProposal: {
        "created_at": "when the session's pairs were computed: the service's activity",
        "decided_at": "when staff confirmed or rejected the pair: the service's activity",
    },
    SessionSeat: {
        "invited_at": "when the person was invited: the service's activity",
        "answered_at": "when the invitation was answered: the service's activity",
        "recorded_at": "when staff recorded the attendance: the service's activity",
    },
    PersonalDataAccess: {
        "context": "where the access happened: page names and filter codes, never a value",
        "fields": "field names, never values",
        "at": "the accountability record: when someone accessed the file",
    },
}

TEXT_TYPES = {
    "CharField",
    "TextField",
    "EmailField",
    "SlugField",
    "URLField",
    "JSONField",
    "UUIDField",
    "GenericIPAddressField",
    "FileField",
    "ImageField",
    "FilePathField",
}


def _internal_type(field: models.Field) -> str:
    return (field.target_field if field.is_relation else field).get_internal_type()


def _is_marked(model: type[models.Model], field: models.Field) -> bool:
    if field.primary_key or field.is_relation or field.choices or field.name in KEPT.get(model, {}):
        return False
    return _internal_type(field) in TEXT_TYPES | {"DateField", "DateTimeField"}


class Markers:
    def __init__(self) -> None:
        self.count = 0

    def value(self, field: models.Field):
        self.count += 1
        kind = _internal_type(field)
        if kind == "DateTimeField":
            return timezone.make_aware(datetime.datetime(MARK_YEAR, 1, 1, 12)) + datetime.timedelta(days=self.count)
        if kind == "DateField":
            return datetime.date(MARK_YEAR, 1, 1) + datetime.timedelta(days=self.count)
        if kind == "EmailField":
            return f"{MARK.lower()}{self.count:04d}@example.org"
        if kind == "JSONField":
            return {"note": f"{MARK}{self.count:04d}"}
        # Padded to 48 characters: a random stored file name must be 32 to 80 of [A-Za-z0-9_-].
        return f"{MARK}{self.count:04d}{'_' * 40}"[: min(field.max_length or 48, 48)]


def seed_markers(world: CandidateWorld) -> set[tuple[str, str]]:
    """Write a marker into every marked field of every row of the world; return the (table, column) pairs."""
    markers, marked = Markers(), set()
    for model, instances in world.rows.items():
        for instance in instances:
            values = {
                field.attname: markers.value(field)
                for field in model._meta.concrete_fields
                if _is_marked(model, field)
            }
            if values:
                model._default_manager.filter(pk=instance.pk).update(**values)
                marked |= {(model._meta.db_table, model._meta.get_field(name).column) for name in values}
    # The admin's history quotes the candidate and its rows (their text, a merge's message).
    for instance in [world.candidate, *world.rows[Presentation], *world.rows[InterviewSlot]]:
        LogEntry.objects.create(
            user=world.advisor,
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
            object_repr=f"{MARK}-repr",
            action_flag=CHANGE,
            change_message=f"Fusion du dossier #999 ({MARK}-name) dans celui-ci",
        )
    marked |= {("django_admin_log", "object_repr"), ("django_admin_log", "change_message")}
    return marked


def cells_with_markers() -> set[tuple[str, str]]:
    """Every (table, column) of the database holding a marker: text-like columns (JSON read as text) and dates."""
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        manager = model._base_manager
        for field in model._meta.concrete_fields:
            kind = _internal_type(field)
            if kind == "DateTimeField":
                start = timezone.make_aware(datetime.datetime(MARK_YEAR, 1, 1))
                rows = manager.filter(**{f"{field.attname}__range": (start, start.replace(year=MARK_YEAR + 1))})
            elif kind == "DateField":
                rows = manager.filter(**{f"{field.attname}__year": MARK_YEAR})
            elif kind in TEXT_TYPES:
                rows = manager.annotate(as_text=Cast(field.attname, TextField())).filter(as_text__icontains=MARK)
            else:
                continue
            if rows.exists():
                found.add((model._meta.db_table, field.column))
    return found


def test_every_table_of_the_database_is_searched():
    searched = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert set(connection.introspection.table_names()) - searched <= {"django_migrations"}


def test_every_model_of_a_candidate_is_built_and_every_kept_field_exists():
    world = candidate_world()
    assert set(NOT_THE_CANDIDATES_ROWS).isdisjoint(world.rows)
    for model, fields in KEPT.items():
        for name in fields:
            model._meta.get_field(name)  # a renamed field fails here instead of silently escaping the test


def test_no_personal_value_is_left_in_any_table_after_anonymisation(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    world = candidate_world()
    world.candidate.platform.communes.add(CommuneFactory(insee_code="59350", name="Lille", population=236000))
    marked = seed_markers(world)
    document = CandidateDocument.objects.get(candidate=world.candidate)
    stored_file = Path(tmp_path, document.stored_name)
    stored_file.write_bytes(b"%PDF-1.4 CV")
    original_commune = world.candidate.commune_id
    # The search finds every marker written: it would find one the anonymisation forgot.
    assert cells_with_markers() == marked

    with django_capture_on_commit_callbacks(execute=True):
        candidate_anonymise(candidate=world.candidate, by=world.advisor, reason=ErasureReason.REQUEST)

    assert cells_with_markers() == set()
    assert not stored_file.exists()
    candidate = Candidate.objects.get(pk=world.candidate.pk)
    assert candidate.first_name != "Nadia"
    assert candidate.last_name == f"#{candidate.pk}"
    assert (candidate.email, candidate.phone, candidate.reference, candidate.birth_date) == ("", "", None, None)
    assert candidate.commune.name == "Lille"
    assert candidate.commune_id != original_commune
    assert not candidate.consents_to_processing
    assert not candidate.consents_to_presentation
    assert candidate.status == CandidateStatus.ANONYMISED
    assert candidate.anonymised_at is not None


def test_anonymisation_keeps_the_rows_statistics_count_and_withdraws_what_is_active():
    world = candidate_world()
    candidate = world.candidate
    counts = {
        model: model._default_manager.filter(pk__in=[row.pk for row in world.rows[model]]).count()
        for model in (Presentation, Outcome, MatchSuggestion, MatchRun, PersonalDataAccess)
    }
    hired = Presentation.objects.get(candidate=candidate, status=PresentationStatus.HIRED)

    candidate_anonymise(candidate=candidate, by=world.advisor, reason=ErasureReason.REQUEST)

    for model, count in counts.items():
        assert model._default_manager.filter(pk__in=[row.pk for row in world.rows[model]]).count() == count
    assert Presentation.objects.get(pk=hired.pk).status == PresentationStatus.HIRED
    assert not Presentation.objects.filter(candidate=candidate, status__in=PresentationStatus.active()).exists()
    withdrawn = Presentation.objects.get(candidate=candidate, status=PresentationStatus.WITHDRAWN)
    assert withdrawn.transitions.last().to_status == PresentationStatus.WITHDRAWN
    assert not SensitiveSituation.objects.filter(candidate=candidate).exists()
    assert not CandidateDocument.objects.filter(candidate=candidate).exists()
    assert not InterviewSlot.objects.filter(presentation__candidate=candidate).exists()
    # The matching profile, made of referential codes, stays (see matching.personal_data).
    assert candidate.skills.count() == 1
    assert candidate.languages.count() == 1
    reasons = set(
        PresentationTransition.objects.filter(presentation__candidate=candidate).values_list("reason", flat=True)
    )
    assert reasons == {"", withdrawn.reason}


def test_the_erasure_is_logged_with_its_reason_and_field_names_only():
    world = candidate_world()
    candidate_anonymise(candidate=world.candidate, by=world.advisor, reason=ErasureReason.CONSENT_WITHDRAWN)
    entry = PersonalDataAccess.objects.filter(candidate=world.candidate).order_by("-at").first()
    assert (entry.actor, entry.action) == (world.advisor, PersonalDataAccess.Action.CHANGED)
    assert f"{ERASURE_LOG_PREFIX}consent_withdrawn" in entry.fields
    assert {"first_name", "email", "phone", "birth_date", "sensitive_situation", "documents"} <= set(entry.fields)
    assert "Benali" not in str(entry.fields)


def test_a_profile_is_anonymised_once_and_only_for_a_known_reason():
    candidate = CandidateFactory()
    with pytest.raises(ValidationError):
        candidate_anonymise(candidate=candidate, by=None, reason="because")
    candidate_anonymise(candidate=candidate, by=None, reason=ErasureReason.OBJECTION)
    with pytest.raises(ValidationError):
        candidate_anonymise(candidate=candidate, by=None, reason=ErasureReason.OBJECTION)


# The admin action


def _post_action(client, candidate, **data):
    return client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "erase_on_request", "_selected_action": [candidate.pk], **data},
    )


def test_an_advisor_erases_a_profile_of_their_platform_after_confirming_with_a_reason(client, advisor, platform):
    candidate = CandidateFactory(platform=platform, first_name="Yasmine")
    client.force_login(advisor)

    confirmation = _post_action(client, candidate)
    assert confirmation.status_code == 200
    assert "Yasmine" in confirmation.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).status == CandidateStatus.ACTIVE

    without_reason = _post_action(client, candidate, confirm_erasure="1", reason="")
    assert without_reason.status_code == 200
    assert without_reason.context["form"].errors
    assert Candidate.objects.get(pk=candidate.pk).status == CandidateStatus.ACTIVE

    done = _post_action(client, candidate, confirm_erasure="1", reason=ErasureReason.REQUEST)
    assert done.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ANONYMISED
    assert candidate.first_name != "Yasmine"
    assert PersonalDataAccess.objects.get(candidate=candidate, action="changed").actor == advisor
    # Anonymised profiles are read-only in the admin.
    page = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


@pytest.mark.parametrize("who", ["advisor_of_another_platform", "staff_without_platform", "employer_user"])
def test_no_one_else_can_erase_a_profile(client, platform, who):
    candidate = CandidateFactory(platform=platform)
    user = {
        "advisor_of_another_platform": lambda: AdvisorFactory(),
        "staff_without_platform": lambda: UserFactory(is_staff=True),
        "employer_user": lambda: UserFactory(),
    }[who]()
    client.force_login(user)
    response = _post_action(client, candidate, confirm_erasure="1", reason=ErasureReason.REQUEST)
    assert response.status_code in (302, 403)
    assert Candidate.objects.get(pk=candidate.pk).status == CandidateStatus.ACTIVE
