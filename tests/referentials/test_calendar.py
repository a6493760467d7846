"""French public holidays and working days: Easter checked against an independent implementation over three
centuries, the 2026 holidays as the official calendar lists them, and the deadlines' count skipping them."""

import datetime

import pytest
from dateutil.easter import EASTER_WESTERN, easter

from referentials.calendar import easter_sunday, french_public_holidays, is_working_day, working_days_before


@pytest.mark.parametrize("year", range(1900, 2201))
def test_easter_is_the_gregorian_computus(year):
    assert easter_sunday(year) == easter(year, EASTER_WESTERN)


def test_the_eleven_holidays_of_2026():
    assert sorted(french_public_holidays(2026)) == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 6),  # Easter Monday
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 8),
        datetime.date(2026, 5, 14),  # Ascension
        datetime.date(2026, 5, 25),  # Whit Monday
        datetime.date(2026, 7, 14),
        datetime.date(2026, 8, 15),
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 11),
        datetime.date(2026, 12, 25),
    ]


def test_working_days_skip_weekends_and_holidays():
    assert not is_working_day(datetime.date(2026, 12, 25))  # a Friday, Christmas
    assert not is_working_day(datetime.date(2026, 12, 26))  # a Saturday
    assert is_working_day(datetime.date(2026, 12, 24))
    # Five working days before Monday 28 December 2026: Christmas Friday is skipped.
    assert working_days_before(datetime.date(2026, 12, 28), 5) == datetime.date(2026, 12, 18)
    # Across Ascension Thursday 14 May 2026.
    assert working_days_before(datetime.date(2026, 5, 18), 2) == datetime.date(2026, 5, 13)
    assert working_days_before(datetime.date(2026, 5, 18), 0) == datetime.date(2026, 5, 18)
