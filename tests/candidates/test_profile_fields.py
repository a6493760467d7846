"""candidates/profile_fields.py: each door lists the profile's fields it always listed, built from the one list."""

from django.contrib import admin
from django.utils import translation

from api.candidates import CandidateSerializer
from candidates.exports import EXPORT_COLUMNS
from candidates.forms import CandidateForm
from candidates.imports.columns import BOOLEAN_FORM_FIELDS
from candidates.models import Candidate
from candidates.profile_fields import EDITABLE

MOBILITY = [
    "max_distance_km",
    "travels_by_car",
    "travels_by_public_transport",
    "travels_by_bike",
    "travels_on_foot",
    "has_driving_licence",
]
CONTRACTS = [
    "accepts_cdi",
    "accepts_cdd",
    "accepts_temporary",
    "accepts_apprenticeship",
    "accepts_professionalisation",
    "accepts_full_time",
    "accepts_part_time",
]
WISHES = ["accepts_related_occupations", "education_level", "experience_years", "available_from"]


def test_the_staff_form_edits_every_profile_field_in_order():
    identity = ["first_name", "last_name", "email", "phone", "birth_date", "commune"]

    assert list(CandidateForm.Meta.fields) == list(EDITABLE) == [*identity, *MOBILITY, *WISHES, *CONTRACTS]


def test_the_admin_groups_the_profile_fields():
    with translation.override("en"):
        fieldsets = {str(name): options for name, options in admin.site._registry[Candidate].fieldsets}

    assert [list(fieldsets[name]["fields"]) for name in ("Identity", "Mobility", "Contracts accepted")] == [
        ["reference", "first_name", "last_name", "email", "phone", "birth_date", "commune"],
        MOBILITY,
        CONTRACTS,
    ]


def test_the_api_shows_the_profile_fields_it_showed():
    assert CandidateSerializer.Meta.fields[13:] == [
        "email",
        "phone",
        "birth_date",
        *MOBILITY,
        "accepts_related_occupations",
        "certifications",
        "education_level",
        "skills",
        "languages",
        *CONTRACTS,
        "consents_to_processing",
        "last_contact_at",
        "created_at",
    ]


def test_the_export_columns_keep_their_order():
    assert EXPORT_COLUMNS[10:] == [
        *MOBILITY,
        *WISHES,
        *CONTRACTS,
        "consents_to_processing",
        "consented_to_processing_at",
        "consents_to_presentation",
        "consented_to_presentation_at",
        "status",
        "platform",
        "advisor",
        "last_contact_at",
        "created_at",
    ]


def test_the_imports_read_the_same_yes_no_columns():
    assert list(BOOLEAN_FORM_FIELDS) == [
        "has_driving_licence",
        "travels_by_car",
        "travels_by_public_transport",
        "travels_by_bike",
        "travels_on_foot",
        "accepts_related_occupations",
        *CONTRACTS,
    ]
