"""The programme's outcomes: the six-month check of a hire or of an entry into training, and outcomes recorded
without an employer of the platform (an entry into training elsewhere, a business created).

The six-month check is the programme's key indicator: is the person still in work six months after the solution
started? It is recorded once the advisor has asked (``FollowUpResult``), with the date of the check and a note;
recording it stops the reminders (``notifications.follow_ups`` waits for ``followed_up_at``). A hire that ended
since is followed up too: the person may be in work elsewhere.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from matching.enums import FollowUpResult, OutcomeKind
from matching.models import Outcome, Presentation
from matching.models.cohorts import FOLLOWED_UP
from matching.models.presentations import FOLLOW_UP_AFTER
from matching.services.presentations import field_error, step_record


def still_in_work(result: str) -> bool | None:
    """The yes-or-no answer a result gives: in work (here or elsewhere), not in work (training is not work), or not
    known when the person was not reached."""
    if result == FollowUpResult.NOT_REACHED:
        return None
    return result in FollowUpResult.in_work()


def solution_started_on(presentation: Presentation) -> datetime.date | None:
    """When the followed-up solution started: the hire's first day, or the training cohort's (six months before the
    check falls due, as the hire and the enrolment set it)."""
    if presentation.hire_starts_on is not None:
        return presentation.hire_starts_on
    if presentation.follow_up_due_on is not None:
        return presentation.follow_up_due_on - FOLLOW_UP_AFTER
    return None


@transaction.atomic
def presentation_follow_up_record(
    *, presentation: Presentation, result: str, checked_on: datetime.date, note: str = "", by: User | None
) -> Presentation:
    """Record the six-month check of a hire (ended since or not) or of an entry into a training cohort.

    ``checked_on`` is the day the advisor reached the person (or tried to): not before the solution started, nor in
    the future. Recording it again corrects it; each record is a step of the presentation's history.
    """
    if result not in FollowUpResult.values:
        raise field_error("result", _("Unknown result."), code="result")
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if not Presentation.objects.filter(FOLLOWED_UP, pk=locked.pk).exists():
        raise ValidationError(_("Only a hire or an entry into training is followed up."), code="not_hired")
    if checked_on > timezone.localdate():
        raise field_error("checked_on", _("A check cannot be dated in the future."), code="future")
    started_on = solution_started_on(locked)
    if started_on is not None and checked_on < started_on:
        message = _("A check cannot be dated before the start, on %(date)s.") % {
            "date": started_on.strftime("%d/%m/%Y")
        }
        raise field_error("checked_on", message, code="before_start")
    note = note.strip()
    if len(note) > Presentation._meta.get_field("follow_up_note").max_length:
        raise field_error("note", _("The note is too long."), code="note")
    locked.follow_up_result, locked.follow_up_checked_on, locked.follow_up_note = result, checked_on, note
    locked.still_in_work, locked.followed_up_at = still_in_work(result), timezone.now()
    locked.save(
        update_fields=["follow_up_result", "follow_up_checked_on", "follow_up_note", "still_in_work", "followed_up_at"]
    )
    label = FollowUpResult(result).label
    step_record(locked, locked.status, by, _("Six-month check: %(result)s") % {"result": label})
    return locked


def outcome_record(
    *, candidate: Candidate, kind: str, description: str, starts_on: datetime.date, by: User | None
) -> Outcome:
    """An outcome without an employer of the platform, such as entry into training."""
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": _("Unknown kind of outcome.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the outcome.")})
    return Outcome.objects.create(
        candidate=candidate, kind=kind, description=description.strip(), starts_on=starts_on, recorded_by=by
    )
