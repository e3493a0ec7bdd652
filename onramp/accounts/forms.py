"""Forms for signing in, passwords, accounts and organisations."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import ContactRole, Organisation, OrganisationKind, ProviderType, Role, User
from onramp.accounts.tasks import EMAILS, send_password_email
from onramp.core.audit import CURRENT_IP
from onramp.core.models import AuditEntry


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label="Email address or username",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address or username"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address (or username) and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def clean(self) -> dict[str, Any]:
        """Refuse to try the password at all while the login, or the address it comes from, is locked out after
        repeated failures (settings LOCKOUT_ATTEMPTS within LOCKOUT_MINUTES; counted from the audit trail)."""
        login = (self.data.get("username") or "").strip()
        since = timezone.now() - datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)
        failures = AuditEntry.objects.filter(action="sign_in_failed", at__gte=since)
        address = CURRENT_IP.get()
        locked = bool(login) and failures.filter(detail__login__iexact=login).count() >= settings.LOCKOUT_ATTEMPTS
        if address and not locked:
            locked = failures.filter(source_ip=address).count() >= 4 * settings.LOCKOUT_ATTEMPTS
        if locked:
            raise forms.ValidationError(
                f"Too many failed attempts to sign in. Wait {settings.LOCKOUT_MINUTES} minutes and try again, "
                "or reset your password.",
                code="locked",
            )
        return super().clean()


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def get_users(self, email: str) -> Any:
        """Active accounts with this address, including new ones that have not set a password yet."""
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queue the e-mail by the account's id: the worker makes the link as it sends (``accounts.tasks``)."""
        email = next(key for key, (_, body) in EMAILS.items() if body == email_template_name)
        user_id, domain, protocol = context["user"].pk, context["domain"], context["protocol"]
        transaction.on_commit(
            lambda: send_password_email.enqueue(user_id=user_id, email=email, domain=domain, protocol=protocol)
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    pass


def _set_password_widgets(form_class: type[forms.Form]) -> None:
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, forms.PasswordInput):
            field.widget.attrs["autocomplete"] = "current-password" if name == "old_password" else "new-password"


_set_password_widgets(SetPasswordForm)
_set_password_widgets(PasswordChangeForm)


def _regions() -> list[tuple[str, str]]:
    regions = (
        Organisation.objects.icss().exclude(region="").values_list("region", flat=True).distinct().order_by("region")
    )
    return [("", "Not a regional lead")] + [(region, region) for region in regions]


