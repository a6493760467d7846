"""Writes on a need's recruiting waves: their plan, kept in place, and their hires.

A wave's row lives as long as the need plans it: saving the need's waves updates the rows in place (their ids, hires
and presentations stay), adds the new ones and removes only a wave that nothing belongs to yet. Seats the waves do
not plan form the need's implicit wave, which starts at the need's start date and has no row.

A wave's ``hires_count`` changes only here, called by the hiring service under the need's and the wave's row locks;
a database constraint keeps it within ``hires_planned``. A wave is filled with its last hire and open again when a
hire is undone; a closed wave stays closed.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from employers.enums import WaveStatus
from employers.models import RecruitingWave, StaffingNeed


def wave_date(wave: RecruitingWave) -> str:
    """How messages name a wave: by its start date, which is unique within the need."""
    return wave.starts_on.strftime("%d/%m/%Y")


def _status_for(wave: RecruitingWave) -> str:
    if wave.status == WaveStatus.CLOSED:
        return WaveStatus.CLOSED
    return WaveStatus.FILLED if wave.hires_count >= wave.hires_planned else WaveStatus.OPEN


def _pair_rows(
    rows: list[RecruitingWave], planned: list[tuple[datetime.date, int]]
) -> tuple[list[tuple[RecruitingWave | None, datetime.date, int]], list[RecruitingWave]]:
    """Each planned wave with the row it keeps: the row of the same date, else the next unpaired row in date order.

    Returns the pairs (``None`` for a new wave) and the rows left over, which the plan removes.
    """
    by_date = {row.starts_on: row for row in rows}
    paired_ids = {by_date[starts_on].pk for starts_on, _hires in planned if starts_on in by_date}
    unpaired = [row for row in rows if row.pk not in paired_ids]
    pairs: list[tuple[RecruitingWave | None, datetime.date, int]] = []
    for starts_on, hires in planned:
        row = by_date.get(starts_on) or (unpaired.pop(0) if unpaired else None)
        pairs.append((row, starts_on, hires))
    return pairs, unpaired


@transaction.atomic
def need_waves_save(*, need: StaffingNeed, waves: Iterable[tuple[datetime.date, int]]) -> list[RecruitingWave]:
    """Make the need's waves the ``waves`` given as (start date, people planned), checked by ``WaveRowFormSet``.

    Rows are kept in place: a wave keeps its id, hires, status and presentations when its date or headcount changes.
    A wave that has hires or presentations cannot be removed, nor planned for fewer people than it hired; the
    refusal names the wave. The need's row is locked first, as every change of the need locks it.
    """
    StaffingNeed.objects.select_for_update().only("pk").get(pk=need.pk)
    planned = sorted(waves)
    rows = list(RecruitingWave.objects.select_for_update().filter(need=need).order_by("starts_on", "pk"))
    pairs, removed = _pair_rows(rows, planned)
    errors = []
    held = set(
        RecruitingWave.objects.filter(pk__in=[row.pk for row in removed], presentations__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for row in removed:
        if row.hires_count or row.pk in held:
            errors.append(
                _("The wave of %(date)s cannot be removed: candidates are already put forward or hired for it.")
                % {"date": wave_date(row)}
            )
    for row, _starts_on, hires in pairs:
        if row is not None and hires < row.hires_count:
            errors.append(
                _("The wave of %(date)s already has %(hires)d hire(s): it cannot plan fewer people.")
                % {"date": wave_date(row), "hires": row.hires_count}
            )
    if errors:
        raise ValidationError(errors, code="wave_in_use")
    RecruitingWave.objects.filter(pk__in=[row.pk for row in removed]).delete()
    saved = []
    for row, starts_on, hires in pairs:
        if row is None:
            row = RecruitingWave(need=need, starts_on=starts_on, hires_planned=hires)
        else:
            row.starts_on, row.hires_planned = starts_on, hires
        row.status = _status_for(row)
        row.save()
        saved.append(row)
    return saved


def wave_hire_add(*, wave: RecruitingWave) -> RecruitingWave:
    """Count one more hire on ``wave``, locked by the caller; the wave is filled with its last seat.

    A closed wave, or one whose people are all hired, refuses the hire; the database constraint refuses it too when
    a caller forgot the lock.
    """
    if wave.status == WaveStatus.CLOSED:
        raise ValidationError(
            _("The wave of %(date)s is closed: it records no more hires.") % {"date": wave_date(wave)},
            code="wave_closed",
        )
    if wave.hires_count >= wave.hires_planned:
        raise ValidationError(_wave_full_message(wave), code="wave_full")
    try:
        with transaction.atomic():
            RecruitingWave.objects.filter(pk=wave.pk).update(
                hires_count=F("hires_count") + 1,
                status=Case(
                    When(hires_count__gte=F("hires_planned") - 1, then=Value(WaveStatus.FILLED)),
                    default=F("status"),
                ),
            )
    except IntegrityError as error:
        raise ValidationError(_wave_full_message(wave), code="wave_full") from error
    wave.refresh_from_db(fields=["hires_count", "status"])
    return wave


def wave_hire_undo(*, wave: RecruitingWave) -> RecruitingWave:
    """Count one hire less on ``wave``, locked by the caller; a filled wave is open again."""
    RecruitingWave.objects.filter(pk=wave.pk, hires_count__gt=0).update(
        hires_count=F("hires_count") - 1,
        status=Case(When(status=WaveStatus.FILLED, then=Value(WaveStatus.OPEN)), default=F("status")),
    )
    wave.refresh_from_db(fields=["hires_count", "status"])
    return wave


def _wave_full_message(wave: RecruitingWave) -> str:
    return _("The wave of %(date)s has no seat left: its %(count)d people are hired.") % {
        "date": wave_date(wave),
        "count": wave.hires_planned,
    }
