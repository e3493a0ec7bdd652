"""What other apps do when a young person is registered, or their registration date is corrected, and what they
say about a corrected registration date before it is saved.

Participants sits below the journey, so it cannot write journey events itself: the journey app registers its
handlers here (``JourneyConfig.ready``) and ``participants.services`` calls them inside its own transaction.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from onramp.accounts.models import User
from onramp.participants.models import YoungPerson


class OnRegistered(Protocol):
    def __call__(self, *, actor: User | None, person: YoungPerson, source: str, import_checksum: str = "") -> None: ...


class OnRegistrationMoved(Protocol):
    def __call__(self, *, actor: User | None, person: YoungPerson) -> None: ...


class RegistrationDateCheck(Protocol):
    def __call__(self, *, person: YoungPerson, registered_on: datetime.date) -> str | None: ...


_on_registered: list[OnRegistered] = []
_on_registration_moved: list[OnRegistrationMoved] = []
_registration_date_checks: list[RegistrationDateCheck] = []


def on_registered(handler: OnRegistered) -> None:
    if handler not in _on_registered:
        _on_registered.append(handler)


def on_registration_moved(handler: OnRegistrationMoved) -> None:
    if handler not in _on_registration_moved:
        _on_registration_moved.append(handler)


def on_checking_registration_date(handler: RegistrationDateCheck) -> None:
    if handler not in _registration_date_checks:
        _registration_date_checks.append(handler)


def registration_date_problem(*, person: YoungPerson, registered_on: datetime.date) -> str | None:
    """Why ``person``'s registration cannot move to ``registered_on`` (the first handler's words), or None."""
    for handler in _registration_date_checks:
        words = handler(person=person, registered_on=registered_on)
        if words:
            return words
    return None


def registered(*, actor: User | None, person: YoungPerson, source: str, import_checksum: str = "") -> None:
    if not _on_registered:
        raise RuntimeError("Nothing records registrations: is onramp.journey in INSTALLED_APPS?")
    for handler in _on_registered:
        handler(actor=actor, person=person, source=source, import_checksum=import_checksum)


def registration_moved(*, actor: User | None, person: YoungPerson) -> None:
    for handler in _on_registration_moved:
        handler(actor=actor, person=person)
