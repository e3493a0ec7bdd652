"""A programme's check-in schedule after a start: a programme setting, read by support to schedule check-ins."""

from __future__ import annotations

DEFAULT_SCHEDULE = "week 1, month 1, month 3, month 6, month 12"


def parse_schedule(text: str) -> list[tuple[str, str, int, int]]:
    """A programme's check-in schedule, "week 1, month 1, month 3, …", as (code, label, days, months) after the
    start; months are calendar months, the day clipped to the month's end. Raises ValueError naming the item."""
    out: list[tuple[str, str, int, int]] = []
    for item in (part.strip().lower() for part in text.split(",")):
        if not item:
            continue
        unit, _, number = item.partition(" ")
        if unit not in {"week", "month"} or not number.strip().isdigit() or not 1 <= int(number) <= 60:
            raise ValueError(f"{item!r}: write each as week N or month N, for example month 3")
        n = int(number)
        code = f"{unit}_{n}"
        if any(existing == code for existing, *_ in out):
            raise ValueError(f"{item!r} is listed twice")
        out.append((code, f"{unit.capitalize()} {n}", 7 * n if unit == "week" else 0, n if unit == "month" else 0))
    if not out:
        raise ValueError("list at least one check-in, for example week 1, month 3")
    return out
