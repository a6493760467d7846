"""Forms of the review page that undo a decision or record the six-month check.

Each only parses what the user typed; the service it feeds (``matching.services.undo``,
``matching.services.follow_ups``) checks the dates and the step itself. The admin's and the API's doors use the
same fields, so the same words reach the user whichever door they come through.
"""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.enums import FollowUpResult, HireEndReason
from matching.models import Presentation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def form_prefix(presentation: Presentation, kind: str) -> str:
    """The prefix of a presentation's form of ``kind``: unique per presentation, so many live on one page (the
    review page's other forms are named the same way)."""
    return f"p{presentation.pk}-{kind}"


class HireEndForm(forms.Form):
    """A hire that ends: the day, why, and a comment ("other" needs one)."""

    ended_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    reason_code = forms.ChoiceField(label=_("Why the hire ended"), choices=HireEndReason.choices)
    note = forms.CharField(
        label=_("Comment"),
        max_length=Presentation._meta.get_field("placement_end_note").max_length,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen it"), max_length=255, required=False)


class FollowUpForm(forms.Form):
    """The six-month check: what the person does now, the day they were reached (or tried), and a note."""

    result = forms.ChoiceField(label=_("Six-month check"), choices=FollowUpResult.choices)
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        max_length=Presentation._meta.get_field("follow_up_note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facts about the work situation only: nothing about health, family or origin."),
    )

    def __init__(self, *args: Any, presentation: Presentation | None = None, **kwargs: Any) -> None:
        initial: dict[str, object] = {"checked_on": timezone.localdate()}
        if presentation is not None and presentation.follow_up_result:
            initial |= {
                "result": presentation.follow_up_result,
                "checked_on": presentation.follow_up_checked_on,
                "note": presentation.follow_up_note,
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
