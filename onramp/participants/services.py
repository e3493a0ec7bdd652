"""Every write about a young person: keyword arguments, one transaction, an audit entry."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.core import audit
from onramp.core.concurrency import next_version
from onramp.geography import services as geography
from onramp.geography.selectors import Area
from onramp.participants import lifecycle
from onramp.participants.models import (
    Campaign,
    Consent,
    Programme,
    ProgrammePhase,
    Source,
    Target,
    YoungPerson,
    digits,
    evaluate_eligibility,
)

PERSONAL_FIELDS = {
    "registered_on",
    "given_name",
    "family_name",
    "date_of_birth",
    "email",
    "phone",
    "contact_by",
    "reference",
    "ethnic_group",
    "sex",
    "gender_identity",
    "disability",
    "care_leaver",
    "employment_status",
    "receiving_benefits",
    "referral_source",
    "campaign",
    "coordinator",
    "ics",
}


def _ics_for(area: Area | None, fallback: Organisation | None) -> Organisation | None:
    if area is not None and area.icb_ods:
        found = Organisation.objects.icss().filter(code=area.icb_ods).first()
        if found is not None:
            return found
    return fallback


def _apply_eligibility(person: YoungPerson) -> None:
    result = evaluate_eligibility(
        programme=person.programme,
        date_of_birth=person.date_of_birth,
        registered_on=person.registered_on,
        # Where their postcode places them; if it does not (a new or unknown postcode), the ICS chosen by staff.
        icb_ods=person.icb_ods or (person.ics.code if person.ics is not None else ""),
    )
    person.eligible = result.eligible
    person.eligibility_reasons = result.reasons


@transaction.atomic
def register(
    *,
    actor: User | None,
    programme: Programme,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    registered_on: datetime.date,
    import_checksum: str = "",
    postcode: str = "",
    ics: Organisation | None = None,
    source: str = Source.WEB,
    area: Area | None = None,
    **details: Any,
) -> YoungPerson:
    """Register a young person: enrich the postcode, evaluate eligibility (kept, never a reason to refuse),
    and write the ``registered`` event."""
    unknown = set(details) - PERSONAL_FIELDS
    if unknown:
        raise TypeError(f"register() got unexpected fields: {', '.join(sorted(unknown))}.")
    person = YoungPerson(
        programme=programme,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        registered_on=registered_on,
        created_by=actor,
        eligible=False,
        **details,
    )
    person.phone_digits = digits(person.phone)
    person.email = person.email.strip().lower()
    located = geography.locate(person, postcode, area=area)
    person.ics = _ics_for(located, ics)
    _apply_eligibility(person)
    person.full_clean(exclude=["eligible"])
    person.save()
    lifecycle.registered(actor=actor, person=person, source=source, import_checksum=import_checksum)
    audit.record(
        actor=actor,
        action="young_person.registered",
        target=person,
        detail={"eligible": person.eligible, "reasons": person.eligibility_reasons, "source": source},
    )
    return person


@transaction.atomic
def update_details(
    *,
    actor: User | None,
    person: YoungPerson,
    postcode: str | None = None,
    area: Area | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> YoungPerson:
    """Change a young person's details; re-enrich and re-evaluate eligibility when postcode or date of birth
    change. Records old and new values (special-category values are recorded as 'changed', not shown).

    With ``expected_version`` (the version an edit form was shown), refuses with ``EditConflict`` if someone
    else has changed the record since; either way a change moves the record on to its next version."""
    unknown = set(values) - PERSONAL_FIELDS
    if unknown:
        raise TypeError(f"update_details() got unexpected fields: {', '.join(sorted(unknown))}.")
    if "ics" in values and values["ics"] is None:
        # "Work it out from the postcode": the ICS of the ICB the stored postcode places them in, else unchanged.
        values["ics"] = Organisation.objects.icss().filter(code=person.icb_ods).first() if person.icb_ods else None
        values["ics"] = values["ics"] or person.ics
    if "registered_on" in values and values["registered_on"] != person.registered_on:
        words = lifecycle.registration_date_problem(person=person, registered_on=values["registered_on"])
        if words:
            raise ValidationError({"registered_on": words})
    diff = audit.changes(person, values)
    for name in SPECIAL_CATEGORY & set(diff):
        diff[name] = {"old": "(recorded)", "new": "(changed)"}
    for name, value in values.items():
        setattr(person, name, value)
    if "phone" in values:
        person.phone_digits = digits(person.phone)
    if "email" in values:
        person.email = person.email.strip().lower()
    if postcode is not None and geography.postcodes.normalise(postcode) != person.postcode_key:
        old = person.postcode
        located = geography.locate(person, postcode, area=area)
        person.ics = _ics_for(located, person.ics)
        diff["postcode"] = {"old": old, "new": person.postcode}
    if diff:
        _apply_eligibility(person)
        person.full_clean(exclude=["eligible"])
        next_version(person, expected_version)
        person.save()
        if "registered_on" in diff:
            lifecycle.registration_moved(actor=actor, person=person)
        audit.record(actor=actor, action="young_person.updated", target=person, detail=diff)
    return person


SPECIAL_CATEGORY = {"ethnic_group", "sex", "gender_identity", "disability"}


@transaction.atomic
def override_eligibility(*, actor: User, person: YoungPerson, justification: str) -> YoungPerson:
    justification = justification.strip()
    if len(justification) < 20:
        raise ValidationError({"justification": "Write at least a sentence (20 characters) to justify the override"})
    person.eligibility_override = justification
    person.eligibility_overridden_by = actor
    next_version(person)
    person.save(update_fields=["eligibility_override", "eligibility_overridden_by"])
    audit.record(
        actor=actor,
        action="young_person.eligibility_overridden",
        target=person,
        detail={"reasons": person.eligibility_reasons, "justification": justification},
    )
    return person


# --- consent ----------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *,
    actor: User | None,
    person: YoungPerson,
    purpose: str,
    lawful_basis: str,
    given_on: datetime.date,
    organisation: Organisation | None = None,
) -> Consent:
    if person.consents.in_force().filter(purpose=purpose, organisation=organisation).exists():
        raise ValidationError({"purpose": "This consent is already recorded and in force"})
    consent = Consent(
        young_person=person,
        purpose=purpose,
        lawful_basis=lawful_basis,
        given_on=given_on,
        organisation=organisation,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit.record(
        actor=actor,
        action="consent.recorded",
        target=person,
        detail={
            "purpose": purpose,
            "organisation": str(organisation) if organisation else None,
            "lawful_basis": lawful_basis,
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User | None, consent: Consent, withdrawn_on: datetime.date, note: str = "") -> Consent:
    """Withdrawal takes effect at once: every scope and check reads ``Consent.objects.in_force()``."""
    if not consent.in_force:
        raise ValidationError({"withdrawn_on": "This consent has already been withdrawn"})
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": "Consent cannot be withdrawn before it was given"})
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    consent.withdrawal_note = note[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawn_on", "withdrawn_by", "withdrawal_note"])
    audit.record(
        actor=actor,
        action="consent.withdrawn",
        target=consent.young_person,
        detail={
            "purpose": consent.purpose,
            "organisation": str(consent.organisation) if consent.organisation_id else None,
        },
    )
    return consent


# --- programmes, phases and targets --------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "name",
    "funder",
    "delivery_partner",
    "starts_on",
    "ends_on",
    "min_age",
    "max_age",
    "require_residence_in_icss",
    "interview_deadline_working_days",
    "check_in_schedule",
)


@transaction.atomic
def save_programme(
    *,
    actor: User,
    programme: Programme | None = None,
    icss: list[Organisation],
    expected_version: int | None = None,
    **values: Any,
) -> Programme:
    """Create or change a programme. Eligibility rules apply to registrations from then on; records already
    registered keep the eligibility they were given (an override stays an override)."""
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"save_programme() got unexpected fields: {', '.join(sorted(unknown))}.")
    created = programme is None
    programme = programme or Programme()
    diff = {} if created else audit.changes(programme, values)
    if not created:
        next_version(programme, expected_version)
    for field, value in values.items():
        setattr(programme, field, value)
    programme.full_clean()
    programme.save()
    before = set() if created else set(programme.icss.values_list("code", flat=True))
    programme.icss.set(icss)
    after = {ics.code for ics in icss}
    if before != after:
        diff["icss"] = {"old": sorted(before), "new": sorted(after)}
    audit.record(actor=actor, action="programme.saved", target=programme, detail={"created": created, "changes": diff})
    return programme


@transaction.atomic
def save_phase(
    *,
    actor: User,
    programme: Programme,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    phase: ProgrammePhase | None = None,
) -> ProgrammePhase:
    created = phase is None
    phase = phase or ProgrammePhase(programme=programme)
    values = {"name": name.strip(), "starts_on": starts_on, "ends_on": ends_on}
    diff = {} if created else audit.changes(phase, values)
    for field, value in values.items():
        setattr(phase, field, value)
    phase.full_clean()
    phase.save()
    audit.record(
        actor=actor, action="programme_phase.saved", target=phase, detail={"created": created, "changes": diff}
    )
    return phase


@transaction.atomic
def set_target(*, actor: User, phase: ProgrammePhase, metric: str, comparison: str, value: decimal.Decimal) -> Target:
    """Set a phase's target on a figure; setting it again replaces the value (audited old and new)."""
    target = Target.objects.filter(phase=phase, metric=metric, comparison=comparison).first()
    old = None if target is None else str(target.value)
    target = target or Target(phase=phase, metric=metric, comparison=comparison)
    target.value = value
    target.full_clean()
    target.save()
    audit.record(
        actor=actor,
        action="target.saved",
        target=target,
        detail={"phase": str(phase), "metric": metric, "comparison": comparison, "old": old, "new": str(value)},
    )
    return target


@transaction.atomic
def remove_target(*, actor: User, target: Target) -> None:
    audit.record(
        actor=actor,
        action="target.removed",
        target=target,
        detail={"phase": str(target.phase), "metric": target.metric, "value": str(target.value)},
    )
    target.delete()


CAMPAIGN_FIELDS = ("name", "programme", "channel", "audience", "starts_on", "ends_on", "provider", "ics")


@transaction.atomic
def save_campaign(*, actor: User, campaign: Campaign | None = None, **values: Any) -> Campaign:
    unknown = set(values) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"save_campaign() got unexpected fields: {', '.join(sorted(unknown))}.")
    created = campaign is None
    campaign = campaign or Campaign()
    diff = {} if created else audit.changes(campaign, values)
    for field, value in values.items():
        setattr(campaign, field, value.strip() if isinstance(value, str) else value)
    campaign.full_clean()
    campaign.save()
    audit.record(actor=actor, action="campaign.saved", target=campaign, detail={"created": created, "changes": diff})
    return campaign
