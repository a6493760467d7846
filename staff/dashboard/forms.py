"""The dashboard's period: two optional dates read from the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from staff.dashboard.selectors import NO_RANGE, DateRange


class DateRangeForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period must not be after its end."), code="order")
        return cleaned

    def date_range(self) -> DateRange:
        """The period asked for; the whole history when the form is empty or invalid."""
        if not self.is_valid():
            return NO_RANGE
        return DateRange(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
