"""No score, part or rank depends on who a person is (Code du travail L1132-1).

A small world of needs and candidates is scored once; then, one candidate at a time, their name, birth date,
contact details, advisor and sensitive situation are changed at random, and every need is scored again from the
database. Nothing may move. The loader's SQL is also read to check it never selects those columns.
"""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.enums import CandidateStatus
from candidates.models import Candidate, CandidateLanguage, CandidateSkill, SensitiveSituation
from employers.enums import ContractType, SkillImportance, TrainingKind, WorkingTime
from employers.models import NeedLanguage, NeedSkill
from matching.columns_loader import candidate_columns_load
from matching.engine.config import SCORING
from matching.engine.scoring import score_need
from matching.selectors import need_spec_build, needs_for_matching
from referentials.enums import CefrLevel, EducationLevel
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory, SensitiveSituationFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import LanguageFactory, OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

SITUATION_FLAGS = (
    "is_under_26",
    "is_long_term_job_seeker",
    "has_disability_recognition",
    "lives_in_priority_neighbourhood",
    "is_50_or_over",
    "receives_minimum_income",
)

# (commune, max km, days available after today, desired ROME codes, accepts related, years, skills, languages,
#  extra fields). The needs start in 30 days.
PROFILES: list[tuple[Any, ...]] = [
    ("Lille", 20, 0, ["D1408"], True, 6, ["welcome", "crm", "complaints", "sales"], {"en": 5}, {}),
    ("Roubaix", 15, 10, ["D1408"], True, 2, ["welcome"], {"en": 4}, {"education_level": EducationLevel.CAP_BEP}),
    ("Tourcoing", 30, 40, ["D1408", "D1401"], True, 0, ["welcome", "sales"], {"en": 3, "nl": 4}, {}),
    ("Lille", 5, 0, ["D1406"], True, 4, ["welcome", "crm"], {}, {}),
    ("Roubaix", 5, 0, ["D1408"], False, 1, ["welcome", "complaints"], {"en": 6}, {}),
    ("Tourcoing", 40, 20, ["D1401"], False, 3, ["welcome"], {"nl": 5}, {"accepts_full_time": False}),
    ("Lille", 25, 0, ["D1408"], True, 10, ["welcome", "crm", "complaints"], {"en": 4}, {"accepts_cdd": False}),
    ("Roubaix", 20, 44, ["D1408"], True, 5, ["welcome", "sales"], {"en": 4}, {}),
    ("Lille", 10, 0, ["D1408"], True, 1, ["crm"], {}, {}),
    ("Tourcoing", 20, 0, ["D1408"], True, 2, ["welcome"], {"en": 4}, {"education_level": None}),
    ("Lille", 20, 0, ["D1408"], True, 3, ["welcome", "crm"], {"en": 4}, {"status": CandidateStatus.PAUSED}),
    ("Roubaix", 20, 0, ["D1406", "D1401"], True, 7, ["welcome", "crm", "sales"], {"en": 5}, {}),
]


