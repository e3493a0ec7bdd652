from __future__ import annotations

from typing import Any

from django import forms

from onramp.core.forms import NHSDateField
from onramp.participants.forms import PastDateField
from onramp.plans.models import ActionOwner, Barrier, PlanAction, SupportKind, SupportOutcome


class PlanForm(forms.Form):
    barriers = forms.MultipleChoiceField(
        label="What might get in the way?",
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The needs assessment: select all that apply.",
    )
    barrier_notes = forms.CharField(
        label="Notes on their needs (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    goals = forms.CharField(
        label="Their goals",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Write the young person's goals"},
    )
    agreed_on = PastDateField(label="Date agreed")


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", max_length=300, error_messages={"required": "Describe the action"})
    owner = forms.ChoiceField(
        label="Who will do it",
        choices=ActionOwner.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who will do it"},
    )
    due_on = NHSDateField(label="Due date")
    agreed_on = PastDateField(label="Date agreed")


class ReviewForm(forms.Form):
    reviewed_on = PastDateField(label="Date of the review")
    notes = forms.CharField(
        label="What was discussed",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Write what was discussed"},
    )
    done = forms.ModelMultipleChoiceField(
        label="Actions now done",
        queryset=PlanAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, open_actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"].queryset = open_actions  # type: ignore[attr-defined]
        if not open_actions.exists():
            del self.fields["done"]


class SupportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of support",
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of support"},
    )
    held_on = PastDateField(label="Date")
    outcome = forms.ChoiceField(
        choices=SupportOutcome.choices, widget=forms.RadioSelect, error_messages={"required": "Choose the outcome"}
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
