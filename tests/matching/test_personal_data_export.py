"""Access and portability: the export holds every field of the candidate and of every row that belongs to it.

The check is built from the model definitions: for ``Candidate`` and every model of
``personal_data_world.candidate_models()``, every concrete and many-to-many field must appear in the export, under
its name, with its value, except the fields of ``TECHNICAL`` (each with its reason). A field added to one of these
models and not exported, or a model added and not given a section, makes the test fail.
"""

import csv
import datetime
import io
import json

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, CandidateDocument, CandidateReferral, PersonalDataAccess
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
    Outcome,
    Presentation,
    PresentationTransition,
    SessionSeat,
)
from matching.personal_data_export import (
    EXPORT_OMITTED,
    EXPORT_SECTIONS,
    candidate_personal_data_export,
    personal_data_export_csv,
    personal_data_export_json,
)
from tests.accounts.factories import AdvisorFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.personal_data_world import (
    NOT_THE_CANDIDATES_ROWS,
    CandidateWorld,
    candidate_models,
    candidate_world,
)

pytestmark = pytest.mark.django_db

STAFF = "a staff member's identity: theirs, not the candidate's"
TECHNICAL: dict[type[models.Model], dict[str, str]] = {
    CandidateDocument: {"stored_name": "the random name of the file on the server", "uploaded_by": STAFF},
    MatchSuggestion: {"run": "the technical run that computed it (its own section lists the candidate's runs)"},
    MatchRun: {"requested_by": STAFF},
    Presentation: {"created_by": STAFF},
    PresentationTransition: {"by": STAFF},
    HandOff: {"requested_by": STAFF, "decided_by": STAFF},
    CandidateReferral: {"proposed_by": "a partner advisor's identity", "decided_by": STAFF},
    InterviewSlot: {"proposed_by": "an employer member's identity"},
    InterviewAssessment: {"recorded_by": "an employer member's identity"},
    Outcome: {"recorded_by": STAFF},
    CohortEnrolment: {"enrolled_by": STAFF},
    ContactEntry: {"by": STAFF},
    CandidateLink: {"created_by": STAFF, "token_hash": "a digest that checks a link's token and opens nothing"},
    PersonalDataAccess: {"actor": STAFF},
    SessionSeat: {"invited_by": STAFF, "recorded_by": STAFF},
    JobDatingCandidateRanking: {"ranked_by": STAFF},
    JobDatingEmployerRanking: {"ranked_by": "an employer member's or staff member's identity"},
    JobDatingProposal: {"decided_by": STAFF},
}
"""Fields not expected in the export. Besides these: the primary key (given as the item's ``id``) and the link to
the candidate (the whole export is theirs)."""

SECTION_OF = {section.model: section.key for section in EXPORT_SECTIONS}


def expected_value(instance: models.Model, field: models.Field):
    """What the export must show: a choice's label, a referenced row's text (or its id when that row has its own
    section), ISO dates in local time, sorted texts for a many-to-many field."""
    if field.many_to_many:
        return sorted(str(related) for related in getattr(instance, field.name).all())
    if field.is_relation:
        related = getattr(instance, field.name)
        if related is None:
            return None
        return related.pk if type(related) in SECTION_OF else str(related)
    value = getattr(instance, field.attname)
    if value is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def missing_from_export(world: CandidateWorld, export: dict) -> list[str]:
    """Every (model, row, field) of the world whose value the export does not show, as readable strings."""
    missing = []
    for model in sorted({Candidate, *candidate_models()} - set(NOT_THE_CANDIDATES_ROWS), key=str):
        if model not in SECTION_OF:
            missing.append(f"{model._meta.label}: no section")
            continue
        items = {item["id"]: item for item in export[SECTION_OF[model]]}
        for instance in world.rows[model]:
            item = items.get(instance.pk)
            if item is None:
                missing.append(f"{model._meta.label} #{instance.pk}: no item")
                continue
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
                if (field.primary_key and not field.is_relation) or field.name in TECHNICAL.get(model, {}):
                    continue
                if field.is_relation and field.related_model is Candidate:
                    continue
                if field.name not in item or item[field.name] != expected_value(instance, field):
                    missing.append(f"{model._meta.label}.{field.name}")
    return missing


