"""Organisations in the partnership and the people who sign in to Onramp."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from onramp.core import crypto


class OrganisationKind(models.TextChoices):
    FUNDER = "funder", "Funder"
    DELIVERY_PARTNER = "delivery_partner", "Delivery partner"
    PROVIDER = "provider", "Provider"
    ICS = "ics", "Integrated care system"


class ProviderType(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    AMBULANCE_SERVICE = "ambulance_service", "Ambulance service"
    CARE_PROVIDER = "care_provider", "Care provider"
    OTHER = "other", "Other"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def icss(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.ICS)

    def providers(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.PROVIDER)

    def in_region(self, region: str) -> OrganisationQuerySet:
        """ICSs in the region, and the organisations that work in one of them."""
        return self.filter(
            models.Q(kind=OrganisationKind.ICS, region=region) | models.Q(icss__region=region)
        ).distinct()

    def working_in(self, icss: models.QuerySet[Organisation]) -> OrganisationQuerySet:
        """These ICSs and the organisations that work in at least one of them."""
        return self.filter(models.Q(pk__in=icss.values("pk")) | models.Q(icss__in=icss)).distinct()


CQC_LOCATION = re.compile(r"1-\d{8,11}")


class Organisation(models.Model):
    """A funder, the delivery partner, a provider (employer) or an integrated care system."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    provider_type = models.CharField(
        max_length=20, choices=ProviderType.choices, blank=True, help_text="Only for providers."
    )
    code = models.CharField(
        "ODS code",
        max_length=10,
        blank=True,
        help_text="The NHS Organisation Data Service code, for example QKS or RYE.",
    )
    ons_code = models.CharField(
        "ONS code", max_length=9, blank=True, help_text="For an ICS: its ONS code, for example E54000032."
    )
    cqc_location = models.CharField(
        "CQC location ID",
        max_length=20,
        blank=True,
        help_text="For a care provider: its Care Quality Commission location ID, for example 1-123456789.",
    )
    region = models.CharField(max_length=60, blank=True, help_text="The NHS England region, for example South East.")
    icss = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": OrganisationKind.ICS},
        verbose_name="integrated care systems worked in",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="organisation_code_unique"),
            models.CheckConstraint(
                condition=models.Q(kind=OrganisationKind.PROVIDER) | models.Q(provider_type=""),
                name="organisation_provider_type_only_for_providers",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ics(self) -> bool:
        return self.kind == OrganisationKind.ICS

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == OrganisationKind.PROVIDER and not self.provider_type:
            errors["provider_type"] = "Choose the type of provider"
        if self.kind == OrganisationKind.ICS and not self.code:
            errors["code"] = "Enter the integrated care system's ODS code, for example QKS"
        if self.cqc_location and not CQC_LOCATION.fullmatch(self.cqc_location):
            errors["cqc_location"] = "Enter the CQC location ID as 1- and 8 to 11 digits, for example 1-123456789"
        if self.cqc_location and self.kind != OrganisationKind.PROVIDER:
            errors["cqc_location"] = "Only providers have a CQC location ID"
        if errors:
            raise ValidationError(errors)

    @property
    def kind_label(self) -> str:
        if self.kind == OrganisationKind.PROVIDER and self.provider_type:
            return self.get_provider_type_display()
        return self.get_kind_display()


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Programme coordinator"
    REGIONAL_LEAD = "regional_lead", "Regional lead"
    PROVIDER_RECRUITER = "provider_recruiter", "Provider recruiter"
    FUNDER_VIEWER = "funder_viewer", "Funder viewer"
    YOUNG_PERSON = "young_person", "Young person"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that only make sense inside one kind of organisation.
ROLE_ORGANISATION_KIND: dict[str, OrganisationKind] = {
    Role.PROVIDER_RECRUITER: OrganisationKind.PROVIDER,
    Role.FUNDER_VIEWER: OrganisationKind.FUNDER,
}


class OnrampUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username)


class User(AbstractUser):
    """Someone who signs in. Their role and organisation decide what they may see."""

    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    icss = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="coordinators",
        limit_choices_to={"kind": OrganisationKind.ICS},
        verbose_name="caseload ICSs",
        help_text="For coordinators: the integrated care systems whose young people they support.",
    )
    region = models.CharField(max_length=60, blank=True, help_text="For regional leads: the region they lead.")
    totp_secret_encrypted = models.CharField(
        "two-factor secret, encrypted", max_length=255, blank=True, editable=False, help_text="See core/crypto.py."
    )
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = OnrampUserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def needs_two_factor(self) -> bool:
        """Staff and providers' users sign in with a code from an authenticator app, unless switched off (demo)."""
        return settings.TWO_FACTOR_REQUIRED and self.role != Role.YOUNG_PERSON

    @property
    def totp_secret(self) -> str:
        """The authenticator app's shared secret (base32), kept encrypted in the database."""
        return crypto.decrypt(self.totp_secret_encrypted)

    @totp_secret.setter
    def totp_secret(self, secret: str) -> None:
        self.totp_secret_encrypted = crypto.encrypt(secret)

    @property
    def role_label(self) -> str:
        return self.get_role_display()

    def clean(self) -> None:
        """An account's role must fit its organisation and region."""
        super().clean()
        errors: dict[str, str] = {}
        role_words = self.get_role_display().lower()
        kind = ROLE_ORGANISATION_KIND.get(self.role)
        if kind is not None:
            if self.organisation is None:
                errors["organisation"] = f"Choose the organisation this {role_words} works for"
            elif self.organisation.kind != kind:
                errors["organisation"] = f"A {role_words} must belong to a {kind.label.lower()}"
        if self.role == Role.REGIONAL_LEAD and not self.region:
            errors["region"] = "Choose the region this regional lead leads"
        if errors:
            raise ValidationError(errors)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; it carries its user's scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, unique=True, help_text="Shown to identify the token; not secret.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.user})"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class ContactRole(models.TextChoices):
    PARTNERSHIP_LEAD = "partnership_lead", "Partnership lead"
    RECRUITING_MANAGER = "recruiting_manager", "Recruiting manager"
    ONBOARDING_CONTACT = "onboarding_contact", "Onboarding contact"
    CHARITY_LEAD = "charity_lead", "The charity's lead for this provider"


class KeyContact(models.Model):
    """A named person responsible for a provider's part of the partnership, on either side: the provider's
    partnership lead, recruiting manager and onboarding contact, and the charity's lead for the provider."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=30, choices=ContactRole.choices)
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_roles",
        help_text="Their Onramp account, if they have one: they are then sent the provider's reminders.",
    )

    class Meta:
        ordering = ["organisation", "role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "role", "name"], name="contact_unique_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.get_role_display().lower()}"

    def clean(self) -> None:
        if not self.email and not self.phone:
            raise ValidationError({"email": "Enter an email address or a phone number"})
