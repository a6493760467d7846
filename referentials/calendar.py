"""French public holidays ("jours fériés", Code du travail L3133-1) and working days, as pure functions.

The eleven holidays of metropolitan France: New Year's Day, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit
Monday, 14 July, 15 August, 1 November, 11 November and Christmas Day. Easter is computed (the Gregorian computus);
the other movable days follow it. Alsace-Moselle's two extra days (Good Friday, 26 December) are not counted: the
platforms work in Hauts-de-France.
"""

import datetime
import functools

SATURDAY = 5


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of the Gregorian calendar (the "anonymous Gregorian algorithm")."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, leap_century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    epact_correction = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - epact_correction + 15) % 30
    leap_years, leap_year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * leap_century_rest + 2 * leap_years - epact - leap_year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return datetime.date(year, month, day + 1)


@functools.cache
def french_public_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    movable = [easter + datetime.timedelta(days=offset) for offset in (1, 39, 50)]
    return frozenset([datetime.date(year, month, day) for month, day in fixed] + movable)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, not a public holiday."""
    return day.weekday() < SATURDAY and day not in french_public_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The day ``count`` working days before ``day``."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
