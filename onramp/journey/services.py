"""Every write to the journey event log: keyword arguments, one transaction, an audit entry, and the reactions of
the other stages (``journey.reactions``) in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.core import audit
from onramp.journey import reactions
from onramp.journey.models import (
    EVENTS_NEEDING_ELIGIBILITY,
    EVENTS_WITH_ROLE,
    JOURNEY_ORDER,
    EventType,
    EventVoid,
    JourneyEvent,
)
from onramp.journey.rules import Milestone, order_problem
from onramp.participants.models import Source, YoungPerson


def date_problem(
    *, person: YoungPerson, occurred_on: datetime.date, today: datetime.date | None = None, name: str = ""
) -> str | None:
    """What is wrong with a milestone's date, whatever the milestone: none is in the future, and none is before the
    person registered (their ``registered_on``). None when the date can be recorded. Every writer applies it, even
    the ones that judge the order rule themselves (``record_event(check=False)``). With ``name``, the message names
    the person (for a form about several people, such as a register)."""
    if occurred_on > (today or timezone.localdate()):
        return "The date cannot be in the future"
    return before_registration(person=person, day=occurred_on, name=name)


def before_registration(*, person: YoungPerson, day: datetime.date, name: str = "") -> str | None:
    """The message when ``day`` is before the person registered: no milestone of theirs can be (a date that may be
    in the future, such as an interview being scheduled, is judged by this alone)."""
    if day >= person.registered_on:
        return None
    registered = f"{person.registered_on.day} {person.registered_on:%B %Y}"
    return f"The date cannot be before {name or 'they'} registered on {registered}"


def check_event(
    *,
    person: YoungPerson,
    type: str,
    occurred_on: datetime.date,
    role: str = "",
    correction: bool = False,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """The problems with recording this event, by field. Empty when it can be recorded."""
    problems: dict[str, str] = {}
    today = today or timezone.localdate()
    if type not in EventType.values:
        problems["type"] = f"'{type}' is not a journey event"
        return problems
    if type == EventType.REGISTERED:
        problems["type"] = "A young person is registered once, when their record is created"
    date_words = date_problem(person=person, occurred_on=occurred_on, today=today)
    if date_words:
        problems["occurred_on"] = date_words
    if type in EVENTS_WITH_ROLE and not role:
        problems["role"] = "Choose the job role"
    if type in EVENTS_NEEDING_ELIGIBILITY and not correction and person.not_eligible_words():
        problems["type"] = person.not_eligible_words()
    if not correction and "type" not in problems and "occurred_on" not in problems:
        record = [Milestone(e.type, e.occurred_on) for e in person.events.counting()]
        message = order_problem(Milestone(type, occurred_on), record)
        if message:
            problems["type"] = message
    return problems


@transaction.atomic
def record_event(
    *,
    actor: User | None,
    person: YoungPerson,
    type: str,
    occurred_on: datetime.date,
    role: str = "",
    organisation: Organisation | None = None,
    employer_code: str = "",
    detail: str = "",
    source: str = Source.WEB,
    correction_of: JourneyEvent | None = None,
    correction_reason: str = "",
    import_checksum: str = "",
    check: bool = True,
    cohort_id: int | None = None,
    subject: Any = None,
    date_field: str = "occurred_on",
    type_field: str = "type",
) -> JourneyEvent:
    """Record a milestone and run the other stages' reactions to it. With ``correction_of``, the earlier event is
    voided and this one replaces it, and the order rule is not applied (a correction may put history right in any
    order). ``subject`` is what the recording service recorded it about (an offer, an employment, a leaving), for
    the reactions.

    With ``check=False`` (a caller that has judged the order itself, such as the events import) only the date rule
    (``date_problem``) is applied. Problems with the date are raised under ``date_field``: the name the caller's
    form or API gives the date (``started_on``, ``date``), so the person sees it on the field they typed; problems
    with the event's type (its order, or a step refused for someone not eligible) under ``type_field``."""
    if check:
        problems = check_event(
            person=person, type=type, occurred_on=occurred_on, role=role, correction=correction_of is not None
        )
    else:
        date_words = date_problem(person=person, occurred_on=occurred_on)
        problems = {"occurred_on": date_words} if date_words else {}
    if problems:
        if date_field != "occurred_on" and "occurred_on" in problems:
            problems[date_field] = problems.pop("occurred_on")
        if type_field != "type" and "type" in problems:
            problems[type_field] = problems.pop("type")
        raise ValidationError(problems)
    if correction_of is not None:
        void_event(actor=actor, event=correction_of, reason=correction_reason or "Corrected")
    event = JourneyEvent.objects.create(
        young_person=person,
        type=type,
        position=JOURNEY_ORDER[type],
        occurred_on=occurred_on,
        recorded_by=actor,
        source=source,
        organisation=organisation,
        employer_code=employer_code or (organisation.code if organisation else ""),
        role=role if type in EVENTS_WITH_ROLE or role else "",
        detail=detail,
        correction_of=correction_of,
        import_checksum=import_checksum,
        cohort_id=cohort_id,
    )
    audit.record(
        actor=actor,
        action="journey.recorded",
        target=person,
        detail={
            "event": event.pk,
            "type": type,
            "occurred_on": occurred_on.isoformat(),
            "source": source,
            "correction_of": correction_of.pk if correction_of else None,
        },
    )
    reactions.run(reactions.Occurrence(event=event, actor=actor, subject=subject))
    return event


