"""The journey's order rules, as pure functions over (type, date) pairs.

Judged on event dates across the whole record (and, for imports, the whole file), never on the order in
which events were recorded: files arrive unsorted and history is often typed in late.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from onramp.journey.models import PREREQUISITES


@dataclass(frozen=True)
class Milestone:
    type: str
    occurred_on: datetime.date


def broken_rule(new: Milestone, record: Iterable[Milestone]) -> str | None:
    """What ``new`` would wrongly record given the rest of the record (counting events only), in words such as
    "a start before any job offer"; None when it keeps the journey's order."""
    rule = PREREQUISITES.get(new.type)
    if rule is None:
        return None
    needed, words = rule
    if any(m.type in needed and m.occurred_on <= new.occurred_on for m in record):
        return None
    return words


def order_problem(new: Milestone, record: Iterable[Milestone]) -> str | None:
    """The message for a milestone recorded on its own (the web pages and the API)."""
    words = broken_rule(new, record)
    if words is None:
        return None
    return f"This would record {words}. Record the earlier milestone first, or record this as a correction."


def order_problems(milestones: list[Milestone]) -> list[tuple[int, str]]:
    """Every milestone in a whole set (a record plus a file) that breaks the order: (index, words)."""
    problems = []
    for index, milestone in enumerate(milestones):
        words = broken_rule(milestone, milestones[:index] + milestones[index + 1 :])
        if words:
            problems.append((index, words))
    return problems
