"""Forms of a staffing need, as the portal's steps ask it (the job, the skills and languages, the training and
the waves) and as the employer API checks it.

Reference data is chosen by typing: an occupation by its ROME label or code, a place as one of the employer's
sites or a commune, a skill by its label. Each field says what it could not understand, and every form keeps
what was typed when it is shown again.
"""

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.enums import SkillImportance
from employers.models import Employer, Site, StaffingNeed
from employers.services import TRAINING_FIELDS
from referentials.enums import CefrLevel
from referentials.forms import CommuneField, occupation_from_text
from referentials.models import Commune, Language, Occupation, Skill
from referentials.suggest import OccupationSuggestion
from referentials.text import SingleLineFormField

ROME_CODE_IN_TEXT = re.compile(r"\(?\b([A-N]\d{4})\)?\s*$", re.IGNORECASE)
MAX_WAVES = 12


def folded(text: str) -> str:
    """Lower case without accents, so that "teleconseiller" finds "Téléconseiller"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character)).strip()


def occupation_option(occupation: Occupation) -> str:
    return f"{occupation.label} ({occupation.rome_code})"


def occupation_suggestion_option(suggestion: OccupationSuggestion) -> str:
    """A suggestion as the datalist shows it: the title that matched when it is not the label, then the label and
    the code, which the field reads back."""
    if suggestion.matched_title in (suggestion.label, suggestion.code):
        return f"{suggestion.label} ({suggestion.code})"
    return f"{suggestion.matched_title} — {suggestion.label} ({suggestion.code})"


def site_option(site: Site) -> str:
    return f"{site.name} — {site.commune.name}"


def commune_option(commune: Commune, postcode: str) -> str:
    return f"{postcode} {commune.name}"


class OccupationByLabelField(forms.CharField):
    """An occupation typed as its label, its ROME code, or "label (code)" as the suggestions show it."""

    default_error_messages = {
        "unknown": _("No occupation matches “%(value)s”: pick one of the suggestions, or type its ROME code."),
        "ambiguous": _("Several occupations match “%(value)s”: pick one of the suggestions."),
    }

    def prepare_value(self, value: object) -> object:
        if isinstance(value, int):
            value = Occupation.objects.filter(pk=value).first()
        return occupation_option(value) if isinstance(value, Occupation) else value

    def clean(self, value: object) -> Occupation | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        code = ROME_CODE_IN_TEXT.search(text)
        if code:
            occupation = Occupation.objects.filter(rome_code=code.group(1).upper()).first()
            if occupation is not None:
                return occupation
        # A label, a job title or a synonym that names one occupation only ("téléconseiller", "hotliner").
        occupation, suggestions = occupation_from_text(text)
        if occupation is not None:
            return occupation
        raise forms.ValidationError(
            self.error_messages["ambiguous" if suggestions else "unknown"],
            code="ambiguous" if suggestions else "unknown",
            params={"value": text},
        )


class NeedJobForm(forms.ModelForm):
    """Step 1: what the job is, where, how many people, on which contract and from when."""

    occupation = OccupationByLabelField(
        label=_("Occupation"),
        max_length=300,
        help_text=_("Start typing the occupation, such as “conseiller clientèle”, and pick a suggestion."),
    )
    place = forms.CharField(
        label=_("Site or commune"),
        max_length=300,
        help_text=_("One of your sites, or the commune of a new site, such as “59000 Lille”."),
    )
    address = SingleLineFormField(
        label=_("Address of a new site"),
        max_length=255,
        required=False,
        help_text=_("Only when the place is a commune where you have no site yet."),
    )

    class Meta:
        model = StaffingNeed
        fields = [
            "title",
            "occupation",
            "headcount",
            "contract_type",
            "contract_duration_months",
            "working_time",
            "weekly_hours",
            "has_shifts",
            "has_weekend_work",
            "start_date",
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    field_order = ["title", "occupation", "place", "address", "headcount"]

    def __init__(self, *args, employer: Employer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employer = employer
        self.instance.employer = employer
        if self.instance.pk and not self.is_bound:
            self.initial["place"] = site_option(self.instance.site)
        self.new_site: Site | None = None
        # The suggestions come as a datalist, filled by htmx as the user types.
        self.fields["occupation"].widget.attrs.update({"list": "occupation-options", "autocomplete": "off"})
        self.fields["place"].widget.attrs.update({"list": "place-options", "autocomplete": "off"})

    def clean_place(self) -> Site:
        text = self.cleaned_data["place"].strip()
        sites = list(Site.objects.filter(employer=self.employer).select_related("commune"))
        for site in sites:
            if folded(site_option(site)) == folded(text) or folded(site.name) == folded(text):
                return site
        commune = CommuneField(required=True).clean(text)
        existing = [site for site in sites if site.commune_id == commune.pk]
        if existing:
            return existing[0]
        # A commune where the employer has no site yet: the site is created when the need is saved.
        self.new_site = Site(employer=self.employer, name=commune.name, commune=commune)
        return self.new_site

    def clean_headcount(self) -> int:
        headcount = self.cleaned_data["headcount"]
        if headcount is not None and headcount < self.instance.hires_count:
            raise forms.ValidationError(
                _("%(hires)d people are already hired for this need: the headcount cannot be lower."),
                params={"hires": self.instance.hires_count},
            )
        return headcount

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.new_site is not None:
            address = (cleaned.get("address") or "").strip()
            if not address:
                self.add_error(
                    "address",
                    _("Give the address of the new site in %(commune)s.") % {"commune": self.new_site.commune.name},
                )
            self.new_site.address = address
        return cleaned

    def _post_clean(self) -> None:
        place = self.cleaned_data.get("place")
        if isinstance(place, Site) and place.pk:
            self.instance.site = place
        super()._post_clean()


class NeedSkillRowForm(forms.Form):
    skill = forms.CharField(
        label=_("Skill"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"list": "skill-options", "autocomplete": "off"}),
    )
    importance = forms.ChoiceField(
        label=_("Importance"), choices=SkillImportance.choices, initial=SkillImportance.MUST_HAVE
    )

    def clean_skill(self) -> Skill | None:
        text = self.cleaned_data["skill"].strip()
        if not text:
            return None
        skill = Skill.objects.filter(Q(label__iexact=text) | Q(label_en__iexact=text)).first()
        if skill is None:
            wanted = folded(text)
            skill = next((s for s in Skill.objects.only("pk", "label") if folded(s.label) == wanted), None)
        if skill is None:
            raise forms.ValidationError(
                _("Unknown skill “%(value)s”: pick one from the list of suggestions."), params={"value": text}
            )
        return skill


class NeedLanguageRowForm(forms.Form):
    language = forms.ModelChoiceField(label=_("Language"), queryset=Language.objects.order_by("label"), required=False)
    level = forms.TypedChoiceField(label=_("Level"), choices=CefrLevel.choices, coerce=int, initial=CefrLevel.B1)
    is_mandatory = forms.BooleanField(label=_("Mandatory for the job"), required=False)
    justification = forms.CharField(
        label=_("Why the job requires it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a mandatory language: a language can only be demanded when the job needs it."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("language")
            and cleaned.get("is_mandatory")
            and len(cleaned.get("justification", "").strip()) < 10
        ):
            self.add_error(
                "justification",
                _("A mandatory language needs a written justification tied to the job (10 characters or more)."),
            )
        return cleaned


class RowFormSet(forms.BaseFormSet):
    """Rows where a blank row is ignored and the same item twice is refused."""

    item_field = ""

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            item = form.cleaned_data.get(self.item_field)
            if not item:
                continue
            if item.pk in seen:
                form.add_error(self.item_field, _("“%(item)s” is listed twice.") % {"item": item})
            seen.add(item.pk)

    def items(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get(self.item_field)]


class SkillRowFormSet(RowFormSet):
    item_field = "skill"


class LanguageRowFormSet(RowFormSet):
    item_field = "language"


def skill_rows_formset(*, data: object = None, initial: list[dict] | None = None):
    formset_class = forms.formset_factory(NeedSkillRowForm, formset=SkillRowFormSet, extra=3, max_num=60)
    return formset_class(data=data, initial=initial, prefix="skills")


def language_rows_formset(*, data: object = None, initial: list[dict] | None = None):
    formset_class = forms.formset_factory(NeedLanguageRowForm, formset=LanguageRowFormSet, extra=2, max_num=10)
    return formset_class(data=data, initial=initial, prefix="languages")


class NeedTrainingForm(forms.ModelForm):
    """Step 3: who is welcome, the pre-hiring training offered and the skills it covers."""

    training_skills = forms.ModelMultipleChoiceField(
        label=_("Skills the training covers"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Candidates who lack these skills can still be suggested: the training teaches them."),
    )
    mrs_skills = forms.ModelMultipleChoiceField(
        label=_("Skills an MRS test passed stands in for"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A candidate who passed an MRS test session serving this need counts as holding these skills."),
    )

    class Meta:
        model = StaffingNeed
        fields = list(TRAINING_FIELDS)
        help_texts = {
            "mrs_replaces_experience": _(
                "Recruitment by simulation tests aptitudes instead of a CV: a candidate who passed an MRS test "
                "session serving this need counts as having the experience asked."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        skill_ids = self.instance.skill_requirements.values_list("skill_id", flat=True)
        required_skills = Skill.objects.filter(pk__in=skill_ids).order_by("label")
        self.fields["training_skills"].queryset = required_skills
        self.fields["mrs_skills"].queryset = required_skills

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("offers_training"):
            cleaned["training_kind"], cleaned["training_weeks"], cleaned["training_skills"] = "", None, []
        elif not cleaned.get("training_kind"):
            self.add_error("training_kind", _("Choose the kind of training."))
        return cleaned


class WaveRowForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Wave start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hires_planned = forms.IntegerField(label=_("People in this wave"), required=False, min_value=1)

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_on, hires = cleaned.get("starts_on"), cleaned.get("hires_planned")
        if starts_on and not hires:
            self.add_error("hires_planned", _("Give the number of people in this wave."))
        if hires and not starts_on:
            self.add_error("starts_on", _("Give the date this wave starts."))
        return cleaned


class WaveRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, headcount: int, start_date: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headcount, self.start_date = headcount, start_date

    def clean(self) -> None:
        if any(self.errors):
            return
        waves = self.items()
        dates = [wave["starts_on"] for wave in waves]
        if len(set(dates)) != len(dates):
            raise forms.ValidationError(_("Two waves start on the same date."))
        for form in self.forms:
            starts_on = form.cleaned_data.get("starts_on")
            if starts_on and starts_on < max(self.start_date, timezone.localdate()):
                form.add_error("starts_on", _("A wave cannot start before the need's start date."))
        total = sum(wave["hires_planned"] for wave in waves)
        if total > self.headcount:
            raise forms.ValidationError(
                _("The waves plan %(total)d people, more than the headcount of %(headcount)d."),
                params={"total": total, "headcount": self.headcount},
            )

    def items(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("starts_on")]

    def add_refusal(self, error: ValidationError) -> None:
        """Show the service's refusal (a wave that holds hires or candidates) with the rows' own errors."""
        self.full_clean()
        self._non_form_errors = self.error_class(
            [*self._non_form_errors, *error.messages], error_class="nonform", renderer=self.renderer
        )


def waves_checked(*, need: StaffingNeed, waves: list[tuple[datetime.date, int]]) -> list[tuple[datetime.date, int]]:
    """``waves`` (start date, people) checked by the portal's rules (``WaveRowFormSet``), for the admin's inline;
    a ``ValidationError`` with the formset's messages otherwise."""
    data: dict[str, object] = {"waves-TOTAL_FORMS": len(waves), "waves-INITIAL_FORMS": 0}
    for number, (starts_on, hires) in enumerate(waves):
        data |= {f"waves-{number}-starts_on": starts_on.isoformat(), f"waves-{number}-hires_planned": hires}
    formset = wave_rows_formset(need=need, data=data)
    if not formset.is_valid():
        messages = [*formset.non_form_errors()]
        messages += [message for form in formset.forms for errors in form.errors.values() for message in errors]
        raise ValidationError(messages, code="waves")
    return [(wave["starts_on"], wave["hires_planned"]) for wave in formset.items()]


def wave_rows_formset(*, need: StaffingNeed, data: object = None, initial: list[dict] | None = None):
    formset_class = forms.formset_factory(WaveRowForm, formset=WaveRowFormSet, extra=2, max_num=MAX_WAVES)
    return formset_class(
        data=data, initial=initial, prefix="waves", headcount=need.headcount, start_date=need.start_date
    )
