"""The loader and the need selector: the engine's input read from the database, column by column."""

import datetime
from types import SimpleNamespace

import numpy as np
import pytest

from candidates.enums import CandidateStatus
from candidates.models import CandidateLanguage, CandidateSkill
from employers.enums import ContractType, NeedStatus, SkillImportance, TrainingKind, WorkingTime
from employers.models import NeedCertification, NeedLanguage, NeedSkill
from matching.columns_loader import candidate_columns_load
from matching.engine.columns import CONTRACT_BITS, NO_ID, WORKING_TIME_BITS, NeedSpec, WaveSpec, family_key
from matching.engine.config import SCORING
from matching.engine.scoring import score_need
from matching.selectors import need_spec_build, needs_for_matching
from referentials.enums import CefrLevel, CertificationCategory, EducationLevel
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import EmployerFactory, StaffingNeedFactory
from tests.referentials.factories import (
    CertificationFactory,
    LanguageFactory,
    OccupationFactory,
    SkillFactory,
    hauts_de_france_communes,
)

pytestmark = pytest.mark.django_db

MARCH_2_2026 = datetime.date(2026, 3, 2)  # 20,514 days after 1970-01-01
NEW_YEARS_EVE_1999 = datetime.date(1999, 12, 31)  # 10,956 days after 1970-01-01


@pytest.fixture
def ref(db):
    communes = hauts_de_france_communes()
    return SimpleNamespace(
        lille=communes["Lille"],
        roubaix=communes["Roubaix"],
        d1408=OccupationFactory(rome_code="D1408"),
        d1406=OccupationFactory(rome_code="D1406", label="Management en force de vente"),
        n1103=OccupationFactory(rome_code="N1103", label="Magasinage et préparation de commandes"),
        welcome=SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique"),
        crm=SkillFactory(slug="logiciel-crm", label="Logiciel de gestion de la relation client"),
        sales=SkillFactory(slug="vente-additionnelle", label="Vente additionnelle"),
        english=LanguageFactory(code="en", label="Anglais", label_en="English"),
        dutch=LanguageFactory(code="nl", label="Néerlandais", label_en="Dutch"),
        licence=CertificationFactory(slug="permis-b", label="Permis B"),
        caces=CertificationFactory(slug="caces-r489", label="CACES R489", category=CertificationCategory.MACHINERY),
    )


@pytest.fixture
def people(ref, platform):
    """Two presentable candidates, one without any wish, one paused and one who has not consented to be presented."""
    alice = CandidateFactory(
        presentable=True,
        platform=platform,
        commune=ref.lille,
        max_distance_km=30,
        available_from=MARCH_2_2026,
        accepts_cdi=True,
        accepts_cdd=False,
        accepts_temporary=True,
        accepts_apprenticeship=True,
        accepts_professionalisation=False,
        accepts_full_time=True,
        accepts_part_time=False,
        accepts_related_occupations=False,
        experience_years=3,
        education_level=EducationLevel.BAC,
    )
    alice.desired_occupations.set([ref.d1408, ref.d1406])
    CandidateSkill.objects.create(candidate=alice, skill=ref.welcome)
    CandidateSkill.objects.create(candidate=alice, skill=ref.sales)
    CandidateLanguage.objects.create(candidate=alice, language=ref.english, level=CefrLevel.B2)
    alice.certifications.add(ref.licence)

    bruno = CandidateFactory(
        presentable=True,
        platform=platform,
        commune=ref.roubaix,
        max_distance_km=15,
        available_from=NEW_YEARS_EVE_1999,
        experience_years=0,
        education_level=None,
    )
    bruno.desired_occupations.set([ref.n1103])
    CandidateLanguage.objects.create(candidate=bruno, language=ref.dutch, level=CefrLevel.A2)
    bruno.certifications.add(ref.caces)

    chloe = CandidateFactory(presentable=True, platform=platform, commune=ref.lille)
    paused = CandidateFactory(presentable=True, platform=platform, commune=ref.lille, status=CandidateStatus.PAUSED)
    paused.desired_occupations.set([ref.d1408])
    unconsenting = CandidateFactory(platform=platform, commune=ref.lille)
    unconsenting.desired_occupations.set([ref.d1408])
    return SimpleNamespace(alice=alice, bruno=bruno, chloe=chloe, paused=paused, unconsenting=unconsenting)


def test_loads_only_presentable_candidates_sorted_by_id(people):
    columns = candidate_columns_load()
    assert columns.ids.tolist() == sorted([people.alice.pk, people.bruno.pk, people.chloe.pk])
    assert columns.ids.dtype == np.int64
    assert columns.is_presentable.tolist() == [True, True, True]


