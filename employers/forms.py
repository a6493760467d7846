"""Forms for employers, sites and staffing needs, shared by the admin, the imports and the portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Employer, NeedLanguage, Site, StaffingNeed
from referentials.enums import CefrLevel
from referentials.forms import CommuneField, OccupationField
from referentials.models import Language


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = ["legal_name", "siret", "naf_code"]


class SiteForm(forms.ModelForm):
    commune = CommuneField(label=_("commune"))

    class Meta:
        model = Site
        fields = ["name", "address", "commune"]


class StaffingNeedForm(forms.ModelForm):
    occupation = OccupationField(label=_("occupation (ROME code)"))

    class Meta:
        model = StaffingNeed
        fields = [
            "occupation",
            "title",
            "headcount",
            "contract_type",
            "contract_duration_months",
            "working_time",
            "weekly_hours",
            "has_shifts",
            "has_weekend_work",
            "start_date",
            "salary_min",
            "salary_max",
            "minimum_education",
            "minimum_experience_years",
            "accepts_beginners",
            "offers_training",
            "training_kind",
            "training_weeks",
            "has_accessible_workstation",
        ]


class NeedLanguageForm(forms.ModelForm):
    language = forms.CharField(label=_("language (ISO code)"), max_length=2)
    level = forms.CharField(label=_("level (A1 to C2)"), max_length=2)

    class Meta:
        model = NeedLanguage
        fields = ["language", "level", "is_mandatory", "justification"]

    def clean_language(self) -> Language:
        code = self.cleaned_data["language"].strip().lower()
        language = Language.objects.filter(code=code).first()
        if language is None:
            raise forms.ValidationError(_("Unknown language code “%(code)s”."), params={"code": code})
        return language

    def clean_level(self) -> int:
        label = self.cleaned_data["level"].strip().upper()
        levels = {level.label: level.value for level in CefrLevel}
        if label not in levels:
            raise forms.ValidationError(
                _("Unknown level “%(level)s”: use A1, A2, B1, B2, C1 or C2."), params={"level": label}
            )
        return levels[label]
