"""The demo programme's delivery and recruitment records: key contacts, course templates and local employment
needs for every provider, recruitment campaigns with their sign-ups, an open vacancy per provider, and, for
the most recent interviews in the demo journeys, the vacancies, applications, values-scored interviews,
guaranteed interviews and offers behind them.

The journeys' milestones are already on the event log (written by ``participants.demo``), so these records
mirror them and are created directly rather than through the services, which would write the events twice.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.db.models import Q

from onramp.accounts.models import ContactRole, KeyContact, Organisation, ProviderType, User
from onramp.core.working_days import add_working_days
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import Campaign, Programme, YoungPerson
from onramp.recruitment.models import (
    Application,
    ConsensusScore,
    EmploymentNeed,
    Entitlement,
    EntitlementStatus,
    Interview,
    Offer,
    OfferStatus,
    Stage,
    StageChange,
    Vacancy,
    Value,
    ValuesScore,
)
from onramp.training.models import CourseTemplate

D = datetime.date
SEED = 2023
MIRRORED = 80  # the most recent interviews given their recruitment records

MODULES: dict[str, str] = {
    ProviderType.AMBULANCE_SERVICE: "Our values and the patient's journey\nBasic life support\nDriving and road safety "
    "awareness\nMoving and handling\nApplication and interview practice",
    ProviderType.NHS_TRUST: "Our values and working in a hospital\nInfection prevention and control\nMoving and "
    "handling\nCommunication and dignity\nApplication and interview practice",
    ProviderType.CARE_PROVIDER: "What good care looks like\nSafeguarding\nMoving and handling\nFood, drink and "
    "personal care\nApplication and interview practice",
}
CONTACT_NAMES = [
    "Alex Morgan",
    "Bea Okonjo",
    "Chris Hale",
    "Dina Rahman",
    "Ed Fairweather",
    "Fatima Noor",
    "Gus Pereira",
    "Hannah Lowe",
    "Ivan Petrov",
    "Jo Kingsley",
]
CAMPAIGNS = [
    ("Care leavers into care careers", "referral_partner", "Care leavers aged 18 to 25", D(2020, 9, 1), D(2021, 3, 31)),
    ("Summer of health careers", "social_media", "16 to 24 year olds not in work", D(2022, 5, 1), D(2022, 8, 31)),
    (
        "Colleges into care",
        "school_or_college",
        "College leavers in health and social care",
        D(2023, 3, 1),
        D(2023, 7, 31),
    ),
    ("Jobcentre pathways", "jobcentre", "Young people claiming Universal Credit", D(2023, 10, 1), D(2024, 3, 31)),
]


def build(*, admin: User, today: D) -> dict[str, int]:
    """Idempotent: does nothing when the demo's vacancies exist. Returns what it made, by kind."""
    if Vacancy.objects.exists():
        return {}
    rng = random.Random(SEED)
    made: dict[str, int] = {}
    with transaction.atomic():
        providers = list(Organisation.objects.providers().order_by("name"))
        _contacts_templates_needs(rng, providers, made)
        _campaigns(made)
        for provider in providers:
            Vacancy.objects.create(
                provider=provider,
                title=_role_title(provider),
                role=_role_of(provider),
                band_or_pay="£12.60 an hour" if provider.provider_type == ProviderType.CARE_PROVIDER else "Band 3",
                hours="37.5 hours a week",
                location=provider.name.split(" NHS")[0],
                closing_on=today + datetime.timedelta(days=45),
                posts=rng.randint(2, 6),
                created_by=admin,
            )
        made["vacancies"] = len(providers)
        _mirror_interviews(rng, admin, made)
    return made


ROLES: dict[str, str] = {ProviderType.AMBULANCE_SERVICE: "ambulance", ProviderType.CARE_PROVIDER: "care_worker"}
TITLES: dict[str, str] = {
    ProviderType.AMBULANCE_SERVICE: "Ambulance care assistant",
    ProviderType.CARE_PROVIDER: "Care assistant",
}


def _role_of(provider: Organisation) -> str:
    return ROLES.get(provider.provider_type, "healthcare_assistant")


def _role_title(provider: Organisation) -> str:
    return TITLES.get(provider.provider_type, "Healthcare support worker")


def _contacts_templates_needs(rng: random.Random, providers: list[Organisation], made: dict[str, int]) -> None:
    names = iter(CONTACT_NAMES * 4)
    for provider in providers:
        for role in (ContactRole.PARTNERSHIP_LEAD, ContactRole.RECRUITING_MANAGER, ContactRole.CHARITY_LEAD):
            name = next(names)
            domain = (
                "charity.demo.onramp.invalid" if role == ContactRole.CHARITY_LEAD else "provider.demo.onramp.invalid"
            )
            KeyContact.objects.create(
                organisation=provider,
                role=role,
                name=name,
                email=f"{name.lower().replace(' ', '.')}@{domain}",
            )
        CourseTemplate.objects.create(
            provider=provider,
            name=f"{_role_title(provider)} pre-employment course",
            modules=MODULES.get(provider.provider_type, MODULES[ProviderType.NHS_TRUST]),
            length_days=rng.choice([1, 5, 10, 15]),
            delivery_mode=rng.choice(["in_person", "online", "hybrid"]),
        )
        EmploymentNeed.objects.create(provider=provider, role=_role_of(provider), number=rng.randint(4, 30))
    made["contacts"] = 3 * len(providers)
    made["course templates"] = made["employment needs"] = len(providers)