class UserForm(forms.Form):
    """An administrator adds or changes an account."""

    first_name = forms.CharField(max_length=150, error_messages={"required": "Enter the first name"})
    last_name = forms.CharField(max_length=150, error_messages={"required": "Enter the last name"})
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    username = forms.SlugField(
        max_length=150,
        help_text="Letters, numbers and hyphens, for example coordinator-kent.",
        error_messages={
            "required": "Enter a username",
            "invalid": "A username can only have letters, numbers, hyphens and underscores",
        },
    )
    role = forms.ChoiceField(
        choices=[choice for choice in Role.choices if choice[0] != Role.YOUNG_PERSON],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.exclude(kind=OrganisationKind.ICS).order_by("name"),
        required=False,
        empty_label="None",
        help_text="Required for provider recruiters and funder viewers.",
    )
    icss = forms.ModelMultipleChoiceField(
        label="Caseload integrated care systems",
        queryset=Organisation.objects.icss().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For coordinators: the systems whose young people they support.",
    )
    region = forms.ChoiceField(label="Region led", required=False, help_text="For regional leads.")

    def __init__(self, *args: Any, instance: User | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "first_name": instance.first_name,
                    "last_name": instance.last_name,
                    "email": instance.email,
                    "username": instance.username,
                    "role": instance.role,
                    "organisation": instance.organisation_id,
                    "icss": [ics.pk for ics in instance.icss.all()],
                    "region": instance.region,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _regions()  # type: ignore[attr-defined]
        if instance is not None:
            del self.fields["username"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(email__iexact=email)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("An account already uses this email address")
        return email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("An account already uses this username")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role != Role.REGIONAL_LEAD:
            data["region"] = ""
        if role != Role.COORDINATOR:
            data["icss"] = []
        if role == Role.COORDINATOR and not data.get("icss"):
            self.add_error("icss", "Choose at least one integrated care system for this coordinator")
        if role and "organisation" in data and "region" in data:
            probe = User(role=role, organisation=data.get("organisation"), region=data.get("region") or "")
            try:
                probe.clean()
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return data


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the organisation's name"})
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of organisation"},
    )
    provider_type = forms.ChoiceField(
        label="Type of provider",
        choices=[("", "Not a provider"), *ProviderType.choices],
        required=False,
    )
    code = forms.CharField(
        label="ODS code",
        max_length=10,
        required=False,
        help_text="The NHS Organisation Data Service code, for example QKS or RYE. Required for an ICS.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
    )
    ons_code = forms.CharField(
        label="ONS code",
        max_length=9,
        required=False,
        help_text="For an integrated care system, for example E54000032.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
    )
    cqc_location = forms.CharField(
        label="CQC location ID",
        max_length=20,
        required=False,
        help_text="For a care provider: its Care Quality Commission location ID, for example 1-123456789.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "spellcheck": "false"}),
    )
    region = forms.CharField(
        max_length=60, required=False, help_text="For an integrated care system: its NHS England region."
    )
    icss = forms.ModelMultipleChoiceField(
        label="Integrated care systems it works in",
        queryset=Organisation.objects.icss().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, instance: Organisation | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "kind": instance.kind,
                    "provider_type": instance.provider_type,
                    "code": instance.code,
                    "ons_code": instance.ons_code,
                    "cqc_location": instance.cqc_location,
                    "region": instance.region,
                    "icss": [ics.pk for ics in instance.icss.all()],
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["kind"]  # an organisation's kind is fixed: its accounts and records depend on it
            self.fields["icss"].queryset = self.fields["icss"].queryset.exclude(pk=instance.pk)  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        taken = Organisation.objects.filter(code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if code and taken.exists():
            raise forms.ValidationError("An organisation already has this ODS code")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or (self.instance.kind if self.instance is not None else None)
        if kind and kind != OrganisationKind.PROVIDER:
            data["provider_type"] = ""
        data["cqc_location"] = (data.get("cqc_location") or "").strip()
        probe = Organisation(
            kind=kind or "",
            provider_type=data.get("provider_type", ""),
            code=data.get("code", ""),
            cqc_location=data["cqc_location"],
        )
        if kind:
            try:
                probe.clean()
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return data


class ContactForm(forms.Form):
    role = forms.ChoiceField(
        choices=ContactRole.choices, widget=forms.RadioSelect, error_messages={"required": "Choose their role"}
    )
    name = forms.CharField(max_length=150, error_messages={"required": "Enter their name"})
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(label="Phone number", max_length=30, required=False)


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "nhsuk-input--width-10"}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args: Any, login: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.login = login

    def clean(self) -> dict[str, Any]:
        since = timezone.now() - datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)
        failures = AuditEntry.objects.filter(action="sign_in_failed", at__gte=since, detail__login__iexact=self.login)
        if failures.count() >= settings.LOCKOUT_ATTEMPTS:
            raise forms.ValidationError(
                f"Too many failed attempts to sign in. Wait {settings.LOCKOUT_MINUTES} minutes and try again.",
                code="locked",
            )
        return super().clean() or {}


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        max_length=100,
        help_text="For example, the name of the system that will use it.",
        error_messages={"required": "Enter what this token is for"},
    )
    expires_in_days = forms.TypedChoiceField(
        label="When should it stop working?",
        choices=[("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")],
        coerce=int,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the token should stop working"},
    )
