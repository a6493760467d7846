"""Single-line text (names, titles, addresses): one check and one normalisation for every way in."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from accounts.models import EmployerAccessRequest, Platform, User
from candidates.models import Candidate
from employers.forms import EmployerForm
from employers.models import Employer, Site, StaffingNeed
from referentials.text import (
    SingleLineCharField,
    single_line_normalise,
    single_line_rows_fix,
    validate_single_line,
)
from tests.employers.factories import StaffingNeedFactory

LINE_BREAK = "Write this on a single line, without line breaks."


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Conseiller   clientèle ", "Conseiller clientèle"),
        ("Ame\u0301lie", "Amélie"),  # NFC: one code point for é, as typed on another keyboard
        ("Préparateur / Préparatrice", "Préparateur / Préparatrice"),
        ("Saint\u00a0Amand", "Saint\u00a0Amand"),  # a no-break space is kept
    ],
)
def test_text_is_normalised(typed, stored):
    assert single_line_normalise(typed) == stored
    validate_single_line(stored)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Conseiller\nclientèle", LINE_BREAK),
        ("Conseiller\r\nBcc: x@example.org", LINE_BREAK),
        ("Conseiller\u2028clientèle", LINE_BREAK),
        ("Conseiller\u0085clientèle", LINE_BREAK),
        ("Conseiller\tclientèle", "U+0009"),
        ("Conseiller\x00", "U+0000"),
        ("Conseiller\u200bclientèle", "U+200B"),
        ("Conseiller\u2060", "U+2060"),
        ("\ufeffConseiller", "U+FEFF"),
        ("facture\u202egpj.exe", "U+202E"),
        ("\u202aConseiller", "U+202A"),
        ("\u2066Conseiller\u2069", "U+2066"),
        ("Conseiller\u00adclientèle", "U+00AD"),
        ("\u3164", "U+3164"),
    ],
)
def test_line_breaks_controls_invisible_and_bidirectional_characters_are_refused(text, message):
    with pytest.raises(ValidationError) as raised:
        validate_single_line(text)
    assert message in raised.value.messages[0]


SINGLE_LINE_FIELDS = [
    (User, "first_name"),
    (User, "last_name"),
    (Platform, "name"),
    (Platform, "business_cochair"),
    (EmployerAccessRequest, "legal_name"),
    (EmployerAccessRequest, "job_title"),
    (Employer, "legal_name"),
    (Site, "name"),
    (Site, "address"),
    (StaffingNeed, "title"),
    (Candidate, "first_name"),
    (Candidate, "last_name"),
]


@pytest.mark.parametrize(("model", "name"), SINGLE_LINE_FIELDS, ids=lambda value: getattr(value, "__name__", value))
def test_single_line_fields_carry_the_check(model: type[models.Model], name: str):
    field = model._meta.get_field(name)
    assert isinstance(field, SingleLineCharField)
    assert validate_single_line in field.validators


@pytest.mark.django_db
def test_a_model_form_refuses_an_invisible_character_and_normalises_the_rest():
    data = {"legal_name": "Relation\u200b Client", "siret": "73282932000074", "naf_code": "82.20Z"}
    form = EmployerForm(data=data)
    assert not form.is_valid()
    assert "U+200B" in form.errors["legal_name"][0]
    form = EmployerForm(data=data | {"legal_name": "  Cre\u0301dit   du Nord "})
    form.is_valid()
    assert "legal_name" not in form.errors
    assert form.cleaned_data["legal_name"] == "Crédit du Nord"


@pytest.mark.django_db
def test_a_save_that_skips_the_checks_still_stores_one_line():
    need = StaffingNeedFactory()
    need.title = "Conseiller\r\nBcc: tous@example.org\u202e"
    need.save()
    need.refresh_from_db()
    assert need.title == "Conseiller Bcc: tous@example.org"


@pytest.mark.django_db
def test_values_stored_before_the_check_are_put_on_one_line_by_the_migration_s_helper():
    broken, clean = StaffingNeedFactory(), StaffingNeedFactory(title="Conseiller clientèle")
    StaffingNeed.objects.filter(pk=broken.pk).update(title="Conseiller\nclientèle\u200b")

    assert single_line_rows_fix(StaffingNeed, ["title"]) == 1

    assert StaffingNeed.objects.get(pk=broken.pk).title == "Conseiller clientèle"
    assert StaffingNeed.objects.get(pk=clean.pk).title == "Conseiller clientèle"
