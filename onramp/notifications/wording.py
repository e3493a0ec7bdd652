"""Words and records that every stage's messages share: how a date (and time) is written, whom a young person
should contact, and what a reminder run did.

Each stage builds its own messages' context in its ``notices`` module (``recruitment.notices``,
``grants.notices``, ``support.notices``) and sends through ``services.notify``; nothing here knows a stage.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from onramp.participants.models import YoungPerson


def when_words(day: datetime.date, time: datetime.time | None = None) -> str:
    """Tuesday 12 March 2024 at 10:30am (NHS.UK style for dates and times)."""
    words = f"{day:%A} {day.day} {day:%B %Y}"
    if time is not None:
        if (time.hour, time.minute) == (12, 0):
            return f"{words} at midday"
        hour, suffix = time.hour % 12 or 12, "am" if time.hour < 12 else "pm"
        words += f" at {hour}{suffix}" if time.minute == 0 else f" at {hour}:{time:%M}{suffix}"
    return words


def contact_for(person: YoungPerson) -> str:
    """Who a young person should contact: their coordinator, by name and email address."""
    coordinator = person.coordinator
    if coordinator is None:
        return "your coordinator"
    name = coordinator.get_full_name() or "your coordinator"
    return f"{name} at {coordinator.email}" if coordinator.email else name


@dataclass
class Run:
    """What a reminder run did (or, dry, would do)."""

    sent: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)
