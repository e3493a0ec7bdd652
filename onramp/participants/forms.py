"""Forms about young people. Every message names the field; the NHS renderer shows them."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, User
from onramp.core.concurrency import VersionField
from onramp.core.forms import NHSDateField
from onramp.geography import postcodes
from onramp.participants.models import (
    Campaign,
    CampaignChannel,
    Comparison,
    ConsentPurpose,
    ContactBy,
    EmploymentStatus,
    EthnicGroup,
    GenderIdentity,
    LawfulBasis,
    Programme,
    ReferralSource,
    Sex,
    TargetMetric,
    YesNo,
)


def blank(label: str, choices: Any) -> list[tuple[str, str]]:
    """Choices with a first, empty choice that says what to do."""
    return [("", label), *choices]


class PastDateField(NHSDateField):
    """A date that cannot be in the future."""

    def clean(self, value: Any) -> datetime.date | None:
        day = super().clean(value)
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(f"{self.label} must be today or in the past")
        return day


class DetailsForm(forms.Form):
    """A young person's details, as registered and as changed later."""

    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter their first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter their last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = PastDateField(label="Date of birth", help_text="For example, 27 3 2007")
    postcode = forms.CharField(
        max_length=20,
        required=False,
        help_text="Where they live. We use it to find their area and integrated care system.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}),
    )
    ics = forms.ModelChoiceField(
        label="Integrated care system",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Work it out from the postcode",
        help_text="Only needed when the postcode is new, unknown or missing.",
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "nhsuk-input--width-20"}),
    )
    contact_by = forms.ChoiceField(
        label="How do they want us to send them messages?",
        choices=ContactBy.choices,
        initial=ContactBy.EMAIL,
        widget=forms.RadioSelect,
        help_text="Interview invitations, reminders and other messages. Text messages need a mobile number.",
        required=False,
    )
    reference = forms.CharField(
        label="Partner's reference",
        max_length=50,
        required=False,
        help_text="Your organisation's own ID for them, if it has one.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
    )
    referral_source = forms.ChoiceField(
        label="How they were referred", choices=ReferralSource.choices, widget=forms.RadioSelect, required=False
    )
    campaign = forms.ModelChoiceField(
        label="Recruitment campaign they signed up through (optional)",
        queryset=Campaign.objects.order_by("-starts_on", "name"),
        required=False,
        empty_label="None",
    )
    employment_status = forms.ChoiceField(
        label="Employment or education when they registered",
        choices=EmploymentStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    receiving_benefits = forms.ChoiceField(
        label="Receiving benefits when they registered", choices=YesNo.choices, widget=forms.RadioSelect, required=False
    )
    care_leaver = forms.ChoiceField(
        label="Care leaver", choices=YesNo.choices, widget=forms.RadioSelect, required=False
    )
    ethnic_group = forms.ChoiceField(
        label="Ethnic group",
        choices=blank("Not known", EthnicGroup.choices),
        required=False,
        help_text="As they describe it (ONS 2021 categories). Leave as not known if they have not said.",
    )
    sex = forms.ChoiceField(label="Sex (optional)", choices=Sex.choices, widget=forms.RadioSelect, required=False)
    gender_identity = forms.ChoiceField(
        label="Is the gender they identify with the same as their sex registered at birth? (optional)",
        choices=GenderIdentity.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    disability = forms.ChoiceField(
        label="Disability or long-term health condition (optional)",
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ics"].queryset = policy.visible(user, Organisation).icss().order_by("name")  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"]
        key = postcodes.normalise(text)
        if key and not postcodes.is_valid(key):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        return postcodes.display(key) if key else ""

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        if born and born.year < 1900:
            raise forms.ValidationError("Date of birth must be after 1900")
        return born

    def clean_contact_by(self) -> str:
        return self.cleaned_data["contact_by"] or ContactBy.EMAIL

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("contact_by") in {ContactBy.SMS, ContactBy.BOTH}
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", "Enter a mobile phone number to send them text messages")
        if not data.get("postcode") and not data.get("ics") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter their postcode, or choose their integrated care system")
        return data


class EditDetailsForm(DetailsForm):
    """Changing a young person's details: with the version of the record the form was shown."""

    version = VersionField()


class RegistrationForm(DetailsForm):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(), empty_label=None, error_messages={"required": "Choose the programme"}
    )
    registered_on = PastDateField(label="Date registered", help_text="For example, 14 9 2026")
    field_order = ["programme", "given_name", "family_name", "date_of_birth", "postcode", "ics", "registered_on"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        programmes = Programme.objects.order_by("name")
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()
        if self.is_bound and self.data.get("show_duplicate_confirmation"):
            self.offer_confirmation()

    def offer_confirmation(self) -> None:
        """After a duplicate warning: a box to say this is a different person."""
        self.fields["confirm_not_duplicate"] = forms.BooleanField(
            label="This is a different person: register them anyway", required=False
        )

    def details(self) -> dict[str, Any]:
        """The cleaned details for the register service (everything but the form's own controls)."""
        data = dict(self.cleaned_data)
        data.pop("confirm_not_duplicate", None)
        return data


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the consent is for"},
    )
    organisation = forms.ModelChoiceField(
        label="Employer it may be shared with",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not for sharing with an employer",
    )
    lawful_basis = forms.ChoiceField(
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        initial=LawfulBasis.CONSENT,
        error_messages={"required": "Choose the lawful basis"},
    )
    given_on = PastDateField(label="Date given")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = policy.visible(user, Organisation).providers().order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sharing = data.get("purpose") == ConsentPurpose.SHARE_WITH_EMPLOYER
        if sharing and not data.get("organisation"):
            self.add_error("organisation", "Choose the employer it may be shared with")
        if not sharing:
            data["organisation"] = None
        return data


class WithdrawConsentForm(forms.Form):
    withdrawn_on = PastDateField(label="Date withdrawn")
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


class OverrideForm(forms.Form):
    justification = forms.CharField(
        label="Why should they join the programme?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is kept with their record and shown in reports of overrides.",
        error_messages={"required": "Write why they should join despite the rules"},
    )


# --- programmes, phases and targets --------------------------------------------------------------------


class ProgrammeForm(forms.Form):
    version = VersionField()
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the programme's name"})
    funder = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind="funder").order_by("name"), required=False, empty_label="None"
    )
    delivery_partner = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind="delivery_partner").order_by("name"),
        required=False,
        empty_label="None",
    )
    icss = forms.ModelMultipleChoiceField(
        label="Integrated care systems it covers",
        queryset=Organisation.objects.filter(kind="ics").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one integrated care system"},
    )
    starts_on = NHSDateField(label="Start date", required=False)
    ends_on = NHSDateField(label="End date", required=False)
    min_age = forms.IntegerField(
        label="Youngest age eligible",
        min_value=14,
        max_value=99,
        initial=16,
        error_messages={"required": "Enter the youngest age eligible"},
    )
    max_age = forms.IntegerField(
        label="Oldest age eligible",
        min_value=14,
        max_value=99,
        initial=30,
        help_text="Eligible up to the day before this age plus one.",
        error_messages={"required": "Enter the oldest age eligible"},
    )
    require_residence_in_icss = forms.BooleanField(
        label="Only young people living in the programme's integrated care systems are eligible",
        required=False,
        initial=True,
    )
    check_in_schedule = forms.CharField(
        label="Check-ins after a start",
        max_length=200,
        initial="week 1, month 1, month 3, month 6, month 12",
        help_text="With the young person and, separately, the employer. Write each as week N or month N.",
        error_messages={"required": "Enter the check-in schedule, like week 1, month 3"},
    )
    interview_deadline_working_days = forms.IntegerField(
        label="Working days to hold a guaranteed interview",
        min_value=1,
        max_value=120,
        initial=20,
        help_text="After the course is completed. Weekends and bank holidays in England do not count.",
        error_messages={"required": "Enter the working days to hold a guaranteed interview, like 20"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", "The oldest age must be the same as or more than the youngest")
        return cleaned


class PhaseForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="For example, First phase, or Extension 2023 to 2026",
        error_messages={"required": "Enter the phase's name"},
    )
    starts_on = NHSDateField(label="First day")
    ends_on = NHSDateField(label="Last day")


class TargetForm(forms.Form):
    metric = forms.ChoiceField(
        label="Figure",
        choices=TargetMetric.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the figure the target is for"},
    )
    comparison = forms.ChoiceField(
        choices=Comparison.choices,
        widget=forms.RadioSelect,
        initial=Comparison.AT_LEAST,
        error_messages={"required": "Choose at least or at most"},
    )
    value = forms.DecimalField(
        label="Target",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text="A number of young people, or a percentage for a share: 10 means 10%.",
        error_messages={"required": "Enter the target", "invalid": "Enter the target as a number, like 10"},
    )


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the campaign's name"})
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"),
        empty_label=None,
        error_messages={"required": "Choose the programme"},
    )
    channel = forms.ChoiceField(
        choices=CampaignChannel.choices, widget=forms.RadioSelect, error_messages={"required": "Choose the channel"}
    )
    audience = forms.CharField(
        max_length=300,
        help_text="Who it is for, for example care leavers in Medway.",
        error_messages={"required": "Say who the campaign is for"},
    )
    starts_on = NHSDateField(label="Start date")
    ends_on = NHSDateField(label="End date")
    provider = forms.ModelChoiceField(
        label="Provider (optional)",
        queryset=Organisation.objects.filter(kind="provider").order_by("name"),
        required=False,
        empty_label="None",
    )
    ics = forms.ModelChoiceField(
        label="Integrated care system (optional)",
        queryset=Organisation.objects.filter(kind="ics").order_by("name"),
        required=False,
        empty_label="None",
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label="Why are the details being erased?",
        max_length=300,
        help_text="For example, the young person's request of 3 March 2026 (UK GDPR article 17).",
        error_messages={"required": "Say why the details are being erased"},
    )
