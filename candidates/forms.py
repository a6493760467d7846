"""Forms for candidate profiles, shared by the staff workspace and the imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from candidates.profile_fields import EDITABLE
from referentials.forms import CommuneField


class CandidateForm(forms.ModelForm):
    commune = CommuneField(label=_("commune of residence"))

    class Meta:
        model = Candidate
        fields = list(EDITABLE)
