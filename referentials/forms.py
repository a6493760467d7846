"""Form fields that let people type reference data: a commune by INSEE code or postcode, an occupation by ROME code
or job title."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from referentials.models import INSEE_CODE_PATTERN, ROME_CODE_PATTERN, Commune, Occupation
from referentials.suggest import OccupationSuggestion, occupation_suggest


class CommuneField(forms.CharField):
    """A commune typed as its INSEE code, its postcode, or a postcode followed by its name ("59000 Lille")."""

    default_error_messages = {
        "unknown": _("Unknown commune or postcode “%(value)s”."),
        "ambiguous": _(
            "The postcode %(postcode)s covers several communes (%(names)s): "
            "add the commune's name or give its INSEE code."
        ),
        "format": _("Type an INSEE code or a postcode (5 characters), optionally followed by the commune's name."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", _("INSEE code, or postcode and name, such as “59000 Lille”."))
        super().__init__(**kwargs)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Commune):
            return value.insee_code
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return commune.insee_code if commune else value
        return value

    def clean(self, value: object) -> Commune | None:
        text = super().clean(value)
        if not text:
            return None
        match = re.match(r"^\s*(\d[\dAB]\d{3})\s*(.*)$", text.upper() if text[:2].upper() == "2A" else text)
        if not match:
            raise forms.ValidationError(self.error_messages["format"], code="format")
        code, name = match.group(1).upper(), match.group(2).strip()
        if not name and re.match(INSEE_CODE_PATTERN, code):
            commune = Commune.objects.filter(insee_code=code).first()
            if commune:
                return commune
        candidates = Commune.objects.filter(postcodes__code=code).distinct()
        if name:
            candidates = candidates.filter(name__iexact=name)
        found = list(candidates[:6])
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        raise forms.ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"postcode": code, "names": ", ".join(commune.name for commune in found[:5])},
        )


def occupation_from_text(text: str) -> tuple[Occupation | None, list[OccupationSuggestion]]:
    """The one occupation a text names without doubt (its code, or a title matched exactly and by no other
    occupation), else ``None`` with the suggestions to offer instead."""
    suggestions = occupation_suggest(text, 5)
    exact = [suggestion for suggestion in suggestions if suggestion.confidence == 1.0]
    if len(exact) == 1:
        return Occupation.objects.filter(rome_code=exact[0].code).first(), suggestions
    return None, suggestions


def suggestions_text(suggestions: list[OccupationSuggestion]) -> str:
    return ", ".join(f"{suggestion.code} ({suggestion.label})" for suggestion in suggestions[:3])


class OccupationField(forms.CharField):
    """An occupation typed as its ROME code, such as D1408, or as a job title that names one occupation only
    ("téléconseiller", "hotliner"): the suggester decides (``referentials.suggest``)."""

    default_error_messages = {
        "format": _("A ROME code is a letter from A to N and 4 digits, such as D1408."),
        "unknown": _("Unknown ROME code “%(value)s”."),
        "not_found": _("No occupation matches “%(value)s”: type its ROME code, such as D1408."),
        "choose": _("“%(value)s” could be several occupations: type the ROME code of one of %(suggestions)s."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value: object) -> object:
        return value.rome_code if isinstance(value, Occupation) else value

    def clean(self, value: object) -> Occupation | None:
        typed = (super().clean(value) or "").strip()
        text = typed.upper()
        if not text:
            return None
        if not re.match(ROME_CODE_PATTERN, text):
            if re.match(r"^[A-Z]\d+$", text):
                raise forms.ValidationError(self.error_messages["format"], code="format")
            found, suggestions = occupation_from_text(typed)
            if found is not None:
                return found
            if not suggestions:
                raise forms.ValidationError(
                    self.error_messages["not_found"], code="not_found", params={"value": typed}
                )
            raise forms.ValidationError(
                self.error_messages["choose"],
                code="choose",
                params={"value": typed, "suggestions": suggestions_text(suggestions)},
            )
        occupation = Occupation.objects.filter(rome_code=text).first()
        if occupation is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        return occupation
