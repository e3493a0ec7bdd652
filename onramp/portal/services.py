"""Writes from the young person's portal: signing up, sign-in links, contact details, consents, interest in
vacancies and grant requests. Each is one transaction with an audit entry; e-mails go after commit."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from onramp.accounts.models import Role, User
from onramp.core import audit
from onramp.core.models import AuditEntry
from onramp.geography.selectors import Area, lookup_one
from onramp.grants import services as grant_services
from onramp.grants.models import Grant
from onramp.notifications import services as notification_services
from onramp.participants import services as participant_services
from onramp.participants.models import (
    Consent,
    ConsentPurpose,
    LawfulBasis,
    Programme,
    ReferralSource,
    YoungPerson,
    evaluate_eligibility,
)
from onramp.portal import tokens
from onramp.portal.models import VacancyInterest
from onramp.recruitment.models import Vacancy

# Consents a young person gives or withdraws here. Programme delivery is the basis of the whole service (talk to
# the coordinator to leave); sharing with an employer is agreed with the coordinator for a named employer.
SELF_SERVICE_CONSENTS = {ConsentPurpose.SURVEYS, ConsentPurpose.EVALUATION_CONTACT}
WITHDRAWABLE_CONSENTS = SELF_SERVICE_CONSENTS | {ConsentPurpose.SHARE_WITH_EMPLOYER}


@dataclass
class SignUpResult:
    """``eligible`` False: nothing was stored, and ``reasons`` say why in plain words."""

    eligible: bool
    reasons: list[str] = field(default_factory=list)
    programme: Programme | None = None


def open_programmes(today: datetime.date) -> list[Programme]:
    """Programmes taking sign-ups today: started (or no start date) and not ended."""
    rows = Programme.objects.prefetch_related("icss").order_by("-starts_on", "name")
    return [
        p for p in rows if (p.starts_on is None or p.starts_on <= today) and (p.ends_on is None or p.ends_on >= today)
    ]


def _programme_for(area: Area, programmes: list[Programme]) -> Programme:
    """The open programme covering where they live; otherwise the first open one (whose rules then say why not)."""
    for programme in programmes:
        if area.icb_ods and area.icb_ods in {ics.code for ics in programme.icss.all()}:
            return programme
    return programmes[0]


LINKS_PER_HOUR = 5


def send_sign_in_link(*, user: User, base_url: str) -> None:
    """E-mail a one-time sign-in link (logged with a masked address, never the link); sent after commit. At most
    LINKS_PER_HOUR an hour to one account, so that nobody can flood someone's inbox from the public pages."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    if AuditEntry.objects.about(user).filter(action="portal.link_sent", at__gte=hour_ago).count() >= LINKS_PER_HOUR:
        return
    audit.record(actor=None, action="portal.link_sent", target=user)

    uid, token = tokens.link_path(user)
    notification_services.send_sign_in_link(
        email=user.email, link=base_url + reverse("portal:link", args=[uid, token]), minutes=tokens.LINK_MINUTES
    )


@transaction.atomic
def sign_up(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    postcode: str,
    email: str,
    phone: str,
    base_url: str,
    today: datetime.date | None = None,
) -> SignUpResult:
    """Check eligibility first; store nothing for someone who is not eligible. Otherwise register them (a
    self-referral), make their account, record their consent to the programme's support, and e-mail a sign-in
    link. Someone who already has an account is sent a sign-in link instead, and nothing else changes (the page
    they see is the same, so it does not tell anyone whether an address is known)."""
    today = today or timezone.localdate()
    email = User.objects.normalize_email(email.strip()).lower()
    programmes = open_programmes(today)
    if not programmes:
        return SignUpResult(eligible=False, reasons=["No programme is taking new people at the moment."])
    area = lookup_one(postcode)
    programme = _programme_for(area, programmes)
    result = evaluate_eligibility(
        programme=programme,
        date_of_birth=date_of_birth,
        registered_on=today,
        icb_ods=area.icb_ods or "",
        to_applicant=True,
    )
    if not result.eligible:
        return SignUpResult(eligible=False, reasons=result.reasons, programme=programme)

    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.role == Role.YOUNG_PERSON and existing.is_active:
            send_sign_in_link(user=existing, base_url=base_url)
        audit.record(actor=None, action="portal.sign_up_existing", target=existing)
        return SignUpResult(eligible=True, programme=programme)

    account = User(
        username=f"yp-{secrets.token_hex(6)}",
        email=email,
        role=Role.YOUNG_PERSON,
        first_name=given_name.strip(),
        last_name=family_name.strip(),
    )
    account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    # A record that staff registered with the same e-mail address and date of birth, and no account yet, is theirs.
    person = YoungPerson.objects.filter(
        email__iexact=email, date_of_birth=date_of_birth, account__isnull=True, erased_at__isnull=True
    ).first()
    if person is None:
        person = participant_services.register(
            actor=None,
            programme=programme,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            registered_on=today,
            postcode=postcode,
            area=area,
            email=email,
            phone=phone,
            referral_source=ReferralSource.SELF,
        )
    person.account = account
    person.save(update_fields=["account"])
    if not person.consents.in_force().filter(purpose=ConsentPurpose.DELIVERY).exists():
        participant_services.record_consent(
            actor=account,
            person=person,
            purpose=ConsentPurpose.DELIVERY,
            lawful_basis=LawfulBasis.CONSENT,
            given_on=today,
        )
    audit.record(actor=account, action="portal.signed_up", target=person)
    send_sign_in_link(user=account, base_url=base_url)
    return SignUpResult(eligible=True, programme=programme)


