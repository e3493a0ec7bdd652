"""What a milestone makes happen in other stages: handlers that the stage apps register per event type.

``journey.services.record_event`` runs the handlers of the event's type, in the table's order, inside its own
transaction: a reaction that fails undoes the event too, and the messages a reaction sends go out on commit. A
stage never calls a later stage's service: it records its milestone and the later stage reacts. Each stage app
registers its handlers in ``<app>/reactions.py``, imported by its ``AppConfig.ready``.

``onramp journey reactions`` prints the table; a test holds docs/ARCHITECTURE.md to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from onramp.accounts.models import User
from onramp.journey.models import JOURNEY_ORDER, JourneyEvent


@dataclass(frozen=True)
class Occurrence:
    """A milestone just recorded, as a handler sees it: the event, who recorded it, what the recording service
    recorded it about (an offer, an employment, a leaving; None from the record page, an import or the API), and
    whether it corrects an earlier event."""

    event: JourneyEvent
    actor: User | None
    subject: Any = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def is_correction(self) -> bool:
        return self.event.correction_of_id is not None

    @property
    def occurred_on(self) -> datetime.date:
        return self.event.occurred_on


Handler = Callable[[Occurrence], None]


@dataclass(frozen=True)
class Reaction:
    event_type: str
    handler: Handler
    order: int
    summary: str

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_reactions: dict[str, list[Reaction]] = {}


def reacts_to(event_type: str, *, order: int, summary: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as a reaction to ``event_type``. ``order`` places it among the type's
    reactions (lower runs first); ``summary`` is its line in the table."""

    def register(handler: Handler) -> Handler:
        reactions = _reactions.setdefault(event_type, [])
        name = f"{handler.__module__}.{handler.__qualname__}"
        if any(reaction.name == name for reaction in reactions):
            raise ValueError(f"{name} is already registered for {event_type}")
        reactions.append(Reaction(event_type=event_type, handler=handler, order=order, summary=summary))
        reactions.sort(key=lambda reaction: (reaction.order, reaction.name))
        return handler

    return register


def reactions_to(event_type: str) -> list[Reaction]:
    return list(_reactions.get(event_type, []))


def table() -> list[Reaction]:
    """Every registered reaction: by event type in journey order, then in the order they run."""
    return [
        reaction
        for event_type in sorted(_reactions, key=lambda t: JOURNEY_ORDER.get(t, len(JOURNEY_ORDER)))
        for reaction in _reactions[event_type]
    ]


def run(occurrence: Occurrence) -> None:
    for reaction in reactions_to(occurrence.event.type):
        reaction.handler(occurrence)
