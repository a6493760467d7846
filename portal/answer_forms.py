"""Forms of the employer's answers to presented candidates, and of their e-mail settings.

Each form only parses what was typed; the service it feeds (``matching.services.employer_answers``) checks the step
itself and its rules. Radio groups render as fieldsets with a legend; errors are linked to their fields by Django's
``aria-describedby``.
"""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from employers.enums import ContractType
from matching.enums import EmployerDeclineReason, NoHireReason
from matching.models import InterviewSlot
from matching.services.employer_answers import COMMENT_MAX_LENGTH, MAX_SLOTS, SlotProposal

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
PLACE_MAX_LENGTH = 200


class _ReasonForm(forms.Form):
    """A structured reason and a comment, required when the reason is "other"."""

    reason_code = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is “Other”. Speak about the job, never about the person."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason_code") == "other" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Explain the reason in the comment."))
        return cleaned


class DeclineForm(_ReasonForm):
    reason_code = forms.ChoiceField(
        label=_("Why do you decline this candidate?"), choices=EmployerDeclineReason.choices, widget=forms.RadioSelect
    )


class NoHireForm(_ReasonForm):
    reason_code = forms.ChoiceField(
        label=_("Why did the interview not lead to a hire?"), choices=NoHireReason.choices, widget=forms.RadioSelect
    )


class SlotsProposeForm(forms.Form):
    """One to three slots, each a date and time and a place or means; empty rows are ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_SLOTS + 1):
            self.fields[f"starts_at_{number}"] = forms.DateTimeField(
                label=_("Slot %(number)d: date and time") % {"number": number},
                required=False,
                input_formats=[DATETIME_LOCAL],
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            )
            self.fields[f"place_{number}"] = forms.CharField(
                label=_("Slot %(number)d: place or means") % {"number": number},
                required=False,
                max_length=PLACE_MAX_LENGTH,
                help_text=_("An address, “by phone” or a video-call link.") if number == 1 else "",
            )

    @property
    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"starts_at_{number}"], self[f"place_{number}"]) for number in range(1, MAX_SLOTS + 1)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        now = timezone.now()
        filled = 0
        for number in range(1, MAX_SLOTS + 1):
            starts_at, place = cleaned.get(f"starts_at_{number}"), (cleaned.get(f"place_{number}") or "").strip()
            if f"starts_at_{number}" in self.errors:
                filled += 1
                continue
            if starts_at is None and not place:
                continue
            filled += 1
            if starts_at is None:
                self.add_error(f"starts_at_{number}", _("Give the date and time of this slot."))
            elif starts_at <= now:
                self.add_error(f"starts_at_{number}", _("Choose a date and time in the future."))
            if not place:
                self.add_error(f"place_{number}", _("Give the place or means of this slot."))
        if not filled:
            self.add_error("starts_at_1", _("Propose at least one interview slot."))
        return cleaned

    def slots(self) -> list[SlotProposal]:
        return [
            SlotProposal(
                starts_at=self.cleaned_data[f"starts_at_{number}"], place=self.cleaned_data[f"place_{number}"]
            )
            for number in range(1, MAX_SLOTS + 1)
            if self.cleaned_data.get(f"starts_at_{number}") is not None
        ]


class SlotConfirmForm(forms.Form):
    """The slot agreed with the candidate, among those proposed (given by the view: no query of its own)."""

    slot = forms.TypedChoiceField(
        label=_("Which slot did the candidate agree to?"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, slots: list[InterviewSlot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots_by_pk = {slot.pk: slot for slot in slots}
        self.fields["slot"].choices = [  # type: ignore[attr-defined]
            (slot.pk, f"{date_format(timezone.localtime(slot.starts_at), 'SHORT_DATETIME_FORMAT')} — {slot.place}")
            for slot in slots
        ]

    def chosen_slot(self) -> InterviewSlot:
        return self.slots_by_pk[self.cleaned_data["slot"]]


class HireForm(forms.Form):
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    contract_duration_months = forms.IntegerField(
        label=_("CDD length (months)"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Only for a CDD."),
    )
    starts_on = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("contract_type") == ContractType.CDD and not cleaned.get("contract_duration_months"):
            self.add_error("contract_duration_months", _("A CDD hire records its length in months."))
        return cleaned
