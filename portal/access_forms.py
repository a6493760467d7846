"""Forms of the portal's account pages: asking for access to an employer, inviting a colleague."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.siret import validate_siret
from referentials.forms import CommuneField
from referentials.text import SingleLineFormField


class TelInput(forms.TextInput):
    input_type = "tel"


class AccessRequestForm(forms.Form):
    siret = forms.CharField(
        label=_("SIRET of your establishment"),
        max_length=20,
        help_text=_("14 digits, printed on your pay slips and invoices; spaces are allowed."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    legal_name = SingleLineFormField(
        label=_("Company name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    job_title = SingleLineFormField(
        label=_("Your job title"),
        max_length=120,
        help_text=_("Such as “HR manager” or “site manager”."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("Optional: the advisor may call you to settle your request faster."),
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    commune = CommuneField(label=_("Commune of the establishment"))

    def clean_siret(self) -> str:
        # People copy SIRETs with spaces or dots ("123 456 789 00012"): keep the digits, then check them.
        siret = re.sub(r"[\s.\-]", "", self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"\+?[\d\s.\-()]{6,30}", phone):
            raise forms.ValidationError(
                _("A phone number has digits only, such as 03 20 12 34 56 or +33 3 20 12 34 56."), code="phone"
            )
        return phone


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        max_length=254,
        help_text=_("They receive a link valid for 14 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class InvitationOpenForm(forms.Form):
    """The invitation's token, posted: the link carries it after ``#``, which the page's script puts here."""

    token = forms.CharField(
        label=_("Invitation code"),
        max_length=100,
        help_text=_("The code at the end of the invitation e-mail, if this page did not find it in the link."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
