"""Forms of a need's review board: its filters, the action on the ticked rows, and an entry of a contact log.

They only parse what was sent; the board's selectors find the rows (404 for one the user may not work) and the
workflow's services decide each row.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import RecruitingWave
from matching.board_selectors import STATE_LABELS
from matching.enums import ContactKind, DeclineScope, LinkChannel
from matching.models import ContactEntry
from matching.models.contacts import NOTE_MAX_LENGTH
from matching.services.bulk import BulkAction
from matching.services.contacts import STAFF_KINDS


def _wave_choices(waves: list[RecruitingWave]) -> list[tuple[str, str]]:
    return [(str(wave.pk), wave.starts_on.strftime("%d/%m/%Y")) for wave in waves]


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", ""), *STATE_LABELS.items()])
    wave = forms.TypedChoiceField(label=_("Wave"), required=False, coerce=int, empty_value=None, choices=[])
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, waves: list[RecruitingWave], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].choices = [("", _("Every wave")), *_wave_choices(waves)]  # type: ignore[attr-defined]


class RowIdsField(forms.MultipleChoiceField):
    """The ticked rows' ids: any positive integers (the selector then finds them, or answers 404)."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()

    def clean(self, value: Any) -> list[int]:
        return [int(item) for item in super().clean(value)]


class BoardActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=BulkAction.choices)
    ids = RowIdsField(
        label=_("Rows"), error_messages={"required": _("Tick at least one row.")}, widget=forms.MultipleHiddenInput
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
    decline_scope = forms.ChoiceField(
        label=_("Ruled out for"), choices=DeclineScope.choices, required=False, initial=DeclineScope.NEED
    )
    wave = forms.TypedChoiceField(label=_("New wave"), required=False, coerce=int, empty_value=None, choices=[])
    channels = forms.MultipleChoiceField(
        label=_("Send the link by"),
        choices=LinkChannel.choices,
        required=False,
        initial=[LinkChannel.EMAIL],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, waves: list[RecruitingWave], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].choices = [("", "—"), *_wave_choices(waves)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        action = data.get("action")
        if action in BulkAction.needing_reason() and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason."))
        if action == BulkAction.SEND_LINK and not data.get("channels"):
            self.add_error("channels", _("Choose e-mail, SMS or both."))
        if action == BulkAction.MOVE_WAVE and data.get("wave") is None:
            self.add_error("wave", _("Choose a wave of this need."))
        return data

    def errors_as_text(self) -> list[str]:
        return [
            f"{self.fields[name].label}: {' '.join(map(str, errors))}"
            if name in self.fields
            else " ".join(map(str, errors))
            for name, errors in self.errors.items()
        ]


class ContactEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(kind, ContactKind(kind).label) for kind in STAFF_KINDS], initial=ContactKind.CALL
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ContactEntry._meta.get_field("note").help_text,
    )
