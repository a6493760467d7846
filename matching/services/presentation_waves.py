"""A presentation's wave: moving it to another wave of its need, and keeping the person for a later wave.

Both go through the presentation workflow's rules: a move is recorded in the presentation's history with its reason,
and "keep for a later wave" is an end (withdrawn) "not for this wave" (``presentation_transition``), after which the
person is in the need's pool (``matching.wave_selectors.pool_for_need``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import RecruitingWave, StaffingNeed
from employers.wave_services import wave_date
from matching.enums import DeclineScope, PresentationStatus
from matching.models import Presentation, PresentationTransition
from matching.services.presentations import presentation_transition
from matching.wave_selectors import ruled_out_until, wave_is_eligible

Status = PresentationStatus


@transaction.atomic
def presentation_wave_move(
    *, presentation: Presentation, wave: RecruitingWave, by: User | None, reason: str
) -> Presentation:
    """Put an active presentation forward for another open wave of its need, with a seat left, that the person was
    not ruled out of; the move and its reason are recorded in the presentation's history.

    Lock order as a hire's (need, wave, presentation): a hire never counts a presentation on a wave it is leaving.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")}, code="reason")
    StaffingNeed.objects.select_for_update().get(pk=presentation.need_id)
    target = RecruitingWave.objects.select_for_update().filter(pk=wave.pk, need_id=presentation.need_id).first()
    locked = Presentation.objects.select_for_update(of=("self",)).select_related("wave").get(pk=presentation.pk)
    if target is None:
        raise ValidationError({"wave": ValidationError(_("Choose a wave of this need."), code="wave")})
    if locked.status not in Status.active():
        raise ValidationError(_("Only an active presentation changes wave."), code="not_active")
    if locked.wave_id == target.pk:
        raise ValidationError(
            {"wave": ValidationError(_("The candidate is already put forward for this wave."), code="same_wave")}
        )
    until = ruled_out_until(need=locked.need, candidate_id=locked.candidate_id)
    if not wave_is_eligible(target, ruled_out_until=until):
        message = _("The wave of %(date)s is not open to this candidate.") % {"date": wave_date(target)}
        raise ValidationError({"wave": ValidationError(message, code="wave_not_open")})
    previous = (
        _("the seats outside the waves")
        if locked.wave is None
        else _("the wave of %(date)s") % {"date": wave_date(locked.wave)}
    )
    locked.wave = target
    locked.save(update_fields=["wave"])
    note = _("Moved from %(from)s to the wave of %(to)s: %(reason)s") % {
        "from": previous,
        "to": wave_date(target),
        "reason": reason.strip(),
    }
    PresentationTransition.objects.create(
        presentation=locked, from_status=locked.status, to_status=locked.status, by=by, reason=note[:255]
    )
    return locked


def presentation_keep_for_later_wave(*, presentation: Presentation, reason: str, by: User | None) -> Presentation:
    """End an active presentation "not for this wave": withdrawn for its wave, the person kept in the pool for the
    need's later waves (a presentation without a wave is refused: there is no later wave to keep them for)."""
    return presentation_transition(
        presentation=presentation,
        to_status=Status.WITHDRAWN,
        reason=reason,
        by=by,
        decline_scope=DeclineScope.WAVE,
    )