@pytest.fixture
def world(platform):
    communes = hauts_de_france_communes()
    occupations = {
        "D1408": OccupationFactory(rome_code="D1408"),
        "D1406": OccupationFactory(rome_code="D1406", label="Management en force de vente"),
        "D1401": OccupationFactory(rome_code="D1401", label="Assistanat commercial"),
    }
    skills = {
        name: SkillFactory(slug=slug, label=label)
        for name, slug, label in [
            ("welcome", "accueil-telephonique", "Accueil téléphonique"),
            ("crm", "logiciel-crm", "Logiciel de gestion de la relation client"),
            ("complaints", "traitement-reclamations", "Traitement des réclamations"),
            ("sales", "vente-additionnelle", "Vente additionnelle"),
        ]
    }
    languages = {
        "en": LanguageFactory(code="en", label="Anglais", label_en="English"),
        "nl": LanguageFactory(code="nl", label="Néerlandais", label_en="Dutch"),
    }
    employer = EmployerFactory(platform=platform)
    in_a_month = timezone.localdate() + datetime.timedelta(days=30)

    contact_centre = StaffingNeedFactory(
        open=True,
        employer=employer,
        site__commune=communes["Lille"],
        occupation=occupations["D1408"],
        start_date=in_a_month,
        offers_training=True,
        training_kind=TrainingKind.POEC,
        training_weeks=4,
    )
    for name, importance in [
        ("welcome", SkillImportance.MUST_HAVE),
        ("crm", SkillImportance.MUST_HAVE),
        ("complaints", SkillImportance.NICE_TO_HAVE),
        ("sales", SkillImportance.NICE_TO_HAVE),
    ]:
        NeedSkill.objects.create(need=contact_centre, skill=skills[name], importance=importance)
    contact_centre.training_skills.set([skills["crm"]])

    english_desk = StaffingNeedFactory(
        open=True,
        employer=employer,
        site__commune=communes["Roubaix"],
        occupation=occupations["D1408"],
        start_date=in_a_month,
        contract_type=ContractType.CDD,
        contract_duration_months=6,
        accepts_beginners=True,
    )
    NeedSkill.objects.create(need=english_desk, skill=skills["welcome"], importance=SkillImportance.MUST_HAVE)
    NeedLanguage.objects.create(
        need=english_desk,
        language=languages["en"],
        level=CefrLevel.B2,
        is_mandatory=True,
        justification="Service client d'une marque britannique, appels en anglais.",
    )

    sales_assistant = StaffingNeedFactory(
        open=True,
        employer=employer,
        site__commune=communes["Tourcoing"],
        occupation=occupations["D1401"],
        start_date=in_a_month,
        contract_type=ContractType.TEMPORARY,
        working_time=WorkingTime.PART_TIME,
        weekly_hours=24,
        minimum_experience_years=2,
    )
    NeedSkill.objects.create(need=sales_assistant, skill=skills["sales"], importance=SkillImportance.NICE_TO_HAVE)

    advisors = [AdvisorFactory(memberships__platform=platform) for _ in range(2)]
    candidates = []
    for index, (commune, km, days, codes, related, years, held, spoken, fields) in enumerate(PROFILES):
        extra = dict(fields)
        candidate = CandidateFactory(
            presentable=True,
            platform=platform,
            commune=communes[commune],
            max_distance_km=km,
            available_from=timezone.localdate() + datetime.timedelta(days=days),
            accepts_related_occupations=related,
            experience_years=years,
            education_level=extra.pop("education_level", EducationLevel.BAC),
            first_name=f"Prénom{index}",
            birth_date=datetime.date(1960 + 3 * index, 1 + index, 10),
            phone=f"06 12 34 56 {index:02d}",
            advisor=advisors[index % 2],
            **extra,
        )
        candidate.desired_occupations.set([occupations[code] for code in codes])
        for name in held:
            CandidateSkill.objects.create(candidate=candidate, skill=skills[name])
        for code, level in spoken.items():
            CandidateLanguage.objects.create(candidate=candidate, language=languages[code], level=level)
        if index % 4 != 3:  # some people have no sensitive situation recorded at all
            SensitiveSituationFactory(
                candidate=candidate,
                is_under_26=index % 3 == 0,
                is_50_or_over=index % 3 == 1,
                has_disability_recognition=index % 2 == 0,
                receives_minimum_income=index % 5 == 0,
            )
        candidates.append(candidate)
    return SimpleNamespace(
        need_ids=[contact_centre.pk, english_desk.pk, sales_assistant.pk],
        candidates=candidates,
        advisors=advisors,
    )


def results_for_every_need(need_ids: list[int]) -> dict[int, tuple[list[int], list[int], list[list[int]]]]:
    """For each need, from the database: the candidates in rank order, their scores and their parts."""
    columns = candidate_columns_load()
    results = {}
    for need in needs_for_matching(need_ids):
        scored = score_need(columns, need_spec_build(need), SCORING)
        results[need.pk] = (scored.candidate_ids.tolist(), scored.scores.tolist(), scored.parts.tolist())
    return results


KEEP = object()
DELETE = object()


