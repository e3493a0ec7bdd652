from __future__ import annotations

from typing import Any

from django import forms

from onramp.accounts.models import Organisation, User
from onramp.core.forms import NHSDateField
from onramp.grants.models import GrantCategory
from onramp.participants.models import ProgrammePhase

MONEY = {"invalid": "Enter an amount in pounds, like 45.50", "max_decimal_places": "Enter pounds and pence only"}


class RequestForm(forms.Form):
    category = forms.ChoiceField(
        label="What is it for?",
        choices=GrantCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the grant is for"},
    )
    amount = forms.DecimalField(
        label="Amount (£)", max_digits=10, decimal_places=2, error_messages={"required": "Enter the amount", **MONEY}
    )
    need = forms.CharField(
        label="The need, in words",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the need in words"},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or decline"},
    )
    note = forms.CharField(
        label="Reason (needed to decline)",
        max_length=300,
        required=False,
        help_text="If you decline, we send this reason to the young person. Write it in plain words, to them.",
    )
    over_budget_reason = forms.CharField(
        label="If this takes the budget over, why (regional leads only)", max_length=300, required=False
    )


class PayForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount paid (£)",
        max_digits=10,
        decimal_places=2,
        error_messages={"required": "Enter the amount paid", **MONEY},
    )
    paid_on = NHSDateField(label="Date paid")
    reference = forms.CharField(label="Finance reference (optional)", max_length=100, required=False)


class BudgetForm(forms.Form):
    phase = forms.ModelChoiceField(
        label="Programme phase",
        queryset=ProgrammePhase.objects.select_related("programme").order_by("programme__name", "starts_on"),
        empty_label=None,
        error_messages={"required": "Choose the programme phase"},
    )
    ics = forms.ModelChoiceField(
        label="Integrated care system",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the integrated care system"},
    )
    amount = forms.DecimalField(
        label="Budget (£)", max_digits=12, decimal_places=2, error_messages={"required": "Enter the budget", **MONEY}
    )

    def __init__(self, *args: Any, icss: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ics"].queryset = icss  # type: ignore[attr-defined]


class LimitForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.filter(
            is_active=True, role__in=["coordinator", "regional_lead", "administrator"]
        ).order_by("first_name", "last_name"),
        error_messages={"required": "Choose the person"},
    )
    limit = forms.DecimalField(
        label="Approval limit for one grant (£)",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        error_messages={"required": "Enter the limit", **MONEY},
    )
