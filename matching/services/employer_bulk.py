"""The employer's answer to many presented candidates at once: interviews with the same slots, or one decline.

Each row goes through the service the single answer uses (``matching.services.employer_answers``), in a savepoint
of one transaction (``matching.services.bulk_rows``): a row the workflow refuses (already answered, another
employer's, ended…) is reported with the name the employer sees (a pseudonym until the identity is revealed), the
others are done. The slots and the reason are checked once before any row, so that a typing error refuses the
action as a whole, with the field it concerns, rather than every row.
"""

from collections.abc import Mapping, Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from matching.enums import EmployerDeclineReason, PresentationStatus
from matching.models import Presentation
from matching.services import employer_answers
from matching.services.bulk_rows import BulkResult, row_run
from matching.services.employer_answers import SlotProposal


class EmployerBulkAction(models.TextChoices):
    INTERVIEW = "interview", _("Ask for interviews, with the same slots")
    DECLINE = "decline", _("Decline")


def _interview(presentation: Presentation, slots: Sequence[SlotProposal], by: User) -> None:
    """A presented candidate: the interview is requested with the slots; one whose interview is already requested
    and accepted gets the slots proposed. Any other state is refused by the service the step goes through."""
    if presentation.status == PresentationStatus.INTERVIEW_REQUESTED:
        employer_answers.interview_slots_propose(presentation=presentation, slots=slots, by=by)
    else:
        employer_answers.presentation_interview_request(presentation=presentation, slots=slots, by=by)


@transaction.atomic
def presentations_employer_bulk_answer(
    *,
    action: str,
    presentations: Sequence[Presentation],
    names: Mapping[int, str],
    by: User,
    slots: Sequence[SlotProposal] = (),
    reason_code: str = "",
    comment: str = "",
) -> BulkResult:
    """Answer each presentation the same way; ``names`` gives, by presentation id, the name the employer sees.

    ``slots`` go with an interview (one to three, each row gets its own copies), ``reason_code``
    (``EmployerDeclineReason``) and ``comment`` with a decline.
    """
    if action == EmployerBulkAction.INTERVIEW:
        if not slots:
            raise ValidationError({"slots": _("Propose at least one interview slot.")}, code="no_slot")
        checked = employer_answers.checked_slots(slots, timezone.now())
        step = partial(_interview, slots=checked, by=by)
    elif action == EmployerBulkAction.DECLINE:
        employer_answers.checked_reason(reason_code=reason_code, comment=comment, choices=EmployerDeclineReason)

        def step(presentation: Presentation) -> None:
            employer_answers.presentation_employer_decline(
                presentation=presentation, reason_code=reason_code, comment=comment, by=by
            )

    else:
        raise ValidationError({"action": _("Unknown action.")}, code="action")
    result = BulkResult(action=action)
    for presentation in presentations:
        name = names.get(presentation.pk) or str(presentation.pk)
        row_run(result, name, partial(step, presentation), row_id=presentation.pk)
    return result
