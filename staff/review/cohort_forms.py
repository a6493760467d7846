"""Forms of the review page's training cohorts: a trainee's enrolment, attendance and leaving, a cohort's status.

A cohort's own details are typed in ``employers.cohort_forms.CohortForm``, shared with the portal. Each form only
parses what was typed; ``matching.services.cohorts`` and ``employers.cohorts`` check the step itself.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.cohorts import COHORT_TRANSITIONS
from employers.enums import CohortStatus
from employers.models import TrainingCohort
from matching.enums import DropOutReason
from matching.models import Presentation
from matching.services.cohorts import MAX_DAYS
from matching.services.employer_answers import COMMENT_MAX_LENGTH


class EnrolForm(forms.Form):
    presentation = forms.TypedChoiceField(
        label=_("Presented candidate"),
        coerce=int,
        error_messages={"required": _("Choose the candidate to enrol.")},
    )

    def __init__(self, *args: Any, presentations: list[Presentation], **kwargs: Any) -> None:
        """``presentations``: those that may be enrolled, their candidates loaded (read once for the whole page)."""
        super().__init__(*args, **kwargs)
        self._presentations = {presentation.pk: presentation for presentation in presentations}
        self.fields["presentation"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (
                    presentation.pk,
                    f"#{presentation.candidate_id} {presentation.candidate.first_name} "
                    f"{presentation.candidate.last_name} ({presentation.get_status_display()})",
                )
                for presentation in presentations
            ),
        ]

    def clean_presentation(self) -> Presentation:
        return self._presentations[self.cleaned_data["presentation"]]


class AttendanceForm(forms.Form):
    days_attended = forms.IntegerField(label=_("Days attended"), min_value=0, max_value=MAX_DAYS)
    days_missed = forms.IntegerField(label=_("Days missed"), min_value=0, max_value=MAX_DAYS)


class DropOutForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for leaving"), choices=[("", "—"), *DropOutReason.choices])
    comment = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX_LENGTH, required=False)


def next_statuses(cohort: TrainingCohort) -> list[tuple[str, str]]:
    """The statuses a cohort may go to next, as (value, label), in the enum's order."""
    allowed = COHORT_TRANSITIONS.get(cohort.status, set())
    return [(status.value, status.label) for status in CohortStatus if status in allowed]
