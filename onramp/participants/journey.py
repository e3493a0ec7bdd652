"""The journey's order rules, as pure functions over (type, date) pairs.

Judged on event dates across the whole record (and, for imports, the whole file), never on the order in
which events were recorded: files arrive unsorted and history is often typed in late.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from onramp.participants.models import PREREQUISITES


@dataclass(frozen=True)
class Milestone:
    type: str
    occurred_on: datetime.date


def order_problem(new: Milestone, record: Iterable[Milestone]) -> str | None:
    """Why ``new`` breaks the journey's order given the rest of the record (counting events only), or None."""
    rule = PREREQUISITES.get(new.type)
    if rule is None:
        return None
    needed, words = rule
    if any(m.type in needed and m.occurred_on <= new.occurred_on for m in record):
        return None
    return f"This would record {words}. Record the earlier milestone first, or record this as a correction."


def order_problems(milestones: list[Milestone]) -> list[tuple[int, str]]:
    """Every milestone in a whole set (a record plus a file) that breaks the order: (index, message)."""
    problems = []
    for index, milestone in enumerate(milestones):
        others = milestones[:index] + milestones[index + 1 :]
        message = order_problem(milestone, others)
        if message:
            problems.append((index, message))
    return problems
