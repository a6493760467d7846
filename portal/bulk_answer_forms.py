"""The form of a need's page that answers many presented candidates at once (``portal.bulk_answer_views``).

It only parses what was typed: the candidates ticked (among those the page offers), the action, the slots of an
interview (as the single answer's ``SlotsProposeForm``) or the reason of a decline. The service
(``matching.services.employer_bulk``) checks each row through the workflow.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.employer_bulk_selectors import employer_visible_names
from matching.employer_selectors import PresentedProfile
from matching.enums import EmployerDeclineReason, PresentationStatus
from matching.services.employer_answers import COMMENT_MAX_LENGTH
from matching.services.employer_bulk import EmployerBulkAction
from portal.answer_forms import SlotsProposeForm

PREFIX = "bulk"
# The states an answer to many can act on: a first answer, or slots for an interview already requested.
ANSWERABLE = (PresentationStatus.PRESENTED, PresentationStatus.INTERVIEW_REQUESTED)


def answerable_profiles(profiles: Iterable[PresentedProfile]) -> list[PresentedProfile]:
    return [profile for profile in profiles if profile.status in ANSWERABLE]


class BulkAnswerForm(SlotsProposeForm):
    """Ticked candidates, an action, and the slots (interview) or the reason and comment (decline)."""

    presentations = forms.TypedMultipleChoiceField(
        label=_("Candidates ticked"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(
        label=_("What do you answer for the candidates ticked?"),
        choices=EmployerBulkAction.choices,
        widget=forms.RadioSelect,
    )
    reason_code = forms.ChoiceField(
        label=_("Why do you decline these candidates?"),
        choices=EmployerDeclineReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is “Other”. Speak about the job, never about the person."),
    )

    def __init__(self, *args: Any, profiles: Iterable[PresentedProfile], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", PREFIX)
        super().__init__(*args, **kwargs)
        offered = answerable_profiles(profiles)
        names = employer_visible_names(profiles=offered)
        self.fields["presentations"].choices = [  # type: ignore[attr-defined]
            (profile.presentation_id, f"{names[profile.presentation_id]} — {profile.status_label}")
            for profile in offered
        ]

    def clean(self) -> dict[str, Any]:
        action = self.cleaned_data.get("action")
        if action == EmployerBulkAction.INTERVIEW:
            return super().clean()
        cleaned = self.cleaned_data
        if action == EmployerBulkAction.DECLINE:
            if not cleaned.get("reason_code"):
                self.add_error("reason_code", _("Choose a reason."))
            elif cleaned["reason_code"] == EmployerDeclineReason.OTHER and not cleaned.get("comment", "").strip():
                self.add_error("comment", _("Explain the reason in the comment."))
        return cleaned
