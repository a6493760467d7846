"""A need's waves kept in place when its training step is saved, and each wave's hires and status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from employers.enums import WaveStatus
from employers.models import RecruitingWave
from employers.services import need_training_save
from employers.wave_services import wave_hire_add, wave_hire_undo
from matching.enums import PresentationStatus
from tests.employers.factories import MassHiringNeedFactory, StaffingNeedFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db

MARCH, MAY, JULY, SEPTEMBER = (datetime.date(2027, month, 1) for month in (3, 5, 7, 9))


def _save(need, waves):
    with translation.override("en"):
        return need_training_save(need=need, training_skills=[], waves=waves, by=None)


def _waves(need):
    return list(
        RecruitingWave.objects.filter(need=need).order_by("starts_on").values_list("starts_on", "hires_planned")
    )


@pytest.fixture
def need():
    need = MassHiringNeedFactory(open=True, headcount=280, start_date=datetime.date(2027, 2, 1))
    _save(need, [(MARCH, 70), (MAY, 70), (JULY, 70), (SEPTEMBER, 70)])
    return need


def test_saving_the_same_waves_keeps_their_rows_and_counters(need):
    before = {wave.starts_on: wave.pk for wave in need.waves.all()}
    RecruitingWave.objects.filter(need=need, starts_on=MARCH).update(hires_count=12)

    _save(need, [(SEPTEMBER, 70), (MARCH, 70), (MAY, 70), (JULY, 70)])

    assert {wave.starts_on: wave.pk for wave in need.waves.all()} == before
    assert RecruitingWave.objects.get(need=need, starts_on=MARCH).hires_count == 12


def test_a_wave_moved_to_another_date_keeps_its_row_hires_and_presentations(need):
    may = RecruitingWave.objects.get(need=need, starts_on=MAY)
    RecruitingWave.objects.filter(pk=may.pk).update(hires_count=3)
    presentation = presentation_in(PresentationStatus.PRESENTED, need=need, wave=may)

    _save(need, [(MARCH, 70), (datetime.date(2027, 6, 1), 80), (JULY, 60), (SEPTEMBER, 70)])

    may.refresh_from_db()
    assert (may.starts_on, may.hires_planned, may.hires_count) == (datetime.date(2027, 6, 1), 80, 3)
    presentation.refresh_from_db()
    assert presentation.wave_id == may.pk


def test_a_new_wave_is_added_and_an_unused_one_removed(need):
    _save(need, [(MARCH, 70), (MAY, 70), (JULY, 70)])
    assert _waves(need) == [(MARCH, 70), (MAY, 70), (JULY, 70)]

    _save(need, [(MARCH, 70), (MAY, 70), (JULY, 70), (datetime.date(2027, 10, 1), 50)])
    assert _waves(need)[-1] == (datetime.date(2027, 10, 1), 50)


def test_a_wave_with_presentations_cannot_be_removed_and_the_message_names_it(need):
    september = RecruitingWave.objects.get(need=need, starts_on=SEPTEMBER)
    presentation_in(PresentationStatus.SHORTLISTED, need=need, wave=september)

    with pytest.raises(ValidationError) as refusal:
        _save(need, [(MARCH, 70), (MAY, 70), (JULY, 70)])

    assert refusal.value.messages == [
        "The wave of 01/09/2027 cannot be removed: candidates are already put forward or hired for it."
    ]
    assert len(_waves(need)) == 4


def test_a_wave_with_hires_cannot_be_removed_nor_shrunk_below_them(need):
    RecruitingWave.objects.filter(need=need, starts_on=MARCH).update(hires_count=10)

    with pytest.raises(ValidationError) as removed:
        _save(need, [(MAY, 70), (JULY, 70), (SEPTEMBER, 70)])
    with pytest.raises(ValidationError) as shrunk:
        _save(need, [(MARCH, 9), (MAY, 70), (JULY, 70), (SEPTEMBER, 70)])

    assert removed.value.messages == [
        "The wave of 01/03/2027 cannot be removed: candidates are already put forward or hired for it."
    ]
    assert shrunk.value.messages == ["The wave of 01/03/2027 already has 10 hire(s): it cannot plan fewer people."]
    assert RecruitingWave.objects.get(need=need, starts_on=MARCH).hires_planned == 70


def test_a_wave_whose_headcount_reaches_its_hires_is_filled_and_open_again_when_it_grows(need):
    RecruitingWave.objects.filter(need=need, starts_on=MARCH).update(hires_count=10)

    _save(need, [(MARCH, 10), (MAY, 70), (JULY, 70), (SEPTEMBER, 70)])
    assert RecruitingWave.objects.get(need=need, starts_on=MARCH).status == WaveStatus.FILLED

    _save(need, [(MARCH, 12), (MAY, 70), (JULY, 70), (SEPTEMBER, 70)])
    assert RecruitingWave.objects.get(need=need, starts_on=MARCH).status == WaveStatus.OPEN


def test_the_last_hire_of_a_wave_fills_it_and_undoing_a_hire_opens_it_again():
    need = StaffingNeedFactory(open=True, headcount=5)
    wave = RecruitingWave.objects.create(need=need, starts_on=MARCH, hires_planned=2)

    wave_hire_add(wave=wave)
    assert (wave.hires_count, wave.status) == (1, WaveStatus.OPEN)
    wave_hire_add(wave=wave)
    assert (wave.hires_count, wave.status) == (2, WaveStatus.FILLED)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        wave_hire_add(wave=wave)
    assert refusal.value.messages == ["The wave of 01/03/2027 has no seat left: its 2 people are hired."]

    wave_hire_undo(wave=wave)
    assert (wave.hires_count, wave.status) == (1, WaveStatus.OPEN)


def test_a_closed_wave_records_no_hire_and_stays_closed_when_a_hire_is_undone():
    wave = RecruitingWave.objects.create(
        need=StaffingNeedFactory(open=True), starts_on=MARCH, hires_planned=3, status=WaveStatus.CLOSED
    )
    with pytest.raises(ValidationError):
        wave_hire_add(wave=wave)
    RecruitingWave.objects.filter(pk=wave.pk).update(hires_count=1)
    wave_hire_undo(wave=wave)
    assert (wave.hires_count, wave.status) == (0, WaveStatus.CLOSED)


def test_the_database_refuses_more_hires_than_a_wave_plans():
    wave = RecruitingWave.objects.create(need=StaffingNeedFactory(open=True), starts_on=MARCH, hires_planned=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecruitingWave.objects.filter(pk=wave.pk).update(hires_count=2)
