from __future__ import annotations

from typing import Any

from django import forms

from onramp.accounts import policy
from onramp.accounts.models import Organisation, OrganisationQuerySet, User
from onramp.core.forms import NHSDateField
from onramp.participants.models import Programme
from onramp.training.models import DeliveryMode


class CohortForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="For example, Kent healthcare support worker course, May 2026",
        error_messages={"required": "Enter the cohort's name"},
    )
    programme = forms.ModelChoiceField(queryset=Programme.objects.order_by("name"), empty_label=None)
    ics = forms.ModelChoiceField(
        label="Integrated care system",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the integrated care system"},
    )
    provider = forms.ModelChoiceField(
        label="Employer it was designed with (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None",
    )
    delivery_mode = forms.ChoiceField(
        label="How it is delivered",
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it is delivered"},
    )
    starts_on = NHSDateField(label="First day")
    ends_on = NHSDateField(label="Last day", help_text="Courses last from one day to three weeks.")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible: OrganisationQuerySet = policy.visible(user, Organisation)  # type: ignore[assignment]
        self.fields["ics"].queryset = visible.icss().order_by("name")  # type: ignore[attr-defined]
        self.fields["provider"].queryset = visible.providers().order_by("name")  # type: ignore[attr-defined]
