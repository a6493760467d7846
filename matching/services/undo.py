"""Undoing a decision of the presentation workflow: ending a hire, reopening an end, taking someone off a shortlist.

Each is a step of ``ALLOWED_TRANSITIONS`` (``matching.services.presentations``), recorded in the presentation's
history and the candidate's contact log like any other:

- a hire ends (trial period not confirmed, resignation, contract ended early): the hire stays in the history, with
  its contract and start date, as ``HIRE_ENDED``; its seat opens again. The need's ``hires_count`` always counts the
  hires that hold (``HIRED``), so it goes down whatever the need's status; a filled need opens again and is
  matched, a paused, closed or cancelled one keeps its status (its staff decided to stop recruiting: the seat is
  free, nobody is proposed for it until they open the need again). The wave's count goes down the same way
  (``employers.wave_services.wave_hire_undo``): a filled wave opens again, a closed one stays closed.
- an end without a hire (not hired, withdrawn, declined by either side) is reopened: the presentation goes back to
  the active step it left, read from its last transition;
- a shortlisted person is taken off the shortlist: withdrawn with a neutral reason, which rules them out of nothing
  (``matching.wave_selectors``: only declines do); shortlisting them again reopens the same presentation
  (``presentation_shortlist``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.enums import CandidateStatus
from candidates.models import Candidate
from employers.enums import NeedStatus
from employers.models import RecruitingWave, StaffingNeed
from employers.wave_services import wave_hire_undo
from matching.access import candidate_is_workable
from matching.enums import DeclineScope, HireEndReason, PresentationStatus
from matching.models import CohortEnrolment, Presentation, PresentationTransition
from matching.services.candidate_changes import candidate_matching_changed
from matching.services.needs import need_matching_changed, need_status_change
from matching.services.presentations import field_error, reopen_step, step_record, transition_check

Status = PresentationStatus
NOTE_MAX_LENGTH = Presentation._meta.get_field("placement_end_note").max_length


@transaction.atomic
def presentation_hire_end(
    *, presentation: Presentation, ended_on: datetime.date, reason_code: str, note: str = "", by: User | None
) -> Presentation:
    """End a hire on ``ended_on`` for ``reason_code``: its seat opens again, the hire stays in the history.

    ``ended_on`` is not in the future, nor before the hire started (or, for a hire recorded before its first day,
    before it was recorded: a person may leave before starting). "Other" needs a note.
    """
    if reason_code not in HireEndReason.values:
        raise field_error("reason_code", _("Choose why the hire ended."), code="reason_code")
    note = note.strip()
    if reason_code == HireEndReason.OTHER and not note:
        raise field_error("note", _("Explain why the hire ended."), code="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise field_error(
            "note", _("A note holds at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}, code="note"
        )
    # Lock order: need, wave, then presentation — the hire's (``presentation_hire``), so that a hire and an end on
    # the same need are counted one after the other and cannot deadlock.
    need = StaffingNeed.objects.select_for_update().get(pk=presentation.need_id)
    wave_id = Presentation.objects.filter(pk=presentation.pk).values_list("wave_id", flat=True).get()
    wave = RecruitingWave.objects.select_for_update().get(pk=wave_id) if wave_id else None
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    transition_check(locked, Status.HIRE_ENDED, undoing=True)
    if ended_on > timezone.localdate():
        raise field_error("ended_on", _("A hire cannot end in the future."), code="future")
    earliest = min(locked.hire_starts_on, timezone.localdate(locked.closed_at or timezone.now()))
    if ended_on < earliest:
        message = _("A hire cannot end before %(date)s.") % {"date": earliest.strftime("%d/%m/%Y")}
        raise field_error("ended_on", message, code="before_start")
    locked.status = Status.HIRE_ENDED
    locked.placement_ended_on, locked.placement_end_reason, locked.placement_end_note = ended_on, reason_code, note
    locked.save(update_fields=["status", "placement_ended_on", "placement_end_reason", "placement_end_note"])
    StaffingNeed.objects.filter(pk=need.pk, hires_count__gt=0).update(hires_count=F("hires_count") - 1)
    if wave is not None:
        wave_hire_undo(wave=wave)
    _candidate_unplace(locked.candidate_id, by=by)
    label = HireEndReason(reason_code).label
    step_record(locked, Status.HIRED, by, f"{label} — {note}" if note else str(label))
    need.refresh_from_db()
    if need.status == NeedStatus.FILLED and need.hires_count < need.headcount:
        # Opening the need requests its run after commit (``need_status_change``).
        need_status_change(need=need, to_status=NeedStatus.OPEN, by=by, reason=_("A hire ended"))
    elif need.status == NeedStatus.OPEN:
        need_matching_changed(need=need, by=by)
    return locked


def _candidate_unplace(candidate_id: int, *, by: User | None) -> None:
    """A placed person without another hire that holds is active again, and matched again for the open needs."""
    holds_another = Presentation.objects.filter(
        candidate_id=candidate_id, status=Status.HIRED, placement_ended_on__isnull=True
    ).exists()
    if holds_another:
        return
    placed = Candidate.objects.filter(pk=candidate_id, status=CandidateStatus.PLACED)
    if placed.update(status=CandidateStatus.ACTIVE):
        candidate_matching_changed(candidate=Candidate.objects.get(pk=candidate_id), by=by)


def _reopened_status(presentation: Presentation) -> str:
    """The active step an ended presentation left, read from the transition that ended it."""
    if CohortEnrolment.objects.filter(presentation=presentation).exists():
        raise ValidationError(
            _("A trainee who left the cohort cannot be reopened: shortlist them for another need or cohort."),
            code="left_training",
        )
    ending = (
        PresentationTransition.objects.filter(presentation=presentation, to_status=presentation.status)
        .exclude(from_status=presentation.status)
        .order_by("-at", "-pk")
        .values_list("from_status", flat=True)
        .first()
    )
    if not ending:
        raise ValidationError(
            _("This presentation's history does not say which step it left: it cannot be reopened."),
            code="no_history",
        )
    return ending


@transaction.atomic
def presentation_reopen(*, presentation: Presentation, by: User | None, reason: str = "") -> Presentation:
    """Undo an end without a hire (not hired, withdrawn, declined by either side): the presentation goes back to
    the active step it left, as if the end had not happened, and the need is matched again after commit.

    Refused when the need is not open, when the person is not active or holds a placement, or when another
    presentation of the person for this need is open.
    """
    locked = Presentation.objects.select_for_update().select_related("need", "candidate").get(pk=presentation.pk)
    if locked.status not in Status.needing_reason():
        raise ValidationError(
            _("Only a presentation that ended without a hire can be reopened; this one is “%(status)s”.")
            % {"status": locked.get_status_display()},
            code="not_reopenable",
        )
    if by is not None and not candidate_is_workable(user=by, need=locked.need, candidate=locked.candidate):
        raise ValidationError(
            _("This candidate belongs to another platform: ask their platform for them first."),
            code="hand_off_needed",
        )
    if locked.need.status != NeedStatus.OPEN:
        raise ValidationError(_("Only a presentation of an open need can be reopened."), code="need_not_open")
    if Presentation.objects.filter(
        candidate_id=locked.candidate_id, status=Status.HIRED, placement_ended_on__isnull=True
    ).exists():
        raise ValidationError(
            _("This candidate holds a placement: end that hire before reopening this presentation."), code="placed"
        )
    if locked.candidate.status != CandidateStatus.ACTIVE:
        raise ValidationError(
            _("Only an active candidate's presentation can be reopened: this candidate is “%(status)s”.")
            % {"status": locked.candidate.get_status_display()},
            code="candidate_not_active",
        )
    others = Presentation.objects.filter(need_id=locked.need_id, candidate_id=locked.candidate_id).exclude(
        pk=locked.pk
    )
    if others.filter(status__in=Status.active()).exists() or (
        locked.decline_scope == DeclineScope.WAVE and others.exclude(decline_scope=DeclineScope.WAVE).exists()
    ):
        raise ValidationError(
            _("Another presentation of this candidate for this need is open: it cannot be reopened."),
            code="duplicate",
        )
    to_status = _reopened_status(locked)
    if to_status != Status.SHORTLISTED and not locked.candidate.consents_to_presentation:
        raise ValidationError(
            _("Candidate #%(id)s has not consented to be presented to employers.") % {"id": locked.candidate_id},
            code="no_consent",
        )
    return reopen_step(locked, to_status=to_status, by=by, reason=reason or _("Reopened"))


@transaction.atomic
def presentation_unshortlist(*, presentation: Presentation, by: User | None) -> Presentation:
    """Take a shortlisted person, never presented, off the shortlist: withdrawn with a neutral reason, which rules
    them out of nothing; shortlisting them again reopens this presentation."""
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if locked.status != Status.SHORTLISTED:
        raise ValidationError(
            _("Only a shortlisted candidate, not yet presented, can be taken off the shortlist."),
            code="not_shortlisted",
        )
    transition_check(locked, Status.WITHDRAWN)
    locked.status, locked.reason, locked.closed_at = Status.WITHDRAWN, _("Taken off the shortlist"), timezone.now()
    locked.decline_scope = ""
    locked.save(update_fields=["status", "reason", "closed_at", "decline_scope"])
    step_record(locked, Status.SHORTLISTED, by, locked.reason)
    return locked