def test_explicit_candidate_ids_load_those_candidates_with_their_presentable_flag(people):
    asked = [people.unconsenting.pk, people.paused.pk, people.alice.pk]
    columns = candidate_columns_load(candidate_ids=asked)
    assert columns.ids.tolist() == sorted(asked) == [people.alice.pk, people.paused.pk, people.unconsenting.pk]
    assert columns.is_presentable.tolist() == [True, False, False]
    assert len(candidate_columns_load(candidate_ids=[])) == 0


def test_scalar_columns_hold_each_candidate_s_values(people, ref):
    columns = candidate_columns_load(candidate_ids=[people.alice.pk, people.bruno.pk])
    alice, bruno = 0, 1
    assert columns.latitude.tolist() == [ref.lille.latitude, ref.roubaix.latitude] == [50.630888, 50.690315]
    assert columns.longitude.tolist() == [3.07086, 3.181674]
    assert columns.max_distance_km.tolist() == [30, 15]
    assert columns.available_day.tolist() == [20_514, 10_956]
    assert columns.available_day[alice] == (MARCH_2_2026 - datetime.date(1970, 1, 1)).days
    # Alice: CDI, temporary work and apprenticeship; full time only. Bruno: the defaults, CDI, CDD and temporary.
    assert (
        columns.contract_mask.tolist()
        == [
            CONTRACT_BITS["cdi"] | CONTRACT_BITS["temporary"] | CONTRACT_BITS["apprenticeship"],
            CONTRACT_BITS["cdi"] | CONTRACT_BITS["cdd"] | CONTRACT_BITS["temporary"],
        ]
        == [13, 7]
    )
    assert columns.working_time_mask.tolist() == [
        WORKING_TIME_BITS["full_time"],
        WORKING_TIME_BITS["full_time"] | WORKING_TIME_BITS["part_time"],
    ]
    assert columns.accepts_related.tolist() == [False, True]
    assert columns.experience_years.tolist() == [3, 0]
    assert columns.education_level.tolist() == [EducationLevel.BAC, 0]
    assert columns.is_presentable[bruno]


def test_desired_occupations_and_their_families_are_padded_with_no_id(people, ref):
    columns = candidate_columns_load(candidate_ids=[people.alice.pk, people.bruno.pk, people.chloe.pk])
    assert NO_ID == -1
    assert columns.occupations.tolist() == [
        sorted([ref.d1408.pk, ref.d1406.pk]),
        [ref.n1103.pk, NO_ID],
        [NO_ID, NO_ID],
    ]
    d14 = family_key("D1408")
    assert columns.occupation_families.tolist() == [[d14, d14], [family_key("N1103"), NO_ID], [NO_ID, NO_ID]]
    assert columns.positions_in_family(d14).tolist() == [0]


def test_skills_languages_and_certifications_read_through_the_vocabularies(people, ref):
    columns = candidate_columns_load(candidate_ids=[people.alice.pk, people.bruno.pk, people.chloe.pk])
    everyone = np.arange(3)
    # The vocabularies cover the whole referential, held or not.
    assert columns.skills.ids == tuple(sorted([ref.welcome.pk, ref.crm.pk, ref.sales.pk]))
    assert columns.has_skill(everyone, ref.welcome.pk).tolist() == [True, False, False]
    assert columns.has_skill(everyone, ref.sales.pk).tolist() == [True, False, False]
    assert columns.has_skill(everyone, ref.crm.pk).tolist() == [False, False, False]
    assert columns.language_level(everyone, ref.english.pk).tolist() == [CefrLevel.B2, 0, 0]
    assert columns.language_level(everyone, ref.dutch.pk).tolist() == [0, CefrLevel.A2, 0]
    assert columns.language_level(everyone, 999_999).tolist() == [0, 0, 0]
    assert columns.has_certification(everyone, ref.licence.pk).tolist() == [True, False, False]
    assert columns.has_certification(everyone, ref.caces.pk).tolist() == [False, True, False]


def test_loading_nobody_gives_empty_columns_the_engine_accepts(ref):
    columns = candidate_columns_load()
    assert len(columns) == 0
    need = StaffingNeedFactory(open=True, occupation=ref.d1408, site__commune=ref.lille)
    assert len(score_need(columns, need_spec_build(need), SCORING)) == 0


def test_loaded_columns_score_as_the_rules_say(people, ref):
    need = StaffingNeedFactory(
        open=True,
        occupation=ref.d1408,
        site__commune=ref.lille,
        start_date=MARCH_2_2026,
        contract_type=ContractType.CDI,
    )
    NeedSkill.objects.create(need=need, skill=ref.welcome, importance=SkillImportance.MUST_HAVE)
    result = score_need(candidate_columns_load(), need_spec_build(need), SCORING)
    # Alice alone wants the occupation; in Lille itself, available on the start date, 3 years of experience.
    assert result.candidate_ids.tolist() == [people.alice.pk]
    assert result.parts.tolist() == [[4500, 2000, 1500, 1000, 600]]


