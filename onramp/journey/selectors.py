"""Reads of the journey event log: a person's timeline and current stage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from onramp.journey.models import EventVoid, JourneyEvent, stage_label
from onramp.participants.models import YoungPerson


@dataclass
class TimelineEntry:
    event: JourneyEvent
    void_reason: str
    voided: bool


def timeline(person: YoungPerson) -> list[TimelineEntry]:
    """Every event of the person's journey, latest first (in journey order), voided ones marked."""
    # The void's reason is looked up per event through its unique index rather than joined: a join to the whole
    # void table is planned as a hash join once that table is large, which made the record's cost grow with the
    # programme's size.
    reason = EventVoid.objects.filter(event=OuterRef("pk")).values("reason")[:1]
    events = (
        person.events.select_related("organisation", "recorded_by")
        .annotate(void_reason=Subquery(reason))
        .order_by("-occurred_on", "-position", "-pk")
    )
    return [
        TimelineEntry(event=event, voided=event.void_reason is not None, void_reason=event.void_reason or "")
        for event in events
    ]


def current_stage(person: YoungPerson, entries: list[TimelineEntry] | None = None) -> tuple[str, datetime.date | None]:
    """The stage's label and since when: the latest counting event. From ``timeline(person)`` when given (it is
    in the same order), which saves a query."""
    if entries is not None:
        latest = next((entry.event for entry in entries if not entry.voided), None)
    else:
        latest = person.events.counting().order_by("-occurred_on", "-position", "-pk").first()
    return (stage_label(latest.type if latest else None), latest.occurred_on if latest else None)
