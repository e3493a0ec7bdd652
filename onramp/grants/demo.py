"""The demo programme's grants: each South East ICS's budget in each programme phase, and the approval limits of the
demo's staff accounts (a coordinator approves up to £250, the regional lead up to £1,000, the administrator up to
£2,000)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from onramp.accounts.models import Organisation, User
from onramp.grants.models import ApprovalLimit, GrantBudget
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
    return {"approval limits": ApprovalLimit.objects.count(), "grant budgets": GrantBudget.objects.count()}
