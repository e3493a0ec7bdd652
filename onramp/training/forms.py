from __future__ import annotations

from typing import Any

from django import forms

from onramp.accounts import policy
from onramp.accounts.models import Organisation, OrganisationQuerySet, User
from onramp.core.forms import NHSDateField
from onramp.participants.models import Programme, YoungPerson
from onramp.training.models import Attendance, AttendanceStatus, CourseTemplate, DeliveryMode, Enrolment
from onramp.training.services import Mark


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
    venue = forms.CharField(label="Venue (optional)", max_length=200, required=False)
    facilitator = forms.CharField(label="Facilitator (optional)", max_length=150, required=False)
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=200,
        initial=12,
        error_messages={"required": "Enter the number of places", "min_value": "A cohort has at least one place"},
    )
    min_attendance_percent = forms.IntegerField(
        label="Attendance needed to complete (%)",
        min_value=0,
        max_value=100,
        initial=80,
        help_text="Of the sessions held; every required session must also be attended.",
        error_messages={"required": "Enter the attendance needed to complete, like 80"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible: OrganisationQuerySet = policy.visible(user, Organisation)  # type: ignore[assignment]
        self.fields["ics"].queryset = visible.icss().order_by("name")  # type: ignore[attr-defined]
        self.fields["provider"].queryset = visible.providers().order_by("name")  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    title = forms.CharField(
        label="Module or topic",
        max_length=200,
        error_messages={"required": "Enter the session's module or topic"},
    )
    held_on = NHSDateField(label="Date")
    required = forms.BooleanField(label="Required to complete the course", required=False)


class EnrolForm(forms.Form):
    young_person = forms.ModelChoiceField(
        label="Young person",
        queryset=YoungPerson.objects.none(),
        error_messages={"required": "Choose the young person to enrol"},
    )
    enrolled_on = NHSDateField(label="Date enrolled")

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["young_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["young_person"].label_from_instance = lambda person: (  # type: ignore[attr-defined]
            f"{person.full_name}{' (' + person.reference + ')' if person.reference else ''}"
        )


class RegisterForm(forms.Form):
    """A session's register: present, late or absent (with a reason) for each young person enrolled."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], existing: dict[int, Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            name = enrolment.young_person.full_name
            mark = existing.get(enrolment.pk)
            self.fields[f"mark_{enrolment.pk}"] = forms.ChoiceField(
                label=name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"class": "nhsuk-radios--inline"}),
                initial=mark.status if mark else None,
                error_messages={"required": f"Choose present, late or absent for {name}"},
            )
            self.fields[f"reason_{enrolment.pk}"] = forms.CharField(
                label=f"If {enrolment.young_person.given_name} was absent, why?",
                max_length=300,
                required=False,
                initial=mark.reason if mark else "",
            )

    def marks(self) -> dict[int, Any]:
        return {
            enrolment.pk: Mark(self.cleaned_data[f"mark_{enrolment.pk}"], self.cleaned_data[f"reason_{enrolment.pk}"])
            for enrolment in self.enrolments
        }


class CompletionsForm(forms.Form):
    completed_on = NHSDateField(label="Date completed", help_text="Usually the course's last day.")


class CourseTemplateForm(forms.Form):
    provider = forms.ModelChoiceField(
        label="Provider it was designed with",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the provider"},
    )
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the course's name"})
    modules = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One module a line, in order.",
        error_messages={"required": "Enter at least one module"},
    )
    length_days = forms.IntegerField(
        label="Length in days",
        min_value=1,
        max_value=21,
        error_messages={
            "required": "Enter the length in days",
            "min_value": "Courses last from one day to three weeks (21 days)",
            "max_value": "Courses last from one day to three weeks (21 days)",
        },
    )
    delivery_mode = forms.ChoiceField(
        label="How it is delivered",
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it is delivered"},
    )
    venue = forms.CharField(label="Venue (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class FromTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Course template",
        queryset=CourseTemplate.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose a course template"},
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
