"""A candidate's rights of access and portability (RGPD articles 15 and 20): the export of what is held about them.

``candidate_personal_data_export`` gathers every stored field of the profile and of the rows that belong to it,
section by section (``EXPORT_SECTIONS``), rendered as JSON or as CSV rows (section, item, field, value). Fields are
read from the model definitions, so a field added to a model is exported without a change here; only the fields of
``EXPORT_OMITTED`` are left out, each for a reason given there. Erasure is ``matching.personal_data``.
"""

import csv
import datetime
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from candidates.exports import FORMULA_PREFIXES
from candidates.models import (
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    CandidateReferral,
    CandidateSkill,
    PersonalDataAccess,
    SensitiveSituation,
)
from matching.models import (
    CandidateLink,
    CohortEnrolment,
    ContactEntry,
    HandOff,
    InterviewAssessment,
    InterviewSlot,
    JobDatingCandidateRanking,
    JobDatingEmployerRanking,
    JobDatingProposal,
    MatchRun,
    MatchSuggestion,
    NearMiss,
    NeedMessage,
    Outcome,
    Presentation,
    PresentationTransition,
    SessionSeat,
)
from matching.thread_personal_data import messages_naming

EXPORT_LOG_PREFIX = "personal_data_export:"
"""The access log records an export as ``exported`` with the field ``personal_data_export:<format>``."""


@dataclass(frozen=True)
class ExportSection:
    """A section of the export: the rows of ``model`` that belong to the candidate."""

    key: str
    model: type[models.Model]
    path: str
    """The lookup from ``model`` to the candidate."""

    def rows(self, candidate: Candidate) -> QuerySet:
        return self.model._default_manager.filter(**{self.path: candidate.pk}).order_by("pk")


class MessagesNamingSection(ExportSection):
    """The messages of needs' threads whose text names the candidate (``matching.thread_personal_data``)."""

    def rows(self, candidate: Candidate) -> QuerySet:
        return messages_naming(candidate).order_by("pk")


EXPORT_SECTIONS = (
    ExportSection("profile", Candidate, "pk"),
    ExportSection("skills", CandidateSkill, "candidate"),
    ExportSection("languages", CandidateLanguage, "candidate"),
    ExportSection("sensitive_situation", SensitiveSituation, "candidate"),
    ExportSection("documents", CandidateDocument, "candidate"),
    ExportSection("suggestions", MatchSuggestion, "candidate"),
    ExportSection("near_misses", NearMiss, "candidate"),
    ExportSection("matching_runs", MatchRun, "candidate"),
    ExportSection("presentations", Presentation, "candidate"),
    ExportSection("presentation_steps", PresentationTransition, "presentation__candidate"),
    ExportSection("interview_slots", InterviewSlot, "presentation__candidate"),
    ExportSection("interview_assessments", InterviewAssessment, "presentation__candidate"),
    ExportSection("outcomes", Outcome, "candidate"),
    ExportSection("training_cohorts", CohortEnrolment, "presentation__candidate"),
    ExportSection("hand_offs", HandOff, "candidate"),
    ExportSection("partner_referrals", CandidateReferral, "candidate"),
    ExportSection("contact_log", ContactEntry, "candidate"),
    ExportSection("links", CandidateLink, "candidate"),
    MessagesNamingSection("need_messages", NeedMessage, ""),
    ExportSection("collective_sessions", SessionSeat, "candidate"),
    ExportSection("job_dating_own_rankings", JobDatingCandidateRanking, "candidate"),
    ExportSection("job_dating_employer_rankings", JobDatingEmployerRanking, "candidate"),
    ExportSection("job_dating_proposals", JobDatingProposal, "candidate"),
    ExportSection("access_log", PersonalDataAccess, "candidate"),
)

