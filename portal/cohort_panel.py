"""The training cohorts' part of a need's page in the portal: each cohort's gauge, its trainees as the presented
profiles the page already shows (pseudonymised until an interview is accepted, never a sensitive situation), and
the forms to plan or change a cohort.
"""

from dataclasses import dataclass, field

from django.forms import Form

from employers.cohort_forms import CohortForm
from employers.cohorts import CLOSED_NEED_STATUSES
from employers.enums import CohortStatus
from employers.models import StaffingNeed, TrainingCohort
from matching.cohort_selectors import cohort_list_for_need, trainee_presentation_ids
from matching.employer_selectors import PresentedProfile

NEW = 0


@dataclass(frozen=True)
class CohortBound:
    """A posted cohort form shown again: the cohort's id (``NEW`` for a new one) and the form."""

    cohort_id: int
    form: Form


@dataclass
class CohortCard:
    cohort: TrainingCohort
    edit_form: CohortForm | None
    trainees: list[PresentedProfile] = field(default_factory=list)


@dataclass
class CohortPanel:
    cards: list[CohortCard]
    create_form: CohortForm | None


def cohort_panel(*, need: StaffingNeed, profiles: list[PresentedProfile], bound: CohortBound | None) -> CohortPanel:
    """The need's cohorts for its employer; ``profiles`` are the page's presented profiles (``trainees`` is those of
    each cohort's people still enrolled or who completed it)."""

    def form(cohort_id: int, build) -> CohortForm:
        return bound.form if bound is not None and bound.cohort_id == cohort_id else build()  # type: ignore[return-value]

    is_open = need.status not in CLOSED_NEED_STATUSES
    by_presentation = {profile.presentation_id: profile for profile in profiles}
    cohorts = cohort_list_for_need(need=need)
    trainees = trainee_presentation_ids(need=need) if cohorts else {}
    cards = [
        CohortCard(
            cohort=cohort,
            edit_form=form(cohort.pk, lambda c=cohort: CohortForm.for_cohort(c, prefix=f"cohort{c.pk}"))
            if is_open and cohort.status in CohortStatus.enrollable()
            else None,
            trainees=[by_presentation[pk] for pk in trainees.get(cohort.pk, []) if pk in by_presentation],
        )
        for cohort in cohorts
    ]
    return CohortPanel(
        cards=cards, create_form=form(NEW, lambda: CohortForm(prefix="cohort-new")) if is_open else None
    )