@transaction.atomic
def void_event(*, actor: User | None, event: JourneyEvent, reason: str) -> EventVoid:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this event is void"})
    if event.is_void:
        raise ValidationError({"reason": "This event is already void"})
    if event.type == EventType.REGISTERED:
        raise ValidationError({"reason": "The registration cannot be voided: correct the registration date instead"})
    void = EventVoid.objects.create(event=event, reason=reason[:300], voided_by=actor)
    audit.record(
        actor=actor,
        action="journey.voided",
        target=event.young_person,
        detail={"event": event.pk, "type": event.type, "occurred_on": event.occurred_on.isoformat(), "reason": reason},
    )
    return void


def record_registration(*, actor: User | None, person: YoungPerson, source: str, import_checksum: str = "") -> None:
    """The ``registered`` event of a young person just registered (``participants.lifecycle``)."""
    JourneyEvent.objects.create(
        young_person=person,
        type=EventType.REGISTERED,
        position=JOURNEY_ORDER[EventType.REGISTERED],
        occurred_on=person.registered_on,
        recorded_by=actor,
        source=source,
        import_checksum=import_checksum,
    )


def registration_date_problem(*, person: YoungPerson, registered_on: datetime.date) -> str | None:
    """A registration date may not be corrected to after any of the person's counting milestones
    (``participants.lifecycle``), as no milestone is before the registration."""
    first = person.events.counting().exclude(type=EventType.REGISTERED).filter(occurred_on__lt=registered_on).first()
    if first is None:
        return None
    return (
        f"{first.get_type_display()} is recorded on {first.occurred_on.day} {first.occurred_on:%B %Y}: the "
        "registration date cannot be after their first milestone (void or correct that event first)"
    )


def move_registration(*, actor: User | None, person: YoungPerson) -> None:
    """A corrected registration date (``participants.lifecycle``): the old ``registered`` event is voided and a
    correction recorded."""
    old = person.events.counting().filter(type=EventType.REGISTERED).first()
    if old is not None:
        EventVoid.objects.create(event=old, reason="Registration date corrected", voided_by=actor)
    JourneyEvent.objects.create(
        young_person=person,
        type=EventType.REGISTERED,
        position=JOURNEY_ORDER[EventType.REGISTERED],
        occurred_on=person.registered_on,
        recorded_by=actor,
        source=old.source if old else Source.WEB,
        correction_of=old,
    )
