"""Recording a journey event from the record, and voiding one."""

from __future__ import annotations

from typing import Any

from django import forms

from onramp.accounts import policy
from onramp.accounts.models import Organisation, User
from onramp.journey.models import EVENTS_WITH_ROLE, EventType, Role
from onramp.participants.forms import PastDateField, blank
from onramp.training.models import Cohort


class EventForm(forms.Form):
    type = forms.ChoiceField(
        label="What happened",
        choices=[c for c in EventType.choices if c[0] != EventType.REGISTERED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    occurred_on = PastDateField(label="Date it happened", help_text="For example, 14 9 2026")
    role = forms.ChoiceField(
        label="Job role",
        choices=blank("Choose a role", Role.choices),
        required=False,
        help_text="Needed for a job offer and a start.",
    )
    organisation = forms.ModelChoiceField(
        label="Employer",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None",
        help_text="For interviews, offers, checks and starts.",
    )
    cohort = forms.ModelChoiceField(
        label="Training cohort",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None",
        help_text="For a course started or completed.",
    )
    detail = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = policy.visible(user, Organisation).providers().order_by("name")  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = policy.visible(user, Cohort).order_by("-starts_on", "name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("type") in EVENTS_WITH_ROLE and not data.get("role"):
            self.add_error("role", "Choose the job role")
        return data


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why is this event wrong?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this event is wrong"},
    )
    replace = forms.BooleanField(label="Record the right event in its place", required=False)
