"""The form of a need's job description (the portal's second step; the employer API checks it too).

Each part sits beside its "show to candidates" box; the pay is the need's salary range, with its own box.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.job_description import DESCRIPTION_TEXT_FIELDS, JOB_DESCRIPTION_FIELDS
from employers.models import StaffingNeed

PAY_FIELDS = ("salary_min", "salary_max")
DESCRIPTION_FORM_FIELDS = (*JOB_DESCRIPTION_FIELDS, *PAY_FIELDS)
# The parts as the step shows them: a legend, the fields it holds, then its "show to candidates" box.
DESCRIPTION_SECTIONS = (
    (_("The job"), ("job_summary",), "shows_job_summary"),
    (_("Profile sought"), ("profile_sought",), "shows_profile_sought"),
    (_("Selection process"), ("selection_steps", "selection_details"), "shows_selection"),
    (_("Shifts and hours"), ("hours_description",), "shows_hours"),
    (_("Place and access"), ("place_and_access",), "shows_place_and_access"),
    (_("Benefits"), ("benefits",), "shows_benefits"),
    (_("Pay"), PAY_FIELDS, "shows_pay"),
)


class NeedDescriptionForm(forms.ModelForm):
    """What the job is and how people are chosen, in plain text, each part shown to candidates or not."""

    class Meta:
        model = StaffingNeed
        fields = list(DESCRIPTION_FORM_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in DESCRIPTION_TEXT_FIELDS}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in PAY_FIELDS:
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def sections(self) -> list[dict]:
        """The fieldsets of the step, each with its bound fields and its visibility box."""
        return [
            {"legend": legend, "fields": [self[name] for name in names], "visibility": self[flag]}
            for legend, names, flag in DESCRIPTION_SECTIONS
        ]
