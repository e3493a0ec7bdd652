"""Recruitment forms. Every message names the field; the NHS renderer shows them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from onramp.accounts.models import Organisation
from onramp.core.concurrency import VersionField
from onramp.core.forms import NHSDateField
from onramp.journey.models import Role
from onramp.participants.models import Programme, YoungPerson
from onramp.recruitment.models import QUESTIONS, SCORE_WORDS, InterviewKind, Stage, Value

SCORES = [(str(n), f"{n}: {words}") for n, words in SCORE_WORDS.items()]


class VacancyForm(forms.Form):
    version = VersionField()
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label=None, error_messages={"required": "Choose the provider"}
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the job title"})
    role = forms.ChoiceField(
        choices=[("", "Choose the role"), *Role.choices], error_messages={"required": "Choose the role"}
    )
    band_or_pay = forms.CharField(
        label="Band or pay",
        max_length=100,
        help_text="For example, Band 3, or £12.60 an hour.",
        error_messages={"required": "Enter the band or pay"},
    )
    hours = forms.CharField(
        max_length=100, help_text="For example, 37.5 hours a week.", error_messages={"required": "Enter the hours"}
    )
    location = forms.CharField(max_length=200, error_messages={"required": "Enter where the job is"})
    closing_on = NHSDateField(label="Closing date", help_text="The last day young people can be referred.")
    posts = forms.IntegerField(
        label="Number of posts",
        min_value=1,
        max_value=500,
        initial=1,
        error_messages={"required": "Enter the number of posts", "min_value": "A vacancy has at least one post"},
    )
    programmes = forms.ModelMultipleChoiceField(
        label="Programmes it is linked to",
        queryset=Programme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    closed = forms.BooleanField(label="Closed: filled or withdrawn", required=False)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class ReferForm(forms.Form):
    young_person = forms.ModelChoiceField(
        label="Young person", queryset=YoungPerson.objects.none(), error_messages={"required": "Choose who to refer"}
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["young_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["young_person"].label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.full_name}{' (' + p.reference + ')' if p.reference else ''}"
        )


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Move to", widget=forms.RadioSelect, error_messages={"required": "Choose the next stage"}
    )
    reason = forms.CharField(label="Reason (if unsuccessful or withdrawn)", max_length=300, required=False)

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(stage, Stage(stage).label) for stage in stages]  # type: ignore[attr-defined]


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of interview",
        choices=InterviewKind.choices,
        widget=forms.RadioSelect,
        initial=InterviewKind.FORMAL,
        error_messages={"required": "Choose the type of interview"},
    )
    held_on = NHSDateField(label="Date")
    starts_at = forms.TimeField(
        label="Time (optional)",
        required=False,
        help_text="For example, 10:30 or 14:00",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"invalid": "Enter a time like 10:30 or 14:00"},
        widget=forms.TimeInput(attrs={"class": "nhsuk-input--width-5", "autocomplete": "off"}, format="%H:%M"),
    )
    place = forms.CharField(
        label="Where, or how (optional)",
        max_length=200,
        required=False,
        help_text="For example, Ward 5, Maidstone Hospital, or by video call. We tell the young person this. "
        "Left empty, we give the vacancy's location.",
    )
    guaranteed = forms.BooleanField(
        label="This is the young person's guaranteed interview with this provider", required=False
    )


class ScoresForm(forms.Form):
    """A score from 1 to 4 and the evidence heard for each of the NHS Constitution's six values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value in Value:
            self.fields[f"score_{value}"] = forms.ChoiceField(
                label=value.label,
                choices=SCORES,
                widget=forms.RadioSelect,
                help_text=QUESTIONS[value],
                error_messages={"required": f"Score {value.label.lower()} from 1 to 4"},
            )
            self.fields[f"evidence_{value}"] = forms.CharField(
                label=f"Evidence for {value.label.lower()}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def scores(self) -> dict[str, tuple[int, str]]:
        return {
            value: (int(self.cleaned_data[f"score_{value}"]), self.cleaned_data[f"evidence_{value}"]) for value in Value
        }


class OfferForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, error_messages={"required": "Choose the role"})
    hours = forms.CharField(max_length=100, error_messages={"required": "Enter the hours"})
    band_or_pay = forms.CharField(
        label="Band or pay", max_length=100, error_messages={"required": "Enter the band or pay"}
    )
    proposed_start = NHSDateField(label="Proposed start date", required=False)
    conditional = forms.BooleanField(label="Conditional on the pre-employment checks", required=False, initial=True)
    made_on = NHSDateField(label="Date of the offer")

    def clean_made_on(self) -> Any:
        day = self.cleaned_data["made_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Date of the offer must be today or in the past")
        return day


class AnswerForm(forms.Form):
    accepted = forms.ChoiceField(
        label="Did they accept the offer?",
        choices=[("yes", "Yes, accepted"), ("no", "No, declined")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they accepted the offer"},
    )
    answered_on = NHSDateField(label="Date of the answer")
    reason = forms.CharField(label="If declined, why?", max_length=300, required=False)
    confirm_second_offer = forms.BooleanField(
        label="Yes, they are taking this job as well (a second job while the first is in force)", required=False
    )

    def __init__(self, *args: Any, in_force: str = "", **kwargs: Any) -> None:
        """``in_force``: the warning about an accepted offer still in force, which shows the confirmation box."""
        super().__init__(*args, **kwargs)
        if in_force:
            self.fields["confirm_second_offer"].help_text = in_force
        else:
            del self.fields["confirm_second_offer"]

    def clean_answered_on(self) -> Any:
        day = self.cleaned_data["answered_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Date of the answer must be today or in the past")
        return day


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the guaranteed interview withdrawn?",
        max_length=300,
        error_messages={"required": "Say why the guaranteed interview is withdrawn"},
    )


class NeedForm(forms.Form):
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label=None, error_messages={"required": "Choose the provider"}
    )
    role = forms.ChoiceField(
        choices=[("", "Choose the role"), *Role.choices], error_messages={"required": "Choose the role"}
    )
    number = forms.IntegerField(
        label="How many people",
        min_value=1,
        max_value=1000,
        error_messages={"required": "Enter how many people are needed", "min_value": "Enter 1 or more"},
    )
    needed_by = NHSDateField(label="Needed by (optional)", required=False)
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class PipelineForm(forms.Form):
    uses_screening = forms.BooleanField(label="Use a screening stage before interviews", required=False)
