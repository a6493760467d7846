"""A need's job description: plain text bounded in length (in forms, in ``full_clean`` and in the database), the
selection steps a short ordered list of known steps, and what is shown to candidates by default."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from employers.enums import SelectionStep
from employers.job_description import DESCRIPTION_MAX_LENGTH, validate_selection_steps
from employers.job_description_forms import NeedDescriptionForm
from employers.services import need_duplicate
from tests.employers.factories import StaffingNeedFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "job_summary": "Répondre aux appels des clients.",
        "profile_sought": "",
        "selection_steps_0": SelectionStep.INFORMATION_SESSION,
        "selection_steps_1": SelectionStep.MRS,
        "selection_steps_2": SelectionStep.INTERVIEW,
        "selection_details": "",
        "hours_description": "",
        "place_and_access": "",
        "benefits": "",
        "shows_job_summary": "on",
        "shows_selection": "on",
        "shows_hours": "on",
        "shows_place_and_access": "on",
        "shows_benefits": "on",
        "shows_pay": "on",
        "salary_min": "",
        "salary_max": "",
    }
    return data | overrides


def test_a_new_need_shows_every_part_but_the_profile_to_candidates():
    need = StaffingNeedFactory()
    assert need.selection_steps == []
    shown = [need.shows_job_summary, need.shows_selection, need.shows_hours, need.shows_place_and_access]
    assert all(shown)
    assert need.shows_benefits
    assert need.shows_pay
    assert need.shows_profile_sought is False
    assert need.has_job_description is False


def test_the_form_keeps_the_steps_in_order_and_leaves_blank_positions_out():
    need = StaffingNeedFactory()
    form = NeedDescriptionForm(
        form_data(selection_steps_0="", selection_steps_1=SelectionStep.JOB_DATING, selection_steps_4="trial"),
        instance=need,
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    saved.refresh_from_db()
    assert saved.selection_steps == [SelectionStep.JOB_DATING, SelectionStep.INTERVIEW, SelectionStep.TRIAL]
    labels = [str(step.label) for step in (SelectionStep.JOB_DATING, SelectionStep.INTERVIEW, SelectionStep.TRIAL)]
    assert saved.selection_step_labels == labels


def test_a_step_listed_twice_is_refused_by_the_form_with_its_name():
    form = NeedDescriptionForm(form_data(selection_steps_2=SelectionStep.MRS), instance=StaffingNeedFactory())
    assert not form.is_valid()
    error = form.errors.as_data()["selection_steps"][0]
    assert error.code == "repeated"
    assert str(SelectionStep.MRS.label) in form.errors["selection_steps"][0]


def test_an_unknown_step_is_refused_by_the_form():
    form = NeedDescriptionForm(form_data(selection_steps_0="lottery"), instance=StaffingNeedFactory())
    assert not form.is_valid()
    assert form.errors.as_data()["selection_steps"][0].code == "invalid_choice"


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        (["interview", "interview"], "repeated"),
        (["lottery"], "invalid_choice"),
        ("interview", "invalid"),
        ([1, 2], "invalid"),
        (["mrs", "information_session", "job_dating", "interview", "trial", "mrs"], "too_many"),
    ],
)
def test_full_clean_refuses_bad_steps(steps, code):
    need = StaffingNeedFactory()
    need.selection_steps = steps
    with pytest.raises(ValidationError) as raised:
        need.full_clean()
    assert raised.value.error_dict["selection_steps"][0].code == code


def test_five_known_steps_each_once_pass():
    validate_selection_steps(list(SelectionStep.values))


def test_a_text_longer_than_the_bound_is_refused_with_the_field_named():
    form = NeedDescriptionForm(form_data(benefits="x" * (DESCRIPTION_MAX_LENGTH + 1)), instance=StaffingNeedFactory())
    assert not form.is_valid()
    assert list(form.errors) == ["benefits"]
    assert "2000" in form.errors["benefits"][0]


def test_line_breaks_typed_in_a_browser_count_once_and_are_kept():
    # Browsers send \r\n: 1,000 lines of one letter are 1,999 characters once normalised, within the bound.
    text = "\r\n".join("a" * 1000)
    form = NeedDescriptionForm(form_data(hours_description=text + "  \r\n"), instance=StaffingNeedFactory())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours_description"] == "\n".join("a" * 1000)


def test_control_and_bidirectional_characters_are_refused():
    form = NeedDescriptionForm(form_data(job_summary="Poste\u202egpj.exe"), instance=StaffingNeedFactory())
    assert not form.is_valid()
    assert "U+202E" in form.errors["job_summary"][0]


def test_full_clean_bounds_the_text_too():
    need = StaffingNeedFactory()
    need.place_and_access = "y" * (DESCRIPTION_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as raised:
        need.full_clean()
    assert "place_and_access" in raised.value.error_dict


def test_the_database_bounds_the_text_whatever_skips_the_checks():
    need = StaffingNeedFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(need).objects.filter(pk=need.pk).update(job_summary="z" * (DESCRIPTION_MAX_LENGTH + 1))


def test_a_salary_range_upside_down_is_refused_by_the_form():
    form = NeedDescriptionForm(form_data(salary_min="30000", salary_max="22000"), instance=StaffingNeedFactory())
    assert not form.is_valid()
    assert "salary_max" in form.errors


def test_a_duplicated_need_keeps_its_description():
    need = StaffingNeedFactory(job_summary="Conseiller", selection_steps=["mrs"], shows_pay=False)
    copy = need_duplicate(need=need, by=None)
    assert (copy.job_summary, copy.selection_steps, copy.shows_pay) == ("Conseiller", ["mrs"], False)
