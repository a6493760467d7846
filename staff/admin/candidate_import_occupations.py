"""The choice staff make, on an import job's page, for each occupation in words the suggester was unsure of."""

import re

from django import forms

from referentials.models import ROME_CODE_PATTERN

OTHER = "other"
NONE = "none"


def _suggestion_text(suggestion: dict) -> str:
    """ "K1801 — Conseiller en insertion", with the title that matched when it is not the label."""
    text = f"{suggestion['code']} — {suggestion['label']}"
    if suggestion["matched_title"] not in {suggestion["label"], suggestion["code"]}:
        text += f" (« {suggestion['matched_title']} »)"
    return text


class OccupationChoicesForm(forms.Form):
    """One choice per value to confirm: one of its suggestions, another ROME code typed, or none.

    Fields are numbered by the value's place in the report (a value may hold any character); ``choices()`` gives
    them back by the value's search form, as ``candidate_import_occupations_confirm`` takes them.
    """

    def __init__(self, *args, values: list[dict], chosen: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.values = values
        chosen = chosen or {}
        for index, value in enumerate(values):
            options = [(suggestion["code"], _suggestion_text(suggestion)) for suggestion in value["suggestions"]]
            options += [(OTHER, "Autre code ROME :"), (NONE, "Laisser vide (aucun métier)")]
            self.fields[f"choice_{index}"] = forms.ChoiceField(
                label=f"« {value['text']} »", choices=options, widget=forms.RadioSelect, required=False
            )
            self.fields[f"code_{index}"] = forms.CharField(
                label=f"Autre code ROME pour « {value['text']} »", max_length=5, required=False
            )
            if value["key"] in chosen:
                code = chosen[value["key"]]
                suggested = {suggestion["code"] for suggestion in value["suggestions"]}
                self.initial[f"choice_{index}"] = code if code in suggested else (OTHER if code else NONE)
                self.initial[f"code_{index}"] = "" if code in suggested else code

    def rows(self) -> list[dict]:
        """Each value with its two fields, for the template."""
        return [
            {"value": value, "choice": self[f"choice_{index}"], "code": self[f"code_{index}"]}
            for index, value in enumerate(self.values)
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        for index in range(len(self.values)):
            choice, code = cleaned.get(f"choice_{index}"), (cleaned.get(f"code_{index}") or "").strip().upper()
            if choice == OTHER and not re.match(ROME_CODE_PATTERN, code):
                self.add_error(f"code_{index}", "Tapez un code ROME : une lettre et 4 chiffres, comme D1408.")
        return cleaned

    def choices(self) -> dict[str, str]:
        """The values chosen, by search form: a code, or "" for none; a value left unanswered is not given."""
        chosen: dict[str, str] = {}
        for index, value in enumerate(self.values):
            choice = self.cleaned_data.get(f"choice_{index}")
            if choice == OTHER:
                chosen[value["key"]] = self.cleaned_data[f"code_{index}"].strip().upper()
            elif choice == NONE:
                chosen[value["key"]] = ""
            elif choice:
                chosen[value["key"]] = choice
        return chosen

    def add_confirm_errors(self, problems: dict[str, list[str]]) -> None:
        """The service's refusals (an unknown code), shown beside the value they concern."""
        for index, value in enumerate(self.values):
            for message in problems.get(value["key"], []):
                self.add_error(f"code_{index}", message)