def _campaigns(made: dict[str, int]) -> None:
    programme = Programme.objects.order_by("pk").first()
    if programme is None:
        return
    for name, channel, audience, starts, ends in CAMPAIGNS:
        campaign = Campaign.objects.create(
            programme=programme, name=name, channel=channel, audience=audience, starts_on=starts, ends_on=ends
        )
        # Set-based: the campaign's sign-ups are those who came through a campaign in its window.
        YoungPerson.objects.filter(
            programme=programme, referral_source="campaign", registered_on__gte=starts, registered_on__lte=ends
        ).update(campaign=campaign)
    made["campaigns"] = len(CAMPAIGNS)


def _mirror_interviews(rng: random.Random, admin: User, made: dict[str, int]) -> None:
    interviews = list(
        JourneyEvent.objects.counting()
        .filter(type=EventType.INTERVIEW_ATTENDED, organisation__isnull=False)
        .select_related("young_person", "organisation")
        .order_by("-occurred_on", "-pk")[:MIRRORED]
    )
    recruiters = {user.organisation_id: user for user in User.objects.filter(role="provider_recruiter")}
    vacancies: dict[tuple[int, str], Vacancy] = {}
    count = 0
    for attended in interviews:
        person, provider, day = attended.young_person, attended.organisation, attended.occurred_on
        assert provider is not None
        later = {
            e.type: e
            for e in JourneyEvent.objects.counting()
            .filter(young_person=person, occurred_on__gte=day, organisation=provider)
            .filter(Q(type=EventType.JOB_OFFERED) | Q(type=EventType.OFFER_ACCEPTED) | Q(type=EventType.OFFER_DECLINED))
        }
        offer = later.get(EventType.JOB_OFFERED)
        role = offer.role if offer else _role_of(provider)
        key = (provider.pk, role)
        if key not in vacancies:
            vacancies[key] = Vacancy.objects.create(
                provider=provider,
                title=f"{_role_title(provider)} (earlier round)",
                role=role,
                band_or_pay="Band 3",
                hours="37.5 hours a week",
                location=provider.name.split(" NHS")[0],
                closing_on=day - datetime.timedelta(days=14),
                posts=12,
                closed=True,
                created_by=admin,
            )
        application = _application(person, vacancies[key], day, offer is not None, admin)
        interview = Interview.objects.create(application=application, held_on=day)
        panel = [recruiters.get(provider.pk) or admin, person.coordinator or admin]
        interview.panel.set(panel)
        agreed = {value: rng.choice([2, 3, 3, 3, 4]) for value in Value}
        for member in dict.fromkeys(panel):
            for value in Value:
                drift = rng.choice([-1, 0, 0, 0, 1]) + (
                    1 if member.role == "provider_recruiter" and rng.random() < 0.2 else 0
                )
                ValuesScore.objects.create(
                    interview=interview, interviewer=member, value=value, score=min(4, max(1, agreed[value] + drift))
                )
        for value, score in agreed.items():
            ConsensusScore.objects.create(interview=interview, value=value, score=score)
        guaranteed = (
            JourneyEvent.objects.counting()
            .filter(young_person=person, type=EventType.INTERVIEW_GUARANTEED, organisation=provider)
            .order_by("occurred_on")
            .first()
        )
        if guaranteed is not None:
            entitlement = Entitlement.objects.create(
                young_person=person,
                provider=provider,
                granted_on=guaranteed.occurred_on,
                deadline=add_working_days(guaranteed.occurred_on, person.programme.interview_deadline_working_days),
                status=EntitlementStatus.FULFILLED,
                fulfilled_on=day,
            )
            interview.entitlement = entitlement
            interview.save(update_fields=["entitlement"])
        if offer is not None:
            answer = later.get(EventType.OFFER_ACCEPTED) or later.get(EventType.OFFER_DECLINED)
            Offer.objects.create(
                application=application,
                role=offer.role,
                hours="37.5 hours a week",
                band_or_pay="Band 3",
                made_on=offer.occurred_on,
                status=OfferStatus.MADE
                if answer is None
                else OfferStatus.ACCEPTED
                if answer.type == EventType.OFFER_ACCEPTED
                else OfferStatus.DECLINED,
                answered_on=answer.occurred_on if answer else None,
                decline_reason="Took another job" if answer and answer.type == EventType.OFFER_DECLINED else "",
            )
        count += 1
    made["applications with interviews"] = count


def _application(person: YoungPerson, vacancy: Vacancy, day: D, offered: bool, admin: User) -> Any:
    referred = day - datetime.timedelta(days=10)
    application = Application.objects.create(
        young_person=person,
        vacancy=vacancy,
        stage=Stage.OFFERED if offered else Stage.INTERVIEWED,
        referred_on=referred,
        referred_by=person.coordinator or admin,
    )
    steps = [(Stage.REFERRED, referred), (Stage.INTERVIEW_SCHEDULED, referred), (Stage.INTERVIEWED, day)]
    if offered:
        steps.append((Stage.OFFERED, day))
    previous = ""
    for stage, on in steps:
        StageChange.objects.create(
            application=application, from_stage=previous, to_stage=stage, changed_on=on, changed_by=admin
        )
        previous = stage
    return application
