"""Calendar arithmetic shared by the stages and the figures."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """day + N calendar months, the day clipped to the month's end, in Python (for tests and explanations)."""
    month = day.month + months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_three_months(day: datetime.date) -> datetime.date:
    """The 3-month date of the retention definition."""
    return add_months(day, 3)
