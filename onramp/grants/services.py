"""Every write about grants: budgets, approval limits, requests, decisions and payments. One transaction each,
audited. The rules: someone other than the requester decides, within their approval limit; a budget is not
exceeded unless a regional lead (or an administrator) records why; payments never exceed what was approved."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, Role, User
from onramp.core import audit
from onramp.grants import notices
from onramp.grants.models import ApprovalLimit, Grant, GrantBudget, GrantPayment, GrantStatus
from onramp.participants.models import ProgrammePhase, YoungPerson

OVERRIDERS = {Role.REGIONAL_LEAD, Role.ADMINISTRATOR}


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


@transaction.atomic
def set_budget(*, actor: User, phase: ProgrammePhase, ics: Organisation, amount: Decimal) -> GrantBudget:
    if amount < 0:
        raise ValidationError({"amount": "A budget cannot be negative"})
    budget = GrantBudget.objects.filter(phase=phase, ics=ics).first()
    old = None if budget is None else str(budget.amount)
    if budget is not None and amount < budget.committed():
        raise ValidationError(
            {"amount": f"{_money(budget.committed())} is already committed from this budget: it cannot be less"}
        )
    budget = budget or GrantBudget(phase=phase, ics=ics)
    budget.amount = amount
    budget.full_clean()
    budget.save()
    audit.record(actor=actor, action="grant_budget.saved", target=budget, detail={"old": old, "new": str(amount)})
    return budget


@transaction.atomic
def set_limit(*, actor: User, user: User, limit: Decimal) -> ApprovalLimit:
    if limit < 0:
        raise ValidationError({"limit": "A limit cannot be negative"})
    item, _ = ApprovalLimit.objects.update_or_create(user=user, defaults={"limit": limit})
    audit.record(actor=actor, action="grant_limit.saved", target=user, detail={"limit": str(limit)})
    return item


def budget_for(person: YoungPerson, day: datetime.date) -> GrantBudget | None:
    """The budget of the young person's ICS for the phase of their programme that includes ``day``."""
    if person.ics_id is None:
        return None
    return (
        GrantBudget.objects.select_related("phase", "ics")
        .filter(
            ics_id=person.ics_id,
            phase__programme_id=person.programme_id,
            phase__starts_on__lte=day,
            phase__ends_on__gte=day,
        )
        .first()
    )


@transaction.atomic
def request_grant(
    *,
    actor: User,
    person: YoungPerson,
    category: str,
    amount: Decimal,
    need: str,
    requested_on: datetime.date | None = None,
) -> Grant:
    requested_on = requested_on or timezone.localdate()
    problems: dict[str, str] = {}
    if amount <= 0:
        problems["amount"] = "Enter an amount more than £0"
    if not need.strip():
        problems["need"] = "Describe the need in words"
    budget = budget_for(person, requested_on)
    if budget is None:
        problems["__all__"] = (
            f"There is no grants budget for {person.ics.name if person.ics else 'their integrated care system'} "
            "in the programme phase of this date; a regional lead sets budgets on the grants page"
        )
    if problems:
        raise ValidationError(problems)
    assert budget is not None
    grant = Grant(
        young_person=person,
        budget=budget,
        category=category,
        amount=amount,
        need=need.strip(),
        requested_on=requested_on,
        requested_by=actor,
    )
    grant.full_clean()
    grant.save()
    audit.record(
        actor=actor, action="grant.requested", target=person, detail={"grant": grant.pk, "amount": str(amount)}
    )
    return grant


@transaction.atomic
def decide(
    *,
    actor: User,
    grant: Grant,
    approve: bool,
    decided_on: datetime.date | None = None,
    note: str = "",
    over_budget_reason: str = "",
) -> Grant:
    decided_on = decided_on or timezone.localdate()
    budget = GrantBudget.objects.select_for_update().get(pk=grant.budget_id)  # one decision at a time per budget
    problems: dict[str, str] = {}
    if grant.status != GrantStatus.REQUESTED:
        problems["__all__"] = f"This grant has already been {grant.get_status_display().lower()}"
    if actor.pk == grant.requested_by_id:
        problems["__all__"] = "Someone other than the person who asked for the grant must decide it"
    if not approve and not note.strip():
        problems["note"] = "Say why the grant is declined"
    if approve and not problems:
        limit = ApprovalLimit.objects.filter(user=actor).values_list("limit", flat=True).first() or Decimal("0")
        if grant.amount > limit:
            problems["__all__"] = f"{_money(grant.amount)} is over your approval limit of {_money(limit)}"
        elif grant.amount > budget.left():
            if actor.role not in OVERRIDERS:
                problems["__all__"] = (
                    f"Over budget: {_money(budget.left())} is left of {_money(budget.amount)} for {budget}. A regional "
                    "lead can approve it with a recorded reason"
                )
            elif not over_budget_reason.strip():
                problems["over_budget_reason"] = (
                    f"This takes {budget} over its budget ({_money(budget.left())} left): record why"
                )
    if problems:
        raise ValidationError(problems)
    grant.status = GrantStatus.APPROVED if approve else GrantStatus.DECLINED
    grant.decided_by = actor
    grant.decided_on = decided_on
    grant.decision_note = note.strip()
    grant.over_budget_reason = over_budget_reason.strip() if approve and grant.amount > budget.left() else ""
    grant.save()
    audit.record(
        actor=actor,
        action="grant.decided",
        target=grant.young_person,
        detail={"grant": grant.pk, "approved": approve, "over_budget": grant.over_budget_reason},
    )
    notices.grant_decided(grant)  # the young person is told, once this commits
    return grant


@transaction.atomic
def pay(
    *, actor: User, grant: Grant, amount: Decimal, paid_on: datetime.date | None = None, reference: str = ""
) -> GrantPayment:
    paid_on = paid_on or timezone.localdate()
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    problems: dict[str, str] = {}
    if grant.status not in {GrantStatus.APPROVED, GrantStatus.PAID}:
        problems["__all__"] = "Only an approved grant can be paid"
    elif amount <= 0:
        problems["amount"] = "Enter an amount more than £0"
    elif grant.paid() + amount > grant.amount:
        problems["amount"] = (
            f"That would pay more than the {_money(grant.amount)} approved ({_money(grant.paid())} paid so far)"
        )
    if paid_on > timezone.localdate():
        problems["paid_on"] = "The date must be today or in the past"
    if problems:
        raise ValidationError(problems)
    payment = GrantPayment.objects.create(
        grant=grant, amount=amount, paid_on=paid_on, reference=reference.strip(), recorded_by=actor
    )
    if grant.paid() >= grant.amount:
        grant.status = GrantStatus.PAID
        grant.save(update_fields=["status"])
    audit.record(
        actor=actor, action="grant.paid", target=grant.young_person, detail={"grant": grant.pk, "amount": str(amount)}
    )
    return payment
