"""Forms for young people: short questions, plain words, one thing per field."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone

from onramp.core.forms import NHSDateField
from onramp.geography import postcodes
from onramp.grants.models import GrantCategory
from onramp.participants.models import ContactBy


def _phone(text: str) -> str:
    phone = text.strip()
    if phone and sum(c.isdigit() for c in phone) < 10:
        raise forms.ValidationError("Enter a phone number like 07700 900 982")
    return phone


MONEY = {"invalid": "Enter an amount in pounds, like 45.50", "max_decimal_places": "Enter pounds and pence only"}


class SignUpForm(forms.Form):
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter your first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter your last name"}
    )
    date_of_birth = NHSDateField(label="Date of birth", help_text="For example, 27 3 2007")
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="Where you live. We use it to check this programme covers your area.",
        error_messages={"required": "Enter your postcode"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send you a link to sign in.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    phone = forms.CharField(
        label="Mobile phone number (optional)",
        max_length=30,
        required=False,
        help_text="So your coordinator can text or call you.",
    )
    agree = forms.BooleanField(
        label="I agree that the programme can keep these details to support me into work",
        error_messages={"required": "Tick the box to say you agree, or you cannot join"},
    )

    def clean_postcode(self) -> str:
        key = postcodes.normalise(self.cleaned_data["postcode"])
        if not postcodes.is_valid(key):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        return postcodes.display(key)

    def clean_date_of_birth(self) -> datetime.date:
        born: datetime.date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("Your date of birth must be in the past")
        if born.year < 1900:
            raise forms.ValidationError("Check the year you were born")
        return born

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])


class LinkForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
        },
    )


class ContactForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    phone = forms.CharField(label="Mobile number (optional)", max_length=30, required=False)
    contact_by = forms.ChoiceField(
        label="How should we send you messages?",
        choices=ContactBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how we should send you messages"},
    )

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if cleaned.get("contact_by") in {ContactBy.SMS, ContactBy.BOTH} and not cleaned.get("phone"):
            self.add_error("phone", "Enter your mobile number so we can send you text messages")
        return cleaned


class GrantForm(forms.Form):
    category = forms.ChoiceField(
        label="What do you need money for?",
        choices=GrantCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you need money for"},
    )
    amount = forms.DecimalField(
        label="How much do you need? (£)",
        max_digits=10,
        decimal_places=2,
        min_value=0.01,
        error_messages={"required": "Enter how much you need", "min_value": "Enter an amount more than £0", **MONEY},
    )
    need = forms.CharField(
        label="Tell us what it is for",
        help_text="For example, bus fares to get to work for the first month.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Tell us what the money is for"},
    )


class PasswordForm(SetPasswordForm):
    """Django's set-password form, in plainer words. The same password rules apply."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "Use at least 12 letters, numbers or symbols. Three random words work well."
        self.fields["new_password2"].label = "Type it again"
        self.fields["new_password2"].help_text = ""
        self.error_messages["password_mismatch"] = "The two passwords are not the same. Type them again"
