"""A need's job description in the API: its fields as read (employer and staff alike) and written (employer), and
the portal's form (``employers.job_description_forms``) that checks what is written, field by field."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employers.enums import SelectionStep
from employers.job_description import DESCRIPTION_MAX_LENGTH, MAX_SELECTION_STEPS
from employers.job_description_forms import DESCRIPTION_FORM_FIELDS, NeedDescriptionForm
from employers.models import StaffingNeed

# What a need's answer adds for its description (and the pay's visibility, beside salary_min and salary_max).
DESCRIPTION_OUTPUT_FIELDS = [name for name in DESCRIPTION_FORM_FIELDS if name not in ("salary_min", "salary_max")]
STEPS_HELP = _("The selection process in order, at most five steps, each once.")


class SelectionStepsOutputField(serializers.ListField):
    child = serializers.ChoiceField(choices=SelectionStep.choices)


class JobDescriptionInputSerializer(serializers.Serializer):
    """The description's fields, all optional: a PATCH changes only those it names."""

    job_summary = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    profile_sought = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    selection_steps = serializers.ListField(
        child=serializers.ChoiceField(choices=SelectionStep.choices),
        max_length=MAX_SELECTION_STEPS,
        required=False,
        help_text=STEPS_HELP,
    )
    selection_details = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    hours_description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    place_and_access = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    benefits = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    shows_job_summary = serializers.BooleanField(required=False)
    shows_profile_sought = serializers.BooleanField(required=False)
    shows_selection = serializers.BooleanField(required=False)
    shows_hours = serializers.BooleanField(required=False)
    shows_place_and_access = serializers.BooleanField(required=False)
    shows_benefits = serializers.BooleanField(required=False)
    shows_pay = serializers.BooleanField(required=False)
    salary_min = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True)
    salary_max = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True)


def _form_value(name: str, value: Any) -> dict[str, Any]:
    """A value as the form's widgets read it from posted data."""
    if name == "selection_steps":
        return {f"{name}_{number}": step for number, step in enumerate(value or [])}
    if value is None:
        return {name: ""}
    return {name: value}


def description_form(*, need: StaffingNeed, data: dict) -> NeedDescriptionForm | None:
    """The description form bound to the need's stored values overlaid with those given, or ``None`` when the data
    names none of them. The caller checks it (``is_valid``) and saves through ``need_details_save``."""
    given = {name: value for name, value in data.items() if name in DESCRIPTION_FORM_FIELDS}
    if not given:
        return None
    values: dict[str, Any] = {}
    for name in DESCRIPTION_FORM_FIELDS:
        values |= _form_value(name, given[name] if name in given else getattr(need, name))
    return NeedDescriptionForm(data=values, instance=need)