EXPORT_OMITTED: dict[type[models.Model], dict[str, str]] = {
    CandidateDocument: {
        "stored_name": "the random name of the file on the server",
        "uploaded_by": "the staff member who uploaded it",
    },
    MatchSuggestion: {"run": "the technical run that computed it"},
    MatchRun: {"requested_by": "the staff member who asked for it"},
    Presentation: {"created_by": "the staff member who shortlisted the person"},
    PresentationTransition: {"by": "the staff member who made the step"},
    InterviewSlot: {"proposed_by": "the employer member who proposed it"},
    InterviewAssessment: {"recorded_by": "the employer member who recorded it"},
    Outcome: {"recorded_by": "the staff member who recorded it"},
    CohortEnrolment: {"enrolled_by": "the staff member who enrolled the person"},
    ContactEntry: {"by": "the staff member who wrote the entry"},
    CandidateLink: {
        "token_hash": "a digest that only checks a link's token: it opens nothing",
        "created_by": "the staff member who sent it",
    },
    SessionSeat: {
        "invited_by": "the staff member who invited the person",
        "recorded_by": "the staff member who recorded the attendance",
    },
    JobDatingCandidateRanking: {"ranked_by": "the staff member who entered it for the person"},
    JobDatingEmployerRanking: {"ranked_by": "the employer member or staff member who ranked"},
    JobDatingProposal: {"decided_by": "the staff member who confirmed or rejected it"},
    HandOff: {
        "requested_by": "the staff member of the other platform who asked for the person",
        "decided_by": "the staff member who answered",
    },
    CandidateReferral: {
        "proposed_by": "the partner's advisor who proposed the person",
        "decided_by": "the staff member who decided",
    },
    PersonalDataAccess: {"actor": "the staff member's identity is theirs, not the candidate's"},
    NeedMessage: {"author": "the identity of the employer member or staff member who wrote it"},
}
"""Fields left out of the export, with the reason. Links to the candidate are left out everywhere (the whole export
is theirs), and every item carries its ``id``."""


def _export_fields(model: type[models.Model]) -> Iterator[models.Field]:
    omitted = EXPORT_OMITTED.get(model, {})
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.primary_key and not field.is_relation:
            continue
        if field.is_relation and field.related_model is Candidate:
            continue
        if field.name not in omitted:
            yield field


_SECTION_MODELS = {section.model for section in EXPORT_SECTIONS}


def export_value(instance: models.Model, field: models.Field) -> Any:
    """A field's value as the export shows it: a label for a choice, the text of a referenced row (the id of a row
    exported in another section), ISO dates (local time), lists for many-to-many fields."""
    if field.many_to_many:
        return sorted(str(related) for related in getattr(instance, field.name).all())
    if field.is_relation:
        if field.related_model in _SECTION_MODELS:
            return getattr(instance, field.attname)
        related = getattr(instance, field.name)
        return None if related is None else str(related)
    value = getattr(instance, field.attname)
    if value is None:
        return None
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def candidate_personal_data_export(*, candidate: Candidate) -> dict[str, list[dict[str, Any]]]:
    """Everything held about ``candidate``: for each section of ``EXPORT_SECTIONS``, one item per row with its id
    and every field but those of ``EXPORT_OMITTED``. Plain JSON-ready values. Records nothing (the caller does)."""
    export: dict[str, list[dict[str, Any]]] = {}
    for section in EXPORT_SECTIONS:
        fields = list(_export_fields(section.model))
        relations = [field.name for field in fields if field.is_relation and not field.many_to_many]
        many = [field.name for field in fields if field.many_to_many]
        rows = section.rows(candidate).prefetch_related(*many)
        if relations:
            rows = rows.select_related(*relations)
        export[section.key] = [
            {"id": row.pk, **{field.name: export_value(row, field) for field in fields}} for row in rows
        ]
    return export


def personal_data_export_json(export: dict[str, list[dict[str, Any]]]) -> str:
    return json.dumps(export, ensure_ascii=False, indent=2, sort_keys=False, default=str)


def personal_data_export_rows(export: dict[str, list[dict[str, Any]]]) -> Iterator[tuple[str, str, str, str]]:
    """The export as (section, item, field, value) rows; lists and objects are written as JSON, None as ""."""
    for section, items in export.items():
        for item in items:
            for field, value in item.items():
                if field == "id":
                    continue
                yield section, str(item["id"]), field, _csv_text(value)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def personal_data_export_csv(export: dict[str, list[dict[str, Any]]]) -> str:
    """CSV with a header (section, item, field, value); a cell a spreadsheet would read as a formula is prefixed
    with a single quote, as in ``candidates.exports``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "item", "field", "value"])
    for row in personal_data_export_rows(export):
        writer.writerow([_formula_escaped(cell) for cell in row])
    return buffer.getvalue()


def _formula_escaped(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text
