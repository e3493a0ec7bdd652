"""Needs-based grants: budgets per programme phase and ICS, applications decided by someone other than the
requester within their approval limit, payments, and the register."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Sum

from onramp.accounts.models import Organisation
from onramp.participants.models import ProgrammePhase, YoungPerson


class GrantBudget(models.Model):
    phase = models.ForeignKey(ProgrammePhase, on_delete=models.PROTECT, related_name="grant_budgets")
    ics = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_budgets", limit_choices_to={"kind": "ics"}
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["phase__starts_on", "ics__name"]
        constraints = [models.UniqueConstraint(fields=["phase", "ics"], name="one_budget_per_phase_and_ics")]

    def __str__(self) -> str:
        return f"{self.ics.name}, {self.phase.name}"

    def committed(self) -> Decimal:
        """Approved or paid grants charged to this budget."""
        total = self.grants.filter(status__in=[GrantStatus.APPROVED, GrantStatus.PAID]).aggregate(t=Sum("amount"))["t"]
        return total or Decimal("0")

    def spent(self) -> Decimal:
        total = GrantPayment.objects.filter(grant__budget=self).aggregate(t=Sum("amount"))["t"]
        return total or Decimal("0")

    def left(self) -> Decimal:
        return self.amount - self.committed()


class ApprovalLimit(models.Model):
    """The most a person may approve for one grant."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_limit")
    limit = models.DecimalField(max_digits=10, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.user}: up to £{self.limit:,.2f}"


class GrantCategory(models.TextChoices):
    TRAVEL = "travel", "Travel"
    UNIFORM = "uniform", "Uniform or clothing"
    EQUIPMENT = "equipment", "Equipment"
    CHILDCARE = "childcare", "Childcare"
    FIRST_MONTH = "first_month", "First month's costs"
    OTHER = "other", "Other"


class GrantStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    PAID = "paid", "Paid"


class Grant(models.Model):
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="grants")
    budget = models.ForeignKey(GrantBudget, on_delete=models.PROTECT, related_name="grants")
    category = models.CharField(max_length=20, choices=GrantCategory.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    need = models.TextField(help_text="The need, in words.")
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=GrantStatus.choices, default=GrantStatus.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    over_budget_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} for {self.get_category_display().lower()}"

    def paid(self) -> Decimal:
        return self.payments.aggregate(t=Sum("amount"))["t"] or Decimal("0")


class GrantPayment(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    reference = models.CharField(max_length=100, blank=True, help_text="The finance system's reference.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} paid on {self.paid_on}"