def request_sign_in_link(*, email: str, base_url: str) -> None:
    """Send a sign-in link if the address belongs to a young person's active account; say nothing either way."""
    user = User.objects.filter(email__iexact=email.strip(), role=Role.YOUNG_PERSON, is_active=True).first()
    if user is not None:
        with transaction.atomic():
            audit.record(actor=None, action="portal.link_requested", target=user)
            send_sign_in_link(user=user, base_url=base_url)


@transaction.atomic
def update_contact_details(*, person: YoungPerson, email: str, phone: str, contact_by: str) -> YoungPerson:
    """Their own e-mail address, phone number and how they want messages; the account's address follows the
    record's."""
    account = person.account
    assert account is not None
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exclude(pk=account.pk).exists():
        raise ValidationError({"email": "This email address is used by another account. Use a different one"})
    participant_services.update_details(
        actor=account, person=person, email=email, phone=phone.strip(), contact_by=contact_by
    )
    if account.email != email:
        account.email = email
        account.save(update_fields=["email"])
    return person


@transaction.atomic
def give_consent(*, person: YoungPerson, purpose: str, today: datetime.date | None = None) -> Consent:
    if purpose not in SELF_SERVICE_CONSENTS:
        raise ValidationError({"purpose": "Talk to your coordinator about this one"})
    return participant_services.record_consent(
        actor=person.account,
        person=person,
        purpose=purpose,
        lawful_basis=LawfulBasis.CONSENT,
        given_on=today or timezone.localdate(),
    )


@transaction.atomic
def withdraw_consent(*, person: YoungPerson, consent: Consent, today: datetime.date | None = None) -> Consent:
    if consent.young_person_id != person.pk or consent.purpose not in WITHDRAWABLE_CONSENTS:
        raise ValidationError({"purpose": "Talk to your coordinator about this one"})
    return participant_services.withdraw_consent(
        actor=person.account,
        consent=consent,
        withdrawn_on=max(today or timezone.localdate(), consent.given_on),
        note="Withdrawn by the young person in the portal",
    )


@transaction.atomic
def express_interest(*, person: YoungPerson, vacancy: Vacancy) -> VacancyInterest:
    if vacancy.closed or vacancy.closing_on < timezone.localdate():
        raise ValidationError("This job is no longer open")
    interest = VacancyInterest.objects.current().filter(young_person=person, vacancy=vacancy).first()
    if interest is None:
        interest = VacancyInterest.objects.create(young_person=person, vacancy=vacancy)
        audit.record(actor=person.account, action="portal.interest", target=person, detail={"vacancy": vacancy.pk})
    return interest


@transaction.atomic
def withdraw_interest(*, person: YoungPerson, vacancy: Vacancy) -> None:
    changed = (
        VacancyInterest.objects.current()
        .filter(young_person=person, vacancy=vacancy)
        .update(withdrawn_at=timezone.now())
    )
    if changed:
        audit.record(
            actor=person.account, action="portal.interest_withdrawn", target=person, detail={"vacancy": vacancy.pk}
        )


def request_grant(*, person: YoungPerson, category: str, amount: Decimal, need: str) -> Grant:
    """A grant asked for by the young person: the same rules as when staff ask (a budget must exist), decided by
    staff. Problems are said to them in plain words."""
    assert person.account is not None
    try:
        return grant_services.request_grant(
            actor=person.account, person=person, category=category, amount=amount, need=need
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "__all__" in error.error_dict:
            error.error_dict["__all__"] = [
                ValidationError(
                    "Grants cannot be asked for online at the moment. Talk to your coordinator about what you need."
                )
            ]
        raise
