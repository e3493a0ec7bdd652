from __future__ import annotations

from django import forms

from onramp.core.forms import NHSDateField
from onramp.support.models import LeavingReason, Outcome, ProgressionKind


class CheckInForm(forms.Form):
    held_on = NHSDateField(label="Date of the check-in")
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, error_messages={"required": "Choose the outcome"}
    )
    actions = forms.CharField(
        label="Actions agreed",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the job is at risk.",
    )


class LeavingForm(forms.Form):
    left_on = NHSDateField(label="Last day at work")
    reason = forms.ChoiceField(
        choices=LeavingReason.choices, widget=forms.RadioSelect, error_messages={"required": "Choose why they left"}
    )
    stayed_in_sector = forms.ChoiceField(
        label="Are they still working in health or care?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they are still working in health or care"},
    )


class ProgressionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Progression",
        choices=ProgressionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of progression"},
    )
    progressed_on = NHSDateField(label="Date")
    detail = forms.CharField(max_length=300, required=False, help_text="For example, nursing associate apprenticeship.")


class IssueForm(forms.Form):
    summary = forms.CharField(label="The issue", max_length=300, error_messages={"required": "Describe the issue"})
    raised_on = NHSDateField(label="Date raised")


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How it was resolved", max_length=300, error_messages={"required": "Say how it was resolved"}
    )
    resolved_on = NHSDateField(label="Date resolved")
