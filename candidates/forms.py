"""Forms for candidate profiles, shared by the staff workspace and the imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from referentials.forms import CommuneField


class CandidateForm(forms.ModelForm):
    commune = CommuneField(label=_("commune of residence"))

    class Meta:
        model = Candidate
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_date",
            "commune",
            "max_distance_km",
            "travels_by_car",
            "travels_by_public_transport",
            "travels_by_bike",
            "travels_on_foot",
            "has_driving_licence",
            "accepts_related_occupations",
            "education_level",
            "experience_years",
            "available_from",
            "accepts_cdi",
            "accepts_cdd",
            "accepts_temporary",
            "accepts_apprenticeship",
            "accepts_professionalisation",
            "accepts_full_time",
            "accepts_part_time",
        ]
