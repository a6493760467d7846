"""One action on many rows of a need's board: each row goes through the workflow's own service, one by one.

The whole action runs in one transaction, each row in a savepoint of its own: a row the service refuses (a
``ValidationError``) is rolled back alone and reported with the candidate's name and the service's message, while
the others are done (``matching.services.bulk_rows``, shared with the employer's bulk answers). Nothing here
decides a rule: shortlisting, answers, presentation, ends and wave moves are ``matching.services.presentations``
and ``presentation_waves``; the caller has already checked that the user may work every row
(``matching.board_selectors``).

Presenting is the one action done in two passes: each row is first tried alone in a savepoint that is always rolled
back, then the rows that passed are presented in one call, so that the employer hears of them in one notice rather
than one per person.
"""

from collections.abc import Callable, Collection, Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import Candidate
from employers.models import RecruitingWave, StaffingNeed
from matching.enums import CandidateAnswer, LinkPurpose, PresentationStatus
from matching.models import Presentation
from matching.services.bulk_rows import BulkRefusal, BulkResult, row_run
from matching.services.links import candidate_link_send
from matching.services.presentation_waves import presentation_wave_move
from matching.services.presentations import (
    presentation_answer_record,
    presentation_present,
    presentation_shortlist,
    presentation_transition,
)


class BulkAction(models.TextChoices):
    SHORTLIST = "shortlist", _("Shortlist")
    SEND_LINK = "send_link", _("Send a link to answer")
    CONTACTED = "contacted", _("Contacted, no answer yet")
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")
    PRESENT = "present", _("Present to the employer")
    DECLINE = "decline", _("Withdraw")
    MOVE_WAVE = "move_wave", _("Move to another wave")

    @classmethod
    def on_suggestions(cls) -> list[str]:
        """Actions whose rows are suggested candidates; every other one acts on presentations."""
        return [cls.SHORTLIST]

    @classmethod
    def needing_reason(cls) -> list[str]:
        return [cls.NOT_INTERESTED, cls.DECLINE, cls.MOVE_WAVE]


class _Rollback(Exception):
    """Raised to undo a savepoint whose row was only tried."""


def _name(candidate: Candidate) -> str:
    return f"{candidate.first_name} {candidate.last_name}"


def _present(result: BulkResult, presentations: Sequence[Presentation], by: User) -> None:
    passed: list[Presentation] = []
    for presentation in presentations:
        try:
            with transaction.atomic():
                presentation_present(presentations=[presentation], by=by)
                raise _Rollback
        except _Rollback:
            passed.append(presentation)
        except ValidationError as error:
            result.refusals.append(BulkRefusal(name=_name(presentation.candidate), message=" ".join(error.messages)))
    if passed:
        presentation_present(presentations=passed, by=by)
        result.done.extend(_name(presentation.candidate) for presentation in passed)


@transaction.atomic
def candidates_bulk_shortlist(*, need: StaffingNeed, candidates: Sequence[Candidate], by: User) -> BulkResult:
    """Shortlist suggested candidates for the need, each through ``presentation_shortlist``."""
    result = BulkResult(action=BulkAction.SHORTLIST)
    for candidate in candidates:
        row_run(result, _name(candidate), partial(presentation_shortlist, need=need, candidate=candidate, by=by))
    return result


def _answer(answer: str, reason: str, decline_scope: str, by: User) -> Callable[[Presentation], object]:
    return lambda p: presentation_answer_record(
        presentation=p, answer=answer, reason=reason, decline_scope=decline_scope, by=by
    )


@transaction.atomic
def presentations_bulk_apply(
    *,
    action: str,
    presentations: Sequence[Presentation],
    by: User,
    reason: str = "",
    decline_scope: str = "",
    wave: RecruitingWave | None = None,
    channels: Collection[str] = (),
) -> BulkResult:
    """Apply ``action`` to each presentation (with their candidates) through the workflow's service.

    ``reason`` goes with a "not interested" answer, an end and a wave move; ``decline_scope`` (need or wave) with an
    end; ``wave`` is the wave a move puts the rows forward for; ``channels`` (``LinkChannel``) how a proposal link is
    sent (``candidate_link_send``, which checks consent, addresses and rate limits row by row).
    """
    result = BulkResult(action=action)
    if action == BulkAction.PRESENT:
        _present(result, presentations, by)
        return result
    steps: dict[str, Callable[[Presentation], object]] = {
        BulkAction.SEND_LINK: lambda p: candidate_link_send(
            presentation=p, purpose=LinkPurpose.PROPOSAL, channels=channels, by=by
        ),
        BulkAction.CONTACTED: _answer(CandidateAnswer.CONTACTED, "", "", by),
        BulkAction.INTERESTED: _answer(CandidateAnswer.INTERESTED, "", "", by),
        BulkAction.NOT_INTERESTED: _answer(CandidateAnswer.NOT_INTERESTED, reason, decline_scope, by),
        BulkAction.DECLINE: lambda p: presentation_transition(
            presentation=p,
            to_status=PresentationStatus.WITHDRAWN,
            reason=reason,
            decline_scope=decline_scope,
            by=by,
        ),
    }
    if action == BulkAction.MOVE_WAVE:
        if wave is None:
            raise ValidationError({"wave": _("Choose a wave of this need.")}, code="wave")
        steps[action] = lambda p: presentation_wave_move(presentation=p, wave=wave, reason=reason, by=by)
    if action not in steps:
        raise ValidationError(_("Unknown action."), code="action")
    for presentation in presentations:
        row_run(result, _name(presentation.candidate), partial(steps[action], presentation))
    return result
