"""Forms of the staff's candidate search: its criteria, and the name a search is saved under.

The criteria are posted, never put in the URL; a saved search keeps them as typed (``stored_criteria``) and is run by
posting them back through the same form, which checks them again.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.staff_search import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    CandidateSearchCriteria,
    communes_for_place,
    occupation_codes_for_text,
)
from referentials.models import Skill

MAX_TEXT_LENGTH = 100


class CandidateSearchForm(forms.Form):
    words = forms.CharField(
        label=_("Name, e-mail address, phone or file reference"), required=False, max_length=MAX_TEXT_LENGTH
    )
    place = forms.CharField(
        label=_("Commune or postcode"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=_("The candidates living within the radius of this place."),
    )
    radius = forms.IntegerField(
        label=_("Radius (km)"), required=False, min_value=0, max_value=MAX_RADIUS_KM, initial=DEFAULT_RADIUS_KM
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.order_by("label"),
        to_field_name="slug",
        required=False,
        help_text=_("The candidates holding every skill chosen."),
    )
    occupation = forms.CharField(
        label=_("Desired occupation"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=_("A ROME code or words of its label."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        place = cleaned.get("place", "")
        cleaned["place_communes"] = communes_for_place(place) if place else []
        if place and not cleaned["place_communes"]:
            self.add_error("place", _("No commune has this name or postcode."))
        return cleaned

    def criteria(self) -> CandidateSearchCriteria:
        """The criteria of a valid form, for ``candidate_search_for_staff``."""
        cleaned = self.cleaned_data
        occupation = cleaned["occupation"].strip()
        radius = cleaned["radius"]
        return CandidateSearchCriteria(
            place_communes=cleaned["place_communes"],
            radius_km=DEFAULT_RADIUS_KM if radius is None else radius,
            skill_ids=[skill.pk for skill in cleaned["skills"]],
            occupation_codes=occupation_codes_for_text(occupation) if occupation else None,
            words=cleaned["words"],
        )

    def stored_criteria(self) -> dict[str, Any]:
        """The criteria as typed, to be saved and posted back: text, a number and skill identifiers."""
        cleaned = self.cleaned_data
        return {
            "words": cleaned["words"],
            "place": cleaned["place"],
            "radius": cleaned["radius"],
            "skills": [skill.slug for skill in cleaned["skills"]],
            "occupation": cleaned["occupation"],
        }

    def has_criteria(self) -> bool:
        cleaned = self.cleaned_data
        return any(cleaned.get(name) for name in ("words", "place", "skills", "occupation"))


class SavedSearchNameForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=80)