@pytest.fixture
def training_need(ref):
    need = StaffingNeedFactory(
        open=True,
        employer=EmployerFactory(),
        site__commune=ref.roubaix,
        occupation=ref.d1406,
        contract_type=ContractType.CDD,
        contract_duration_months=6,
        working_time=WorkingTime.PART_TIME,
        weekly_hours=24,
        start_date=MARCH_2_2026,
        minimum_experience_years=2,
        minimum_education=EducationLevel.BAC,
        offers_training=True,
        training_kind=TrainingKind.POEC,
        training_weeks=4,
    )
    NeedSkill.objects.create(need=need, skill=ref.welcome, importance=SkillImportance.MUST_HAVE)
    NeedSkill.objects.create(need=need, skill=ref.crm, importance=SkillImportance.MUST_HAVE)
    NeedSkill.objects.create(need=need, skill=ref.sales, importance=SkillImportance.NICE_TO_HAVE)
    need.training_skills.set([ref.crm, ref.sales])
    NeedLanguage.objects.create(
        need=need,
        language=ref.english,
        level=CefrLevel.B2,
        is_mandatory=True,
        justification="Clientèle britannique au téléphone toute la journée.",
    )
    NeedLanguage.objects.create(need=need, language=ref.dutch, level=CefrLevel.A2, is_mandatory=False)
    NeedCertification.objects.create(need=need, certification=ref.caces, is_mandatory=True)
    NeedCertification.objects.create(need=need, certification=ref.licence, is_mandatory=False)
    return need


def test_need_spec_build_maps_every_requirement(training_need, ref):
    assert need_spec_build(training_need) == NeedSpec(
        need_id=training_need.pk,
        occupation_id=ref.d1406.pk,
        occupation_family=family_key("D1406"),
        latitude=50.690315,
        longitude=3.181674,
        start_day=20_514,
        contract_bit=CONTRACT_BITS["cdd"],
        working_time_bit=WORKING_TIME_BITS["part_time"],
        must_have_skills=tuple(sorted([ref.welcome.pk, ref.crm.pk])),
        nice_to_have_skills=(ref.sales.pk,),
        training_skills=tuple(sorted([ref.crm.pk, ref.sales.pk])),
        mandatory_languages=((ref.english.pk, CefrLevel.B2),),
        mandatory_certifications=(ref.caces.pk,),
        accepts_beginners=False,
        minimum_experience_years=2,
        minimum_education=EducationLevel.BAC,
        # No wave rows: the need's one implicit wave, at its start date, with its five openings.
        waves=(WaveSpec(wave_id=0, start_day=20_514, openings_left=5),),
        openings_left=5,
    )


def test_training_skills_count_only_when_the_need_offers_training(ref):
    need = StaffingNeedFactory(open=True, occupation=ref.d1408, site__commune=ref.lille, offers_training=False)
    NeedSkill.objects.create(need=need, skill=ref.crm, importance=SkillImportance.MUST_HAVE)
    need.training_skills.set([ref.crm])
    spec = need_spec_build(need)
    assert spec.must_have_skills == (ref.crm.pk,)
    assert spec.training_skills == ()
    # The defaults: a full-time CDI with no language, certification, experience or education asked.
    assert (spec.contract_bit, spec.working_time_bit) == (CONTRACT_BITS["cdi"], WORKING_TIME_BITS["full_time"])
    assert (spec.mandatory_languages, spec.mandatory_certifications) == ((), ())
    assert (spec.minimum_experience_years, spec.minimum_education) == (0, 0)


def test_needs_for_matching_reads_open_needs_in_a_fixed_number_of_queries(
    training_need, ref, django_assert_num_queries
):
    other = StaffingNeedFactory(open=True, occupation=ref.d1408, site__commune=ref.lille)
    NeedSkill.objects.create(need=other, skill=ref.welcome)
    StaffingNeedFactory(occupation=ref.d1408, site__commune=ref.lille)  # a draft
    StaffingNeedFactory(occupation=ref.d1408, site__commune=ref.lille, status=NeedStatus.CLOSED)
    # The need itself with its occupation, site and commune, one query per kind of requirement, one for its waves,
    # one for the candidates ruled out of it or of one of its waves, one for the skills an MRS test stands in for,
    # one for the MRS sessions serving it (their passes would be one more, read only when there is a session).
    with django_assert_num_queries(9):
        specs = [need_spec_build(need) for need in needs_for_matching()]
    assert sorted(spec.need_id for spec in specs) == sorted([training_need.pk, other.pk])
    with django_assert_num_queries(9):
        assert [spec.need_id for spec in map(need_spec_build, needs_for_matching([other.pk]))] == [other.pk]
