"""The partners' forms: a proposal (the person's profile, the platform, the consent) and a file of proposals."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Platform
from candidates.imports import MAX_FILE_BYTES
from candidates.referral_forms import ReferralConsentForm, ReferralProfileForm


class PlatformChoiceForm(forms.Form):
    platform = forms.ModelChoiceField(label=_("platform"), queryset=Platform.objects.none())

    def __init__(self, *args, platforms: QuerySet[Platform], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
        if len(platforms) == 1:
            self.fields["platform"].initial = platforms[0]


class ProposalForm(PlatformChoiceForm, ReferralConsentForm):
    """The platform and the consent; the profile is ``ReferralProfileForm``, shown beside it."""

    consent_confirmed = forms.BooleanField(
        label=_("The person agreed to be proposed to this platform and presented to employers."), required=True
    )


def profile_form(data=None) -> ReferralProfileForm:
    return ReferralProfileForm(data=data)


class ProposalFileForm(PlatformChoiceForm):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("One person a line, with the day each agreed to be proposed (column “date du consentement”)."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(megabytes)d MB: split it.")
                % {"megabytes": MAX_FILE_BYTES // 1024 // 1024}
            )
        return uploaded