def test_the_export_shows_every_field_of_every_row_of_the_candidate():
    world = candidate_world()
    export = candidate_personal_data_export(candidate=world.candidate)
    assert missing_from_export(world, export) == []
    # A few values a person would look for.
    profile = export["profile"][0]
    assert (profile["last_name"], profile["email"], profile["birth_date"]) == (
        "Benali",
        world.candidate.email,
        "1990-04-12",
    )
    assert export["sensitive_situation"][0]["receives_minimum_income"] is True
    assert export["documents"][0]["original_name"] == "CV Nadia Benali.pdf"
    assert export["interview_slots"][0]["place"].startswith("Visio")
    assert len(export["presentation_steps"]) == len(world.rows[PresentationTransition])


def test_a_field_left_out_of_the_export_is_caught(monkeypatch):
    # What happens when someone adds a field and forgets it: here, the e-mail address is left out.
    world = candidate_world()
    monkeypatch.setitem(EXPORT_OMITTED, Candidate, {"email": "forgotten"})
    export = candidate_personal_data_export(candidate=world.candidate)
    assert missing_from_export(world, export) == ["candidates.Candidate.email"]


def test_the_export_holds_nothing_of_another_candidate():
    world = candidate_world()
    other = candidate_world(platform=world.candidate.platform)
    export = candidate_personal_data_export(candidate=world.candidate)
    ids = {(section, item["id"]) for section, items in export.items() for item in items}
    other_ids = {(SECTION_OF[type(row)], row.pk) for rows in other.rows.values() for row in rows}
    assert ids.isdisjoint(other_ids)


def test_json_and_csv_hold_the_same_values_and_the_csv_escapes_formulas():
    world = candidate_world()
    Outcome.objects.filter(candidate=world.candidate).update(description='=HYPERLINK("http://x")')
    export = candidate_personal_data_export(candidate=world.candidate)
    assert json.loads(personal_data_export_json(export)) == json.loads(json.dumps(export))

    rows = list(csv.reader(io.StringIO(personal_data_export_csv(export))))
    assert rows[0] == ["section", "item", "field", "value"]
    cells = {(section, item, field): value for section, item, field, value in rows[1:]}
    outcome_id = str(world.rows[Outcome][0].pk)
    assert cells[("outcomes", outcome_id, "description")] == '\'=HYPERLINK("http://x")'
    profile_id = str(world.candidate.pk)
    assert cells[("profile", profile_id, "email")] == world.candidate.email
    assert cells[("profile", profile_id, "consents_to_processing")] == "true"
    assert cells[("profile", profile_id, "reference")] == world.candidate.reference
    # Every field of every item of the JSON export has its row in the CSV.
    assert len(rows) - 1 == sum(len(item) - 1 for items in export.values() for item in items)


# The admin actions


def _download(client, candidate, file_format):
    return client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": f"personal_data_download_{file_format}", "_selected_action": [candidate.pk]},
    )


@pytest.mark.parametrize("file_format", ["json", "csv"])
def test_an_advisor_downloads_the_personal_data_of_a_candidate_of_their_platform(client, file_format):
    world = candidate_world()
    client.force_login(world.advisor)
    response = _download(client, world.candidate, file_format)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="candidate-{world.candidate.pk}-personal-data.{file_format}"'
    )
    content = response.content.decode()
    assert "Benali" in content
    assert "0601020304" in content
    # A spreadsheet opens a CSV as UTF-8 only after a byte-order mark.
    assert response.content.startswith(b"\xef\xbb\xbf") == (file_format == "csv")
    exported = PersonalDataAccess.objects.get(candidate=world.candidate, action=PersonalDataAccess.Action.EXPORTED)
    assert exported.actor == world.advisor
    assert exported.fields == [f"personal_data_export:{file_format}"]


@pytest.mark.parametrize("who", ["advisor_of_another_platform", "staff_without_platform", "employer_user"])
def test_no_one_else_downloads_the_personal_data(client, platform, who):
    candidate = CandidateFactory(platform=platform, last_name="Benali")
    user = {
        "advisor_of_another_platform": lambda: AdvisorFactory(),
        "staff_without_platform": lambda: UserFactory(is_staff=True),
        "employer_user": lambda: UserFactory(),
    }[who]()
    client.force_login(user)
    response = _download(client, candidate, "json")
    assert response.status_code in (302, 403)
    assert "Benali" not in response.content.decode()
    assert not PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.EXPORTED).exists()


def test_one_candidate_at_a_time(client, advisor, platform):
    candidates = [CandidateFactory(platform=platform) for _ in range(2)]
    client.force_login(advisor)
    response = client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "personal_data_download_json", "_selected_action": [c.pk for c in candidates]},
    )
    assert response.status_code == 302
    assert not PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.EXPORTED).exists()
