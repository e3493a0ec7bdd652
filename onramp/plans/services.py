"""Agreeing and reviewing development plans. The first agreement writes the plan_agreed journey event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import User
from onramp.core import audit
from onramp.journey import services as journey_services
from onramp.journey.models import EventType
from onramp.participants.models import YoungPerson
from onramp.plans.models import Barrier, DevelopmentPlan, PlanAction, PlanReview, SupportSession


class ActionInput(TypedDict):
    description: str
    owner: str
    due_on: datetime.date
    done_on: datetime.date | None


@transaction.atomic
def agree_plan(
    *,
    actor: User | None,
    person: YoungPerson,
    barriers: Iterable[str],
    barrier_notes: str,
    goals: str,
    agreed_on: datetime.date,
    actions: Iterable[ActionInput] | None = None,
) -> DevelopmentPlan:
    """Agree a new version of the plan. Without ``actions``, the current version's actions carry over."""
    barriers = list(barriers)
    unknown = set(barriers) - set(Barrier.values)
    if unknown:
        raise ValidationError({"barriers": f"Unknown barriers: {', '.join(sorted(unknown))}"})
    if not goals.strip():
        raise ValidationError({"goals": "Write the young person's goals"})
    current = person.plans.filter(is_current=True).first()
    carried: list[ActionInput] = (
        list(actions)
        if actions is not None
        else [
            ActionInput(description=a.description, owner=a.owner, due_on=a.due_on, done_on=a.done_on)
            for a in (current.actions.all() if current else [])
        ]
    )
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    plan = DevelopmentPlan.objects.create(
        young_person=person,
        version=(current.version + 1) if current else 1,
        barriers=barriers,
        barrier_notes=barrier_notes.strip(),
        goals=goals.strip(),
        agreed_on=agreed_on,
        agreed_by=actor,
    )
    PlanAction.objects.bulk_create(PlanAction(plan=plan, **action) for action in carried)
    if current is None and not person.events.counting().filter(type=EventType.PLAN_AGREED).exists():
        journey_services.record_event(
            actor=actor, person=person, type=EventType.PLAN_AGREED, occurred_on=agreed_on, date_field="agreed_on"
        )
    audit.record(actor=actor, action="plan.agreed", target=person, detail={"version": plan.version})
    return plan


@transaction.atomic
def add_action(
    *,
    actor: User | None,
    person: YoungPerson,
    description: str,
    owner: str,
    due_on: datetime.date,
    agreed_on: datetime.date,
) -> DevelopmentPlan:
    """Add an action: a new version of the plan with the same needs and goals and one more action."""
    current = person.plans.filter(is_current=True).first()
    if current is None:
        raise ValidationError({"description": "Agree the plan's needs and goals before adding actions"})
    actions = [
        ActionInput(description=a.description, owner=a.owner, due_on=a.due_on, done_on=a.done_on)
        for a in current.actions.all()
    ]
    actions.append(ActionInput(description=description.strip(), owner=owner, due_on=due_on, done_on=None))
    return agree_plan(
        actor=actor,
        person=person,
        barriers=current.barriers,
        barrier_notes=current.barrier_notes,
        goals=current.goals,
        agreed_on=agreed_on,
        actions=actions,
    )


@transaction.atomic
def review_plan(
    *,
    actor: User | None,
    person: YoungPerson,
    reviewed_on: datetime.date,
    notes: str,
    done_actions: Iterable[PlanAction] = (),
) -> PlanReview:
    current = person.plans.filter(is_current=True).first()
    if current is None:
        raise ValidationError({"notes": "There is no plan to review yet"})
    if reviewed_on < current.agreed_on:
        raise ValidationError({"reviewed_on": "The review cannot be before the plan was agreed"})
    done = [action for action in done_actions if action.plan_id == current.pk and action.done_on is None]
    for action in done:
        action.done_on = reviewed_on
    PlanAction.objects.bulk_update(done, ["done_on"])
    review = PlanReview.objects.create(plan=current, reviewed_on=reviewed_on, notes=notes.strip(), reviewed_by=actor)
    audit.record(
        actor=actor,
        action="plan.reviewed",
        target=person,
        detail={"version": current.version, "actions_done": [a.description for a in done]},
    )
    return review


@transaction.atomic
def record_support(
    *, actor: User, person: YoungPerson, kind: str, held_on: datetime.date, outcome: str, notes: str = ""
) -> SupportSession:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the session must be today or in the past"})
    session = SupportSession(
        young_person=person, kind=kind, held_on=held_on, outcome=outcome, notes=notes.strip(), recorded_by=actor
    )
    session.full_clean()
    session.save()
    audit.record(
        actor=actor,
        action="support.recorded",
        target=person,
        detail={"session": session.pk, "kind": kind, "outcome": outcome, "held_on": held_on.isoformat()},
    )
    return session
