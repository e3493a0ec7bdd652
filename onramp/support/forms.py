from __future__ import annotations

from typing import Any

from django import forms

from onramp.accounts.models import Organisation
from onramp.core.forms import NHSDateField
from onramp.journey.models import Role
from onramp.support.models import LeavingReason, Mentor, MentorKind, Outcome, ProgressionKind, Survey


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
    # "Has left" records their leaving too, as "Record leaving work" does.
    left_on = NHSDateField(label="If they have left: their last day at work", required=False)
    leaving_reason = forms.ChoiceField(
        label="If they have left: why",
        choices=[("", "Choose why they left"), *LeavingReason.choices],
        required=False,
    )
    stayed_in_sector = forms.ChoiceField(
        label="If they have left: are they still working in health or care?",
        choices=[("", "Choose"), ("yes", "Yes"), ("no", "No")],
        required=False,
    )

    def clean_stayed_in_sector(self) -> bool | None:
        value = self.cleaned_data.get("stayed_in_sector")
        return {"yes": True, "no": False}.get(value or "")


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
    role = forms.ChoiceField(
        label="The job it leads to (if any)", choices=[("", "No job, or not known"), *Role.choices], required=False
    )
    employer = forms.ModelChoiceField(
        label="Employer (if any)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None, or not known",
    )
    detail = forms.CharField(max_length=300, required=False, help_text="For example, nursing associate apprenticeship.")

    def __init__(self, *args: Any, employers: Any = None, **kwargs: Any) -> None:
        """``employers``: the organisations the signed-in user may name (a provider's recruiter: their own)."""
        super().__init__(*args, **kwargs)
        field = self.fields["employer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employers if employers is not None else Organisation.objects.providers()


class IssueForm(forms.Form):
    summary = forms.CharField(label="The issue", max_length=300, error_messages={"required": "Describe the issue"})
    raised_on = NHSDateField(label="Date raised")


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How it was resolved", max_length=300, error_messages={"required": "Say how it was resolved"}
    )
    resolved_on = NHSDateField(label="Date resolved")


class SurveyForm(forms.Form):
    code = forms.SlugField(
        max_length=50,
        help_text="Short and fixed, lower case with underscores, for example wellbeing_2025.",
        error_messages={"required": "Enter the survey's code", "invalid": "Use letters, numbers and underscores only"},
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the survey's title"})
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="One question a line: code | yes_no, scale or text | the question.",
        error_messages={"required": "Enter at least one question"},
    )


class SendSurveyForm(forms.Form):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.order_by("title"), empty_label=None, error_messages={"required": "Choose the survey"}
    )


def answer_form(questions: list[tuple[str, str, str]], data: object = None) -> forms.Form:
    """The answer form for a survey's questions: yes/no and 1 to 5 as radios, free text as a text box."""
    form = forms.Form(data)  # type: ignore[arg-type]
    for code, kind, text in questions:
        if kind == "yes_no":
            form.fields[code] = forms.ChoiceField(
                label=text,
                choices=[("yes", "Yes"), ("no", "No")],
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer yes or no: {text}"},
            )
        elif kind == "scale":
            form.fields[code] = forms.ChoiceField(
                label=text,
                choices=[
                    (str(n), words)
                    for n, words in [(1, "1 (not at all)"), (2, "2"), (3, "3"), (4, "4"), (5, "5 (very)")]
                ],
                widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
                error_messages={"required": f"Choose from 1 to 5: {text}"},
            )
        else:
            form.fields[code] = forms.CharField(label=text, widget=forms.Textarea(attrs={"rows": 3}), required=False)
    return form


class MentorForm(forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter the mentor's name"})
    kind = forms.ChoiceField(
        label="Staff or volunteer",
        choices=MentorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose staff or volunteer"},
    )
    email = forms.EmailField(required=False, error_messages={"invalid": "Enter an email address like name@example.org"})
    organisation = forms.ModelChoiceField(
        label="Organisation (optional)",
        queryset=Organisation.objects.exclude(kind="ics").order_by("name"),
        required=False,
        empty_label="None",
    )
    roles = forms.MultipleChoiceField(
        label="Job roles they know", choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    icss = forms.ModelMultipleChoiceField(
        label="Areas they cover",
        queryset=Organisation.objects.filter(kind="ics").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MatchForm(forms.Form):
    mentor = forms.ModelChoiceField(
        queryset=Mentor.objects.filter(active=True), empty_label=None, error_messages={"required": "Choose a mentor"}
    )
    started_on = NHSDateField(label="Date matched")


class MentoringForm(forms.Form):
    held_on = NHSDateField(label="Date of the session")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class WellbeingForm(forms.Form):
    service = forms.CharField(max_length=150, initial="Wellbeing app")
    referred_on = NHSDateField(label="Date referred")


class UsageForm(forms.Form):
    file = forms.FileField(
        label="Usage file (CSV)",
        help_text="Columns participant_id, month (YYYY-MM) and sessions.",
        error_messages={"required": "Choose the CSV file"},
    )
