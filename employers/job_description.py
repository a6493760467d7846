"""A staffing need's job description: what the job is, the profile sought, the selection process, the hours, the
place and its access, the benefits, and for each part (and the pay) whether candidates may read it.

``JobDescription`` is an abstract model that ``StaffingNeed`` inherits, so the description is stored on the need's
own row (one read, copied with it) while its fields, checks and constraints stay together here. None of these
fields is scored: saving them starts no matching run (``employers.services.SCORED_FIELDS``).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from employers.enums import SelectionStep
from referentials.i18n import lazy_interpolation
from referentials.text import PlainTextField

DESCRIPTION_MAX_LENGTH = 2000
MAX_SELECTION_STEPS = 5

# The free texts of the description, in the order pages show them.
DESCRIPTION_TEXT_FIELDS = (
    "job_summary",
    "profile_sought",
    "selection_details",
    "hours_description",
    "place_and_access",
    "benefits",
)
# Each part of the description and the flag that shows it to candidates; the pay is the need's salary range.
VISIBILITY_FLAGS = {
    "job": "shows_job_summary",
    "profile": "shows_profile_sought",
    "selection": "shows_selection",
    "hours": "shows_hours",
    "place": "shows_place_and_access",
    "benefits": "shows_benefits",
    "pay": "shows_pay",
}
JOB_DESCRIPTION_FIELDS = (*DESCRIPTION_TEXT_FIELDS, "selection_steps", *VISIBILITY_FLAGS.values())


def validate_selection_steps(value: Any) -> None:
    """A list of at most five known steps, each once, in the order candidates go through them."""
    if not isinstance(value, list) or not all(isinstance(step, str) for step in value):
        raise ValidationError(_("The selection steps must be a list of steps."), code="invalid")
    unknown = [step for step in value if step not in SelectionStep.values]
    if unknown:
        raise ValidationError(
            _("Unknown selection step “%(step)s”: choose among %(choices)s."),
            code="invalid_choice",
            params={"step": unknown[0][:40], "choices": ", ".join(SelectionStep.values)},
        )
    if len(value) > MAX_SELECTION_STEPS:
        raise ValidationError(
            _("At most %(max)d selection steps."), code="too_many", params={"max": MAX_SELECTION_STEPS}
        )
    repeated = next((step for number, step in enumerate(value) if step in value[:number]), None)
    if repeated is not None:
        raise ValidationError(
            _("“%(step)s” is listed twice in the selection process."),
            code="repeated",
            params={"step": SelectionStep(repeated).label},
        )


class SelectionStepsWidget(forms.MultiWidget):
    """One list per position, each named for screen readers ("Step 2")."""

    def __init__(self, attrs: dict | None = None) -> None:
        choices = [("", "—"), *SelectionStep.choices]
        widgets = [
            forms.Select(
                choices=choices, attrs={"aria-label": lazy_interpolation(_("Selection step %(number)s"), number=n)}
            )
            for n in range(1, MAX_SELECTION_STEPS + 1)
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        steps = list(value) if isinstance(value, list | tuple) else []
        return [*steps, *[None] * MAX_SELECTION_STEPS][:MAX_SELECTION_STEPS]


class SelectionStepsFormField(forms.MultiValueField):
    """The selection process typed as five ordered lists; the blank ones are left out."""

    widget = SelectionStepsWidget

    def __init__(self, **kwargs: Any) -> None:
        for name in ("max_length", "encoder", "decoder", "empty_value"):
            kwargs.pop(name, None)
        kwargs.setdefault("required", False)
        fields = [
            forms.ChoiceField(choices=SelectionStep.choices, required=False) for __ in range(MAX_SELECTION_STEPS)
        ]
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> list[str]:
        return [step for step in data_list if step]

    def clean(self, value: Any) -> list[str]:
        steps = super().clean(value) or []
        validate_selection_steps(steps)
        return steps


class SelectionStepsField(models.JSONField):
    """The ordered steps, stored as a JSON list of ``SelectionStep`` values (checked by ``full_clean``: a JSON
    constraint would need lookups SQLite lacks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_selection_steps)

    def formfield(self, **kwargs: Any) -> forms.Field:
        # Not JSONField's: people choose steps from lists, they do not type JSON.
        options = {"required": not self.blank, "label": capfirst(self.verbose_name), "help_text": self.help_text}
        return SelectionStepsFormField(**{**options, **kwargs})


def _text(label: str, help_text: str = "") -> PlainTextField:
    return PlainTextField(label, max_length=DESCRIPTION_MAX_LENGTH, blank=True, help_text=help_text)


def _shown(label: str, *, default: bool) -> models.BooleanField:
    return models.BooleanField(label, default=default)


class JobDescription(models.Model):
    job_summary = _text(_("the job"), _("What the person will do, day to day, and for whom."))
    profile_sought = _text(_("profile sought"), _("The qualities and experience that help in this job."))
    selection_steps = SelectionStepsField(
        _("selection steps"), help_text=_("The steps candidates go through, in order.")
    )
    selection_details = _text(_("selection process, details"), _("Dates, places, how long each step takes."))
    hours_description = _text(_("shifts and hours"), _("Opening hours, shifts, breaks, how schedules are set."))
    place_and_access = _text(_("place and access"), _("Public transport, parking, accessibility of the site."))
    benefits = _text(_("benefits"), _("Meal vouchers, bonuses, transport allowance, mutual insurance…"))

    shows_job_summary = _shown(_("show the job to candidates"), default=True)
    shows_profile_sought = _shown(_("show the profile sought to candidates"), default=False)
    shows_selection = _shown(_("show the selection process to candidates"), default=True)
    shows_hours = _shown(_("show the shifts and hours to candidates"), default=True)
    shows_place_and_access = _shown(_("show the place and access to candidates"), default=True)
    shows_benefits = _shown(_("show the benefits to candidates"), default=True)
    shows_pay = _shown(_("show the pay to candidates"), default=True)

    class Meta:
        abstract = True

    @property
    def selection_step_labels(self) -> list[str]:
        """The steps' names in order (an unknown value, which ``full_clean`` refuses, is left out)."""
        return [str(SelectionStep(step).label) for step in self.selection_steps if step in SelectionStep.values]

    @property
    def has_job_description(self) -> bool:
        return bool(self.selection_steps) or any(getattr(self, name) for name in DESCRIPTION_TEXT_FIELDS)


def job_description_constraints() -> list[models.CheckConstraint]:
    """The length of each text, bounded in the database as in the forms (``Length`` works on SQLite too)."""
    return [
        models.CheckConstraint(
            condition=Q(LessThanOrEqual(Length(name), DESCRIPTION_MAX_LENGTH)),
            name=f"need_{name}_length",
            violation_error_message=lazy_interpolation(
                _("A part of the job description has at most %(max)s characters."), max=DESCRIPTION_MAX_LENGTH
            ),
        )
        for name in DESCRIPTION_TEXT_FIELDS
    ]
