import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from employers.enums import ContractType, NeedStatus, WorkingTime
from employers.models import NeedLanguage, NeedSkill, StaffingNeed
from employers.siret import siret_complete, siret_is_valid, validate_siret
from referentials.enums import CefrLevel
from tests.accounts.factories import PlatformFactory
from tests.employers.factories import EmployerFactory, MassHiringNeedFactory, SiteFactory, StaffingNeedFactory
from tests.referentials.factories import LanguageFactory, OccupationFactory, SkillFactory

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Appels entrants de clients britanniques toute la journée."


def siret_error(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        validate_siret(value)
    return raised.value


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in the source language, whatever the default one."""
    with translation.override("en"):
        yield


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


# SIRET


@pytest.mark.parametrize("siret", ["73282932000074", "44306184100047", "12345678200010"])
def test_valid_siret_is_accepted(siret):
    validate_siret(siret)
    assert siret_is_valid(siret)


def test_siret_with_a_wrong_check_digit_is_refused():
    error = siret_error("73282932000075")
    assert error.code == "siret_checksum"
    assert error.messages == ["73282932000075 is not a valid SIRET: its check digit is wrong."]


@pytest.mark.parametrize("siret", ["7328293200007", "732829320000741", "7328293200007A", ""])
def test_siret_that_is_not_14_digits_is_refused(siret):
    error = siret_error(siret)
    assert error.code == "siret_format"
    assert error.messages == [f"A SIRET has exactly 14 digits ({siret})."]


def test_la_poste_establishment_may_follow_the_digit_sum_rule_instead_of_luhn():
    # 3+5+6+1 = 15: a multiple of 5, although its Luhn checksum is wrong.
    validate_siret("35600000000010")
    # Neither Luhn-valid nor a digit sum multiple of 5 (3+5+6+2 = 16).
    assert siret_error("35600000000002").code == "siret_checksum"


def test_la_poste_head_office_is_valid():
    # Its digit sum is 26, but it keeps the Luhn key.
    validate_siret("35600000000048")


def test_digit_sum_rule_is_reserved_to_la_poste():
    # 7+3+1+4 = 15, but this SIREN is not La Poste's and the Luhn key is wrong.
    assert siret_error("73000000000014").code == "siret_checksum"


def test_siret_complete_appends_the_luhn_check_digit():
    assert siret_complete("7328293200007") == "73282932000074"
    for first_13 in ["0000000000000", "1234567890001", "9999999999999"]:
        siret = siret_complete(first_13)
        assert siret.startswith(first_13)
        assert len(siret) == 14
        assert siret_is_valid(siret)


def test_employer_full_clean_refuses_an_invalid_siret():
    employer = EmployerFactory.build(platform=PlatformFactory(), siret="73282932000075")
    with pytest.raises(ValidationError) as raised:
        employer.full_clean()
    assert list(raised.value.message_dict) == ["siret"]


def test_employer_siret_is_unique():
    employer = EmployerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EmployerFactory(siret=employer.siret)


# Database constraints on staffing needs


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"headcount": 0}, "need_headcount_range"),
        ({"headcount": 1001}, "need_headcount_range"),
        ({"headcount": 2, "hires_count": 3}, "need_hires_within_headcount"),
        ({"contract_type": ContractType.CDD, "contract_duration_months": None}, "need_contract_duration_matches_type"),
        ({"contract_type": ContractType.CDI, "contract_duration_months": 6}, "need_contract_duration_matches_type"),
        ({"working_time": WorkingTime.PART_TIME, "weekly_hours": None}, "need_part_time_has_weekly_hours"),
        ({"working_time": WorkingTime.PART_TIME, "weekly_hours": 35}, "need_part_time_has_weekly_hours"),
        ({"salary_min": 25000, "salary_max": 22000}, "need_salary_range_ordered"),
        ({"offers_training": True, "training_weeks": None}, "need_training_has_length"),
    ],
    ids=[
        "headcount-0",
        "headcount-1001",
        "hires-over-headcount",
        "cdd-without-duration",
        "cdi-with-duration",
        "part-time-without-hours",
        "part-time-35-hours",
        "salary-min-over-max",
        "training-without-weeks",
    ],
)
def test_need_constraint_refuses_inconsistent_data(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        StaffingNeedFactory(**fields)
    assert not StaffingNeed.objects.exists()


def test_headcount_constraint_message_follows_the_active_language():
    need = StaffingNeedFactory()
    need.headcount = 0
    shown, expected = {}, {}
    for language in ("en", "fr"):
        with translation.override(language):
            with pytest.raises(ValidationError) as raised:
                need.validate_constraints()
            shown[language] = raised.value.messages
            expected[language] = [translation.gettext("The headcount must be between 1 and %(max)s.") % {"max": 1000}]
    assert shown == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"headcount": 1},
        {"headcount": 1000, "hires_count": 1000},
        {"contract_type": ContractType.CDD, "contract_duration_months": 6},
        {"contract_type": ContractType.TEMPORARY},
        {"working_time": WorkingTime.PART_TIME, "weekly_hours": 24},
        {"salary_min": 22000, "salary_max": 22000},
    ],
)
def test_need_constraint_accepts_consistent_data(fields):
    need = StaffingNeedFactory(**fields)
    assert StaffingNeed.objects.filter(pk=need.pk).exists()


def test_mass_hiring_need_offers_training_to_beginners():
    need = MassHiringNeedFactory()
    assert need.headcount == 200
    assert need.accepts_beginners
    assert need.offers_training
    assert need.training_weeks == 4
    assert need.openings_left == 200
    assert not need.is_open
    assert StaffingNeedFactory(open=True).is_open
    assert list(StaffingNeed.objects.open()) == [StaffingNeed.objects.get(status=NeedStatus.OPEN)]


def test_mandatory_language_without_justification_is_refused():
    need = StaffingNeedFactory()
    with pytest.raises(IntegrityError, match="need_mandatory_language_justified"), transaction.atomic():
        NeedLanguage.objects.create(need=need, language=LanguageFactory(), level=CefrLevel.B2, is_mandatory=True)
    assert not need.language_requirements.exists()


def test_optional_language_without_justification_is_accepted():
    need = StaffingNeedFactory()
    NeedLanguage.objects.create(need=need, language=LanguageFactory(), level=CefrLevel.B1, is_mandatory=False)
    assert need.language_requirements.get().justification == ""


def test_mandatory_language_with_justification_is_accepted():
    need = StaffingNeedFactory()
    NeedLanguage.objects.create(
        need=need, language=LanguageFactory(), level=CefrLevel.B2, is_mandatory=True, justification=JUSTIFICATION
    )
    assert need.language_requirements.get().is_mandatory


def test_need_asks_each_skill_once():
    need = StaffingNeedFactory()
    skill = SkillFactory()
    NeedSkill.objects.create(need=need, skill=skill)
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedSkill.objects.create(need=need, skill=skill)
    assert need.skill_requirements.count() == 1


def test_need_asks_each_language_once():
    need = StaffingNeedFactory()
    language = LanguageFactory()
    NeedLanguage.objects.create(need=need, language=language, level=CefrLevel.A2)
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedLanguage.objects.create(need=need, language=language, level=CefrLevel.C1)


# Model clean()


def test_new_need_starting_in_the_past_is_refused_on_start_date():
    employer = EmployerFactory()
    need = StaffingNeedFactory.build(
        employer=employer, site=SiteFactory(employer=employer), occupation=OccupationFactory(), start_date=yesterday()
    )
    with pytest.raises(ValidationError) as raised:
        need.full_clean()
    assert list(raised.value.message_dict) == ["start_date"]
    assert raised.value.message_dict["start_date"] == [f"The start date {yesterday().isoformat()} is in the past."]


def test_new_need_starting_today_is_accepted():
    employer = EmployerFactory()
    need = StaffingNeedFactory.build(
        employer=employer,
        site=SiteFactory(employer=employer),
        occupation=OccupationFactory(),
        start_date=timezone.localdate(),
    )
    need.full_clean()


def test_existing_need_whose_start_date_has_passed_can_still_be_edited():
    need = StaffingNeedFactory()
    StaffingNeed.objects.filter(pk=need.pk).update(start_date=yesterday())
    need = StaffingNeed.objects.get(pk=need.pk)

    need.title = "Conseiller clientèle bilingue"
    need.full_clean()
    need.save()

    assert StaffingNeed.objects.get(pk=need.pk).title == "Conseiller clientèle bilingue"


def test_existing_need_cannot_move_its_start_date_into_the_past():
    need = StaffingNeedFactory()
    need.start_date = yesterday()
    with pytest.raises(ValidationError) as raised:
        need.full_clean()
    assert list(raised.value.message_dict) == ["start_date"]


def test_site_of_another_employer_is_refused_on_site():
    need = StaffingNeedFactory()
    need.site = SiteFactory()
    with pytest.raises(ValidationError) as raised:
        need.full_clean()
    assert list(raised.value.message_dict) == ["site"]
    assert raised.value.message_dict["site"] == ["This site belongs to another employer."]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contract_type": ContractType.CDD, "contract_duration_months": None}, "contract_duration_months"),
        ({"contract_type": ContractType.CDI, "contract_duration_months": 12}, "contract_duration_months"),
        ({"working_time": WorkingTime.PART_TIME, "weekly_hours": None}, "weekly_hours"),
        ({"salary_min": 30000, "salary_max": 25000}, "salary_max"),
        ({"offers_training": True, "training_weeks": None}, "training_weeks"),
    ],
)
def test_clean_names_the_field_to_correct(fields, field):
    need = StaffingNeedFactory()
    for name, value in fields.items():
        setattr(need, name, value)
    with pytest.raises(ValidationError) as raised:
        need.clean()
    assert list(raised.value.message_dict) == [field]


def test_need_language_clean_strips_the_justification():
    need = StaffingNeedFactory()
    requirement = NeedLanguage(
        need=need,
        language=LanguageFactory(),
        level=CefrLevel.B2,
        is_mandatory=True,
        justification=f"  {JUSTIFICATION}\n",
    )
    requirement.full_clean()
    assert requirement.justification == JUSTIFICATION


def test_need_language_clean_refuses_a_short_justification_once_stripped():
    need = StaffingNeedFactory()
    # Fourteen characters, but only "appels" once the spaces are stripped.
    requirement = NeedLanguage(
        need=need, language=LanguageFactory(), level=CefrLevel.B2, is_mandatory=True, justification="    appels    "
    )
    with pytest.raises(ValidationError) as raised:
        requirement.full_clean()
    assert "justification" in raised.value.message_dict
    assert raised.value.message_dict["justification"] == [
        "A mandatory language needs a written justification tied to the job."
    ]


def test_need_language_clean_accepts_an_optional_language_without_justification():
    requirement = NeedLanguage(need=StaffingNeedFactory(), language=LanguageFactory(), level=CefrLevel.A2)
    requirement.full_clean()
    assert requirement.justification == ""
