"""Working days in England: Monday to Friday, except bank holidays.

Bank holidays in England and Wales follow fixed rules (the Banking and Financial Dealings Act 1971 and royal
proclamations), so they are computed rather than downloaded: New Year's Day, Good Friday, Easter Monday, the
early May bank holiday (first Monday in May), the spring bank holiday (last Monday in May), the summer bank
holiday (last Monday in August), Christmas Day and Boxing Day, each moved to a weekday ("substitute day") when it
falls at a weekend. Proclaimed one-off changes and extra days are listed in ``MOVED`` and ``EXTRA``; check them
against https://www.gov.uk/bank-holidays when a new one is announced.
"""

from __future__ import annotations

import datetime
import functools

D = datetime.date

# (year, holiday) -> the day it was moved to by proclamation.
MOVED: dict[tuple[int, str], D] = {
    (1995, "early_may"): D(1995, 5, 8),  # VE Day 50th anniversary
    (2002, "spring"): D(2002, 6, 4),  # Golden Jubilee
    (2012, "spring"): D(2012, 6, 4),  # Diamond Jubilee
    (2020, "early_may"): D(2020, 5, 8),  # VE Day 75th anniversary
    (2022, "spring"): D(2022, 6, 2),  # Platinum Jubilee
}
EXTRA: dict[D, str] = {
    D(1999, 12, 31): "Millennium celebrations",
    D(2002, 6, 3): "Golden Jubilee",
    D(2011, 4, 29): "Royal wedding",
    D(2012, 6, 5): "Diamond Jubilee",
    D(2022, 6, 3): "Platinum Jubilee",
    D(2022, 9, 19): "State funeral of Queen Elizabeth II",
    D(2023, 5, 8): "Coronation of King Charles III",
}


def easter_sunday(year: int) -> D:
    """The Gregorian Easter Sunday (the anonymous Gregorian algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return D(year, month, day)


def _first_monday(year: int, month: int) -> D:
    day = D(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> D:
    following = D(year + (month == 12), month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=last.weekday())


@functools.cache
def bank_holidays(year: int) -> dict[D, str]:
    """England and Wales bank holidays in a year, with their names."""
    days: dict[D, str] = {}
    new_year = D(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += datetime.timedelta(days=1)
    days[new_year] = "New Year's Day" + (" (substitute day)" if new_year.day != 1 else "")
    easter = easter_sunday(year)
    days[easter - datetime.timedelta(days=2)] = "Good Friday"
    days[easter + datetime.timedelta(days=1)] = "Easter Monday"
    days[MOVED.get((year, "early_may"), _first_monday(year, 5))] = "Early May bank holiday"
    days[MOVED.get((year, "spring"), _last_monday(year, 5))] = "Spring bank holiday"
    days[_last_monday(year, 8)] = "Summer bank holiday"
    christmas, boxing = D(year, 12, 25), D(year, 12, 26)
    match christmas.weekday():
        case 5:  # Saturday: Monday 27th and Tuesday 28th
            christmas, boxing = D(year, 12, 27), D(year, 12, 28)
        case 6:  # Sunday: Boxing Day on Monday 26th, Christmas on Tuesday 27th
            christmas = D(year, 12, 27)
        case 4:  # Friday: Boxing Day on Saturday moves to Monday 28th
            boxing = D(year, 12, 28)
    days[christmas] = "Christmas Day" + (" (substitute day)" if christmas.day != 25 else "")
    days[boxing] = "Boxing Day" + (" (substitute day)" if boxing.day != 26 else "")
    days |= {day: name for day, name in EXTRA.items() if day.year == year}
    return dict(sorted(days.items()))


def is_working_day(day: D) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: D, count: int) -> D:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted; 0 gives ``start``)."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    day = start
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: D, end: D) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range(1, (end - start).days + 1))
