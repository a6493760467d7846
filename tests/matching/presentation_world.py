"""Builders for the presentation workflow tests: presentations put straight into a status, as the services leave them.

A presentation written here satisfies every database constraint of its status (a reason for the ends that need
one, a contract and dates for a hire), and its candidate has consented and said they are interested, so the only
thing a service call can object to is the transition itself.
"""

import datetime
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from candidates.models import Candidate
from employers.enums import CohortStatus, ContractType
from employers.models import StaffingNeed
from matching.enums import CandidateAnswer, HireEndReason, PresentationStatus
from matching.models import CohortEnrolment, Presentation
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.presentations import presentation_hire
from tests.candidates.factories import CandidateFactory
from tests.employers.factories import StaffingNeedFactory, TrainingCohortFactory

Status = PresentationStatus
REASON = "Le poste ne correspond plus à son projet."
STARTS_ON = datetime.date(2027, 1, 4)
PRESENTED_OR_LATER = {
    Status.PRESENTED,
    Status.INTERVIEW_REQUESTED,
    Status.INTERVIEW_SCHEDULED,
    Status.IN_TRAINING,
    Status.HIRED,
    Status.NOT_HIRED,
    Status.DECLINED_BY_EMPLOYER,
}
INTERVIEWED = {Status.INTERVIEW_SCHEDULED, Status.HIRED, Status.NOT_HIRED}


HIRE_END_REASON = HireEndReason.TRIAL_NOT_CONFIRMED


def presentation_in(
    status: str, *, need: StaffingNeed | None = None, candidate: Candidate | None = None, **fields
) -> Presentation:
    """A presentation written directly in ``status``, with the fields that status requires."""
    need = need or StaffingNeedFactory(open=True)
    candidate = candidate or CandidateFactory(presentable=True, platform=need.employer.platform)
    now = timezone.now()
    values: dict[str, object] = {"candidate_answer": CandidateAnswer.INTERESTED}
    if status in PRESENTED_OR_LATER:
        values["presented_at"] = now
    if status in INTERVIEWED:
        values["interview_at"] = now + datetime.timedelta(days=2)
    if status in Status.needing_reason():
        values["reason"] = REASON
    if status not in Status.active():
        values["closed_at"] = now
    if status in (Status.HIRED, Status.HIRE_ENDED):
        values.update(
            contract_type=ContractType.CDI, hire_starts_on=STARTS_ON, follow_up_due_on=STARTS_ON + FOLLOW_UP_AFTER
        )
    if status == Status.HIRE_ENDED:
        values.update(placement_ended_on=STARTS_ON + datetime.timedelta(days=20), placement_end_reason=HIRE_END_REASON)
    values.update(fields)
    presentation = Presentation.objects.create(need=need, candidate=candidate, status=status, **values)
    if status == Status.IN_TRAINING:
        # A trainee holds a seat of one of the need's cohorts, as ``cohort_enrol`` leaves them.
        cohort = TrainingCohortFactory(need=need, status=CohortStatus.RUNNING, seats_taken=1)
        CohortEnrolment.objects.create(presentation=presentation, cohort=cohort)
    return presentation


def row(presentation: Presentation) -> dict[str, object]:
    """Every stored field of a presentation, to compare before and after a refused call."""
    return Presentation.objects.filter(pk=presentation.pk).values().get()


def hire_all_at_once(presentations: list[Presentation], *, by, timeout: float = 60) -> list[tuple[str, str]]:
    """Call ``presentation_hire`` for every presentation, each in its own thread, all released together.

    Returns one (code, English message) per presentation, in order; ("hired", "") for a success. Each thread
    closes its own database connection when it is done.
    """
    barrier = Barrier(len(presentations))

    def hire(presentation: Presentation) -> tuple[str, str]:
        try:
            with translation.override("en"):
                barrier.wait(timeout=timeout)
                try:
                    presentation_hire(
                        presentation=presentation, contract_type=ContractType.CDI, starts_on=STARTS_ON, by=by
                    )
                except ValidationError as error:
                    return str(error.code), error.messages[0]
                return "hired", ""
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(presentations)) as pool:
        futures = [pool.submit(hire, presentation) for presentation in presentations]
        return [future.result(timeout=timeout) for future in futures]
