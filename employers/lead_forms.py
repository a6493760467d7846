"""Forms of employer leads, as staff type them: the first contact, the visit booked, the visit recorded with its
report, the lead closed, its employer named. They check what was typed; ``employers.lead_services`` checks the
step itself (a visit before the first contact, a lead already closed) and its refusals are shown on the same form.

The need created from a visit is typed in the portal's first step, ``employers.need_forms.NeedJobForm``.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from employers.leads import VISIT_REPORT_MAX_LENGTH, EmployerLead
from employers.models import Employer
from referentials.forms import CommuneField
from referentials.text import PlainTextFormField, SingleLineFormField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def employers_of_platform(platform_id: int) -> QuerySet[Employer]:
    return Employer.objects.filter(platform_id=platform_id).order_by("legal_name")


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, employer: Employer) -> str:
        return f"{employer.legal_name} — {employer.siret}"


class LeadForm(forms.ModelForm):
    """A new lead: who called, how, when, and where the employer is."""

    commune = CommuneField(label=_("Commune"))
    employer = EmployerChoiceField(
        label=_("Known employer"),
        queryset=Employer.objects.none(),
        required=False,
        help_text=_("When the company is already one of the platform's employers."),
    )

    class Meta:
        model = EmployerLead
        fields = [
            "company_name",
            "commune",
            "contact_kind",
            "first_contact_on",
            "contact_name",
            "contact_phone",
            "contact_email",
            "employer",
        ]
        widgets = {"first_contact_on": DATE_INPUT}

    def __init__(self, *args, platform_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_of_platform(platform_id)


class LeadVisitBookForm(forms.Form):
    when = forms.DateTimeField(label=_("Visit on"), widget=DATETIME_INPUT)


class LeadVisitRecordForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE_INPUT)
    report = PlainTextFormField(
        label=_("Visit report"),
        max_length=VISIT_REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The needs diagnosis: jobs, numbers, dates, conditions, what the employer expects."),
    )
    employer = EmployerChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        help_text=_("The platform's employer this company is, if known: needs are created for it."),
    )

    def __init__(self, *args, platform_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_of_platform(platform_id)


class LeadCloseForm(forms.Form):
    reason = SingleLineFormField(label=_("Reason for closing"), max_length=255)


class LeadEmployerForm(forms.Form):
    employer = EmployerChoiceField(label=_("Employer"), queryset=Employer.objects.none())

    def __init__(self, *args, platform_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_of_platform(platform_id)
