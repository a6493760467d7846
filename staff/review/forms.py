"""Forms of the review page: the suggestions' filters, and one form per step of the presentation workflow.

Each workflow form only parses what the user typed; the service it feeds checks the transition itself.

The page shows two or three of these forms for each presentation, about twenty for a need with a dozen shortlisted
candidates. They render through the site's form renderer, Django's own templates in Jinja2
(``config/form_renderer.py``), at a third of the Django templates' cost (docs/benchmarks.md, "Measured costs behind
the code"); ``FormMarkup`` then renders each kind of unbound form once per page.
"""

from collections.abc import Hashable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from employers.enums import ContractType
from matching.enums import CandidateAnswer, DeclineScope, PresentationStatus
from matching.models import Presentation
from matching.models.hand_offs import MESSAGE_MAX_LENGTH
from matching.review_selectors import DISTANCE_BANDS, SuggestionFilters
from matching.services.presentations import steps_forward

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class SuggestionFilterForm(forms.Form):
    proposed = forms.ChoiceField(
        label=_("Proposed"),
        required=False,
        # "on" keeps the addresses of the former "Proposed only" box working.
        choices=[("", _("Proposed or not")), ("on", _("Proposed only")), ("no", _("Not proposed only"))],
    )
    wave = forms.TypedChoiceField(label=_("Wave"), required=False, coerce=int, empty_value=None, choices=[])
    training = forms.BooleanField(label=_("Training needed only"), required=False)
    min_score = forms.DecimalField(
        label=_("Minimum score"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    distance = forms.ChoiceField(
        label=_("Distance"),
        required=False,
        choices=[("", _("Any distance")), *((key, label) for key, label, _lower, _upper in DISTANCE_BANDS)],
    )

    def __init__(self, *args: Any, waves: dict[int, date] | None = None, **kwargs: Any) -> None:
        """``waves``: the need's waves' start dates by id; without any, the wave filter is not offered."""
        super().__init__(*args, **kwargs)
        if waves:
            self.fields["wave"].choices = [
                ("", _("Any wave")),
                *((wave_id, date_format(starts_on, "SHORT_DATE_FORMAT")) for wave_id, starts_on in waves.items()),
            ]
        else:
            del self.fields["wave"]

    def filters(self) -> SuggestionFilters:
        """The filters asked for; none when the form is invalid (its errors are shown)."""
        if not self.is_valid():
            return SuggestionFilters()
        min_score = self.cleaned_data["min_score"]
        return SuggestionFilters(
            proposed_only=self.cleaned_data["proposed"] == "on",
            not_proposed_only=self.cleaned_data["proposed"] == "no",
            wave_id=self.cleaned_data.get("wave"),
            training_only=self.cleaned_data["training"],
            min_score=None if min_score is None else int(min_score * 100),
            distance_band=self.cleaned_data["distance"],
        )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Candidate's answer"),
        choices=[(value, label) for value, label in CandidateAnswer.choices if value != CandidateAnswer.NOT_CONTACTED],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=255,
        help_text=_("Required when the candidate is not interested."),
    )
    decline_scope = forms.ChoiceField(
        label=_("Not interested in"), choices=DeclineScope.choices, initial=DeclineScope.NEED, required=False
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("answer") == CandidateAnswer.NOT_INTERESTED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the candidate is not interested."))
        return cleaned


class InterviewScheduleForm(forms.Form):
    interview_at = forms.DateTimeField(
        label=_("Interview date and time"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class HireForm(forms.Form):
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    contract_duration_months = forms.IntegerField(
        label=_("CDD length (months)"), required=False, min_value=1, max_value=60
    )
    starts_on = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("contract_type") == ContractType.CDD and not cleaned.get("contract_duration_months"):
            self.add_error("contract_duration_months", _("A CDD hire records its length in months."))
        return cleaned


class HandOffRequestForm(forms.Form):
    """Asking another platform for one of its candidates (the review page writes its field in each card)."""

    message = forms.CharField(
        label=_("Message to the candidate's platform"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you ask for this candidate.")},
    )


class HandOffAcceptForm(forms.Form):
    candidate_agreed = forms.BooleanField(
        label=_("I contacted the person, who agrees to be presented by the other platform for this need"),
        error_messages={"required": _("Contact the person first: accept only once they have agreed.")},
    )


class HandOffDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=255, error_messages={"required": _("Give the reason of the decline.")}
    )


class EndForm(forms.Form):
    """Not hired, withdrawn, declined by the employer or by the candidate: the ends that need a reason."""

    to_status = forms.ChoiceField(label=_("Outcome"))
    reason = forms.CharField(label=_("Reason"), max_length=255)
    # "Not for this wave" keeps the person in the need's pool for a later wave (presentation_transition checks it).
    decline_scope = forms.ChoiceField(
        label=_("Ruled out for"), choices=DeclineScope.choices, initial=DeclineScope.NEED, required=False
    )

    def __init__(self, *args: Any, presentation: Presentation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A trainee leaves through the cohort's own steps (the page's cohorts), which free the seat.
        is_trainee = presentation.status == PresentationStatus.IN_TRAINING
        allowed = set() if is_trainee else steps_forward(presentation.status)
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (status.value, status.label)
            for status in PresentationStatus
            if status in allowed and status in PresentationStatus.needing_reason()
        ]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["to_status"].choices)  # type: ignore[attr-defined]


class FormMarkup:
    """The markup of one page's workflow forms, each kind of unbound form rendered once and copied under each prefix.

    On one page, two unbound forms of the same kind differ only by their prefix, as long as ``kind`` names whatever
    else shapes them (the end form's outcomes follow the presentation's status; the hire form's initial values come
    from the page's need). The first form of a kind is rendered; the others are its markup with their own prefix in
    place of its prefix, which only ever appears in names, ids and ``for`` attributes. A bound form, with what the
    user typed and its errors, is always rendered for itself.
    """

    def __init__(self) -> None:
        self._first: dict[Hashable, tuple[str, str]] = {}

    def as_div(self, form: forms.Form | None, kind: Hashable) -> SafeString | None:
        if form is None:
            return None
        if form.is_bound or form.prefix is None:
            return form.as_div()
        if kind not in self._first:
            self._first[kind] = (f"{form.prefix}-", str(form.as_div()))
            return mark_safe(self._first[kind][1])  # noqa: S308  # the form's own rendered markup
        prefix, markup = self._first[kind]
        return mark_safe(markup.replace(prefix, f"{form.prefix}-"))  # noqa: S308  # only the prefix changes
