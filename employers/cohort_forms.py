"""The form of a training cohort, as staff and employers type it (the review page, the portal); the API's serializer
reads the same fields.

The form only parses what was typed; the rules (dates in order, seats between 1 and 100 and never fewer than the
seats taken, a need still open to cohorts) are ``employers.cohorts``', whose refusals are shown on these fields.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from employers.cohorts import MAX_CAPACITY, MIN_CAPACITY, CohortDetails
from employers.enums import CohortFunder, TrainingKind
from employers.models import TrainingCohort

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class CohortForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of training"), choices=TrainingKind.choices)
    training_body = forms.CharField(label=_("Training body"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(**DATE_WIDGET))
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(**DATE_WIDGET))
    capacity = forms.IntegerField(label=_("Seats"), min_value=MIN_CAPACITY, max_value=MAX_CAPACITY)
    funder = forms.ChoiceField(label=_("Funded by"), choices=CohortFunder.choices)

    @classmethod
    def for_cohort(cls, cohort: TrainingCohort, **kwargs) -> "CohortForm":
        """The form of an existing cohort, filled with its details."""
        initial = {name: getattr(cohort, name) for name in CohortDetails.field_names()}
        return cls(initial=initial, **kwargs)

    def details(self) -> CohortDetails:
        return CohortDetails(**{name: self.cleaned_data[name] for name in CohortDetails.field_names()})

    def add_refusal(self, error: ValidationError) -> bool:
        """Show a service's refusal on the fields it names; False when it names none of them (a message then)."""
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(self.fields):
            self.add_error(None, error)
            return True
        return False
