"""The profile a partner's advisor types when proposing a person to a platform: what a partner knows of them.

No sensitive situation and no birth date: the platform's staff record those, if at all, after accepting.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.enums import ConsentMethod
from candidates.models import Candidate
from candidates.profile_fields import CONTRACTS
from referentials.forms import CommuneField, OccupationField

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "commune",
    "max_distance_km",
    "has_driving_licence",
    "experience_years",
    "available_from",
    *CONTRACTS,
)
# A consent recorded longer ago than this is too old to propose someone on: the partner asks the person again.
CONSENT_VALID_FOR = datetime.timedelta(days=365)


def consent_date_problem(day: datetime.date | None) -> str:
    """Why a consent date cannot stand for a proposal ("" when it can): given, not in the future, not a year old."""
    today = timezone.localdate()
    if day is None:
        return str(_("Give the day the person agreed to be proposed."))
    if day > today:
        return str(_("The consent's date cannot be in the future."))
    if day < today - CONSENT_VALID_FOR:
        return str(_("This consent is more than a year old: ask the person again."))
    return ""


class ReferralProfileForm(forms.ModelForm):
    """The person's profile, checked as the staff form checks a profile; the occupations are typed as a ROME code or
    a job title."""

    commune = CommuneField(label=_("commune of residence"))
    occupation = OccupationField(label=_("occupation wanted"), help_text=_("A ROME code or a job title."))
    other_occupation = OccupationField(label=_("another occupation wanted"), required=False)

    class Meta:
        model = Candidate
        fields = list(PROFILE_FIELDS)

    def occupations(self) -> list:
        chosen = [self.cleaned_data.get("occupation"), self.cleaned_data.get("other_occupation")]
        return list(dict.fromkeys(occupation for occupation in chosen if occupation is not None))


class ReferralConsentForm(forms.Form):
    consent_recorded_on = forms.DateField(
        label=_("consent recorded on"),
        help_text=_("The day the person agreed to be proposed to the platform and presented to employers."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    consent_method = forms.ChoiceField(
        label=_("how the consent was recorded"),
        choices=[choice for choice in ConsentMethod.choices if choice[0] != ConsentMethod.FILE],
    )

    def clean_consent_recorded_on(self) -> datetime.date:
        day = self.cleaned_data["consent_recorded_on"]
        problem = consent_date_problem(day)
        if problem:
            raise forms.ValidationError(problem)
        return day