def changed(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Either leave the attribute as it is or set it to a value from ``strategy``; shrinking finds the culprit."""
    return st.just(KEEP) | strategy


def _one_age_group(flags: dict[str, bool]) -> dict[str, bool]:
    # A database constraint: nobody is both under 26 and 50 or over.
    return {**flags, "is_50_or_over": flags["is_50_or_over"] and not flags["is_under_26"]}


NAMES = st.text(st.characters(codec="utf-8", exclude_characters="\x00", exclude_categories=["Cs"]), max_size=100)
PROTECTED_CHANGES = st.fixed_dictionaries(
    {
        "position": st.integers(0, len(PROFILES) - 1),
        "first_name": changed(NAMES),
        "last_name": changed(NAMES),
        "birth_date": changed(st.none() | st.dates(datetime.date(1950, 1, 1), datetime.date(2008, 12, 31))),
        "email": changed(st.just("") | st.emails(domains=st.sampled_from(["example.org", "laposte.net"]))),
        "phone": changed(st.from_regex(r"(\+33 ?|0)[1-9]( ?[0-9]{2}){4}", fullmatch=True)),
        "advisor": changed(st.sampled_from([None, 0, 1])),
        "situation": changed(
            st.just(DELETE)
            | st.fixed_dictionaries({flag: st.booleans() for flag in SITUATION_FLAGS}).map(_one_age_group)
        ),
    }
)


def apply_changes(candidate: Candidate, changes: dict[str, Any], advisors: list[Any]) -> None:
    for field in ("first_name", "last_name", "birth_date", "email", "phone"):
        if changes[field] is not KEEP:
            setattr(candidate, field, changes[field])
    if changes["advisor"] is not KEEP:
        candidate.advisor = None if changes["advisor"] is None else advisors[changes["advisor"]]
    candidate.save()
    situation = changes["situation"]
    if situation is DELETE:
        SensitiveSituation.objects.filter(candidate=candidate).delete()
    elif situation is not KEEP:
        SensitiveSituation.objects.update_or_create(candidate=candidate, defaults=situation)


def test_the_world_gives_every_need_several_ranked_candidates(world):
    results = results_for_every_need(world.need_ids)
    assert set(results) == set(world.need_ids)
    for candidate_ids, scores, _parts in results.values():
        assert len(candidate_ids) >= 3
        assert len(set(scores)) >= 2, "different scores, so that a change of rank would show"
    paused = world.candidates[10]
    assert all(paused.pk not in candidate_ids for candidate_ids, _scores, _parts in results.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=PROTECTED_CHANGES)
def test_protected_attributes_never_change_a_score_a_part_or_a_rank(world, changes):
    # The world is built once for all examples; each example's changes are rolled back to a savepoint.
    if not hasattr(world, "baseline"):
        world.baseline = results_for_every_need(world.need_ids)
    with transaction.atomic():
        candidate = Candidate.objects.get(pk=world.candidates[changes["position"]].pk)
        apply_changes(candidate, changes, world.advisors)
        stored = Candidate.objects.get(pk=candidate.pk)
        assert (stored.first_name, stored.birth_date, stored.advisor_id) == (
            candidate.first_name,
            candidate.birth_date,
            candidate.advisor_id,
        )
        assert results_for_every_need(world.need_ids) == world.baseline
        transaction.set_rollback(True)


def test_the_loader_never_selects_a_protected_column(world):
    with CaptureQueriesContext(connection) as context:
        columns = candidate_columns_load()
    assert len(columns) == len(PROFILES) - 1
    sql = "\n".join(query["sql"] for query in context.captured_queries).lower()
    assert "max_distance_km" in sql  # the captured SQL is the loader's
    for column in ("first_name", "last_name", "birth_date", "email", "phone", "advisor", "sensitivesituation"):
        assert column not in sql, column


def test_a_change_to_a_matching_attribute_does_move_the_results(world):
    """The control: the comparison above would see a change, were a protected attribute to cause one."""
    baseline = results_for_every_need(world.need_ids)
    Candidate.objects.filter(pk=world.candidates[1].pk).update(experience_years=5)
    assert results_for_every_need(world.need_ids) != baseline
