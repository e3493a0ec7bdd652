"""Grant rules: budgets per phase and ICS, approval limits, no self-approval, over-budget overrides, payments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from onramp.grants import services
from onramp.grants.models import GrantStatus
from onramp.participants.models import ProgrammePhase

D = datetime.date
M = Decimal


@pytest.fixture
def budget(world, people):
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="Extension", starts_on=D(2023, 10, 1), ends_on=D(2026, 9, 30)
    )
    services.set_limit(actor=world.admin, user=world.coordinator_kent, limit=M("100"))
    services.set_limit(actor=world.admin, user=world.coordinator_sussex, limit=M("300"))
    services.set_limit(actor=world.admin, user=world.regional_lead, limit=M("1000"))
    return services.set_budget(actor=world.admin, phase=phase, ics=world.kent, amount=M("500"))


def ask(world, people, amount, who=None):
    return services.request_grant(
        actor=who or world.coordinator_kent,
        person=people.kent,
        category="travel",
        amount=M(amount),
        need="Bus pass for the first month",
        requested_on=D(2024, 4, 1),
    )


def test_a_grant_needs_a_budget_for_the_phase_and_ics(world, people, budget):
    with pytest.raises(ValidationError, match="There is no grants budget for NHS Sussex ICB"):
        services.request_grant(
            actor=world.coordinator_sussex, person=people.sussex, category="uniform", amount=M("40"), need="Shoes"
        )
    with pytest.raises(ValidationError, match="no grants budget"):
        services.request_grant(
            actor=world.coordinator_kent,
            person=people.kent,
            category="travel",
            amount=M("40"),
            need="Bus",
            requested_on=D(2023, 9, 30),  # before the phase
        )
    assert ask(world, people, "60").budget == budget


def test_no_one_approves_their_own_request_or_over_their_limit(world, people, budget):
    grant = ask(world, people, "150")
    with pytest.raises(ValidationError, match="Someone other than the person who asked"):
        services.decide(actor=world.coordinator_kent, grant=grant, approve=True)
    with pytest.raises(ValidationError, match=r"£150\.00 is over your approval limit of £100\.00"):
        small = ask(world, people, "150", who=world.coordinator_sussex)
        services.decide(actor=world.coordinator_kent, grant=small, approve=True)
    services.decide(actor=world.coordinator_sussex, grant=grant, approve=True)
    assert grant.status == GrantStatus.APPROVED and budget.committed() == M("150")
    with pytest.raises(ValidationError, match="Say why the grant is declined"):
        services.decide(actor=world.coordinator_sussex, grant=ask(world, people, "10"), approve=False)


def test_a_budget_is_not_exceeded_without_a_leads_recorded_reason(world, people, budget):
    for _ in range(2):
        services.decide(actor=world.coordinator_sussex, grant=ask(world, people, "200"), approve=True)
    third = ask(world, people, "200")
    with pytest.raises(ValidationError, match=r"Over budget: £100.00 is left of £500.00 for NHS Kent and Medway ICB"):
        services.decide(actor=world.coordinator_sussex, grant=third, approve=True)
    with pytest.raises(ValidationError, match="record why"):
        services.decide(actor=world.regional_lead, grant=third, approve=True)
    services.decide(
        actor=world.regional_lead, grant=third, approve=True, over_budget_reason="Childcare for the first week"
    )
    assert third.over_budget_reason == "Childcare for the first week"
    assert budget.committed() == M("600") and budget.left() == M("-100")
    with pytest.raises(ValidationError, match=r"£600\.00 is already committed"):
        services.set_budget(actor=world.admin, phase=budget.phase, ics=world.kent, amount=M("550"))


def test_payments_never_exceed_the_approved_amount(world, people, budget):
    grant = ask(world, people, "80")
    with pytest.raises(ValidationError, match="Only an approved grant can be paid"):
        services.pay(actor=world.admin, grant=grant, amount=M("80"))
    services.decide(actor=world.coordinator_sussex, grant=grant, approve=True)
    services.pay(actor=world.admin, grant=grant, amount=M("50"), paid_on=D(2024, 4, 3), reference="FIN-1")
    with pytest.raises(ValidationError, match=r"more than the £80\.00 approved \(£50\.00 paid so far\)"):
        services.pay(actor=world.admin, grant=grant, amount=M("40"))
    services.pay(actor=world.admin, grant=grant, amount=M("30"), paid_on=D(2024, 4, 10))
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PAID and budget.spent() == M("80")
