"""The demo programme's grants: each South East ICS's budget in each programme phase, the approval limits of the
demo's staff accounts (a coordinator approves up to £250, the regional lead up to £1,000, the administrator up to
£2,000), and needs-based grants for about a quarter of those who started work, asked for by their coordinator,
decided by the regional lead and mostly paid, through the services."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.grants import services
from onramp.grants.models import ApprovalLimit, GrantBudget, GrantCategory
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import ProgrammePhase

LIMITS = {"coordinator-kent": "250", "coordinator-sussex": "250", "lead-southeast": "1000", "admin": "2000"}
BUDGET = Decimal("5000")


def build() -> dict[str, int]:
    """Idempotent: does nothing when any grants budget exists."""
    if GrantBudget.objects.exists():
        return {}
    with transaction.atomic():
        for username, limit in LIMITS.items():
            user = User.objects.filter(username=username).first()
            if user is not None:
                ApprovalLimit.objects.create(user=user, limit=Decimal(limit))
        icss = list(Organisation.objects.icss().filter(region="South East"))
        for phase in ProgrammePhase.objects.all():
            for ics in icss:
                GrantBudget.objects.create(phase=phase, ics=ics, amount=BUDGET)
        grants = _grants(timezone.localdate())
    return {
        "approval limits": ApprovalLimit.objects.count(),
        "grant budgets": GrantBudget.objects.count(),
        "grants": grants,
    }


# (category, the need in the young person's words, lowest and highest amount in pounds)
NEEDS = [
    (GrantCategory.TRAVEL, "Bus fares to work until the first pay day; I have no money left after rent", 30, 90),
    (GrantCategory.UNIFORM, "Black work shoes and trousers for the uniform; I only have trainers", 40, 80),
    (
        GrantCategory.FIRST_MONTH,
        "Rent for the first month: I am paid monthly in arrears and my benefits stop",
        150,
        400,
    ),
    (
        GrantCategory.CHILDCARE,
        "A childminder for the first two weeks of early shifts, before nursery has a place",
        100,
        240,
    ),
    (
        GrantCategory.EQUIPMENT,
        "A second-hand laptop for the online modules; I share one phone with my sister",
        120,
        250,
    ),
]


def _grants(today: datetime.date) -> int:
    rng = random.Random(2024)
    lead = User.objects.filter(username="lead-southeast").first()
    payer = User.objects.filter(username="admin").first()
    if lead is None or payer is None:
        return 0
    made = 0
    starts = (
        JourneyEvent.objects.counting()
        .filter(type=EventType.STARTED_WORK, young_person__coordinator__isnull=False, young_person__ics__isnull=False)
        .select_related("young_person__ics", "young_person__coordinator")
        .order_by("occurred_on", "pk")
    )
    for start in starts:
        if rng.random() > 0.25:
            continue
        person = start.young_person
        category, need, low, high = rng.choice(NEEDS)
        requested = max(start.occurred_on - datetime.timedelta(days=rng.randint(2, 20)), person.registered_on)
        try:
            grant = services.request_grant(
                actor=person.coordinator,  # type: ignore[arg-type]  # filtered above
                person=person,
                category=category,
                amount=Decimal(rng.randint(low, high)),
                need=need,
                requested_on=requested,
            )
        except ValidationError:  # no budget for their ICS in that phase
            continue
        made += 1
        if rng.random() < 0.1:
            continue  # still waiting for a decision
        approve = rng.random() > 0.12
        decided = min(requested + datetime.timedelta(days=rng.randint(1, 5)), today)
        try:
            services.decide(
                actor=lead,
                grant=grant,
                approve=approve,
                decided_on=decided,
                note="" if approve else "Another fund covers this: we have applied to it for you",
            )
        except ValidationError:  # over the budget: left for the lead to decide with a reason
            continue
        if approve and rng.random() < 0.85:
            services.pay(
                actor=payer,
                grant=grant,
                amount=grant.amount,
                paid_on=min(decided + datetime.timedelta(days=rng.randint(1, 4)), today),
                reference=f"DEMO-{grant.pk:05d}",
            )
    return made
