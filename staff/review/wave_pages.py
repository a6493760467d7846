"""The waves of the review page: each wave's progress, the need's pool, and the forms that move a presentation to
another wave or keep its candidate for a later one (``staff/templates/staff/review/_waves.html`` and ``_pool.html``).

The forms only parse: ``matching.services.presentation_waves`` checks the move and the end.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from employers.enums import WaveStatus
from employers.models import StaffingNeed
from matching.models import Presentation
from matching.wave_selectors import WaveProgress, pool_for_need, wave_progress_for_need


def _presentation_choices(presentations: list[Presentation], dates: dict[int, str]) -> list[tuple[str, str]]:
    return [
        (
            str(p.pk),
            f"#{p.candidate_id} {p.candidate.first_name} {p.candidate.last_name} — {dates.get(p.wave_id, '—')}",
        )
        for p in presentations
    ]


class KeepForLaterWaveForm(forms.Form):
    """End a presentation "not for this wave": its candidate is kept in the need's pool for a later wave."""

    presentation = forms.TypedChoiceField(label=_("Candidate"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presentation"].choices = choices  # type: ignore[attr-defined]


class WaveMoveForm(KeepForLaterWaveForm):
    """Put a presentation forward for another open wave of the need."""

    wave = forms.TypedChoiceField(label=_("New wave"), coerce=int)

    def __init__(self, *args: Any, waves: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wave"].choices = waves  # type: ignore[attr-defined]


def wave_forms(
    *, progress: list[WaveProgress], presentations: list[Presentation], data: Any = None
) -> tuple[KeepForLaterWaveForm | None, WaveMoveForm | None]:
    """The two forms, offering the page's active presentations (a presentation with a wave, to keep its candidate
    for a later one) and the need's open waves (from ``progress``); none for a need without waves."""
    waves = [row for row in progress if not row.is_implicit]
    if not waves:
        return None, None
    dates = {row.wave_id: row.starts_on.strftime("%d/%m/%Y") for row in waves}
    active = [presentation for presentation in presentations if presentation.is_active]
    open_waves = [(str(row.wave_id), dates[row.wave_id]) for row in waves if row.status == WaveStatus.OPEN]
    keep = KeepForLaterWaveForm(
        data, prefix="keep", choices=_presentation_choices([p for p in active if p.wave_id], dates)
    )
    move = WaveMoveForm(data, prefix="move", choices=_presentation_choices(active, dates), waves=open_waves)
    return keep, move


def wave_context(*, need: StaffingNeed, user: User, presentations: list[Presentation]) -> dict[str, Any]:
    """What the page's wave and pool sections show: the progress per wave, the pool and the two forms, in four
    queries. ``presentations`` are the page's, with their candidates."""
    progress = wave_progress_for_need(need)
    keep_form, wave_move_form = wave_forms(progress=progress, presentations=presentations)
    return {
        "waves": progress,
        "pool": pool_for_need(need=need, user=user),
        "keep_form": keep_form,
        "wave_move_form": wave_move_form,
    }
