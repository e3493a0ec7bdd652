"""The demo programme's young people: a seeded, deterministic South East cohort built through the real services.

Calibrated so that its South East 2019 to 2023 figures resemble the programme's own learning story: about 650
young people offered jobs, about 40% of them as healthcare assistants or care workers, about 44% of those
supported from ethnic minority backgrounds, about a quarter of starters living in IMD quintile 1, and about
84% of starters still in post three months on. Names are invented.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from onramp.accounts.models import Organisation, ProviderType, User
from onramp.core.progress import Progress
from onramp.geography.models import Lsoa11, Postcode
from onramp.journey import services as journey_services
from onramp.journey.models import EventType
from onramp.participants import services
from onramp.participants.models import Programme, YoungPerson
from onramp.plans import services as plan_services
from onramp.support import services as support_services
from onramp.support.models import ProgressionKind
from onramp.training import services as training_services
from onramp.training.models import Cohort

D = datetime.date
SEED = 2019
PROGRAMME_NAME = "South East health and care pathway"
FIRST_DAY = D(2019, 11, 1)
LAST_DAY = D(2024, 6, 28)

GIVEN = (
    "Aaliyah Abdi Adam Aisha Alfie Amara Amelia Amir Ava Ayaan Bella Ben Bilal Caleb Chantelle Chloe "
    "Connor Daisy Daniel Deji Ella Ellie Emeka Emily Erin Ethan Evie Faisal Farah Finley Freya George "
    "Grace Hamza Hana Harvey Isaac Isla Jack Jade Jamal Jasmine Jay Kacper Kai Keisha Kieran Leah Leo "
    "Lewis Liam Lily Luca Maisie Maya Megan Mia Mohammed Molly Nadia Nathan Niamh Noah Nuala Olivia Omar "
    "Oscar Patryk Priya Rhys Riley Rosie Ruby Ryan Safiya Sam Sana Shannon Sienna Sofia Tariq Theo Tia "
    "Tyler Yusuf Zac Zara Zoe"
).split()
FAMILY = (
    "Abbott Adeyemi Ahmed Ali Allen Asante Bailey Baker Banda Begum Bennett Brooks Campbell Carter Chen "
    "Clarke Cole Collins Cooper Davies Dixon Edwards Evans Fernandes Fisher Foster Francis Gill Green "
    "Hall Harris Hughes Hussain Igwe Iqbal Jackson James Johnson Jones Kaur Kelly Khan King Kowalski Lee "
    "Lewis Malik Marshall Martin Mensah Miah Mitchell Moore Morgan Murphy Nowak Okafor Okoro Osei Owen "
    "Palmer Parker Patel Phillips Price Rahman Reid Richards Roberts Robinson Rossi Scott Shah Sharma "
    "Simpson Singh Smith Stewart Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson "
    "Wood Wright Yilmaz Young"
).split()

# ONS 2021 ethnic group codes, weighted so that about 44% of those with a known group are not White British.
ETHNIC_WEIGHTS = {
    "13": 60,
    "17": 8,
    "14": 1,
    "15": 0.5,
    "16": 0.5,
    "6": 8,
    "7": 3,
    "8": 1,
    "3": 5,
    "4": 4.5,
    "1": 2.5,
    "2": 1,
    "5": 3,
    "9": 1.5,
    "10": 1.5,
    "11": 2,
    "12": 1.5,
    "18": 1,
    "19": 1.5,
}
ROLE_WEIGHTS = {
    "healthcare_assistant": 25,
    "care_worker": 16,
    "administrative": 19,
    "estates_facilities": 15,
    "ambulance": 12,
    "other": 13,
}
ICS_WEIGHTS = {"QKS": 22, "QNX": 19, "QU9": 18, "QRL": 20, "QNQ": 10, "QXU": 11}


@dataclass
class DemoCohort:
    programme: Programme
    created: int


def _between(rng: random.Random, start: D, end: D) -> D:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _after(rng: random.Random, day: D, low: int, high: int, limit: D) -> D | None:
    result = day + datetime.timedelta(days=rng.randint(low, high))
    return result if result <= limit else None


def _postcode_pools(rng: random.Random, icss: dict[str, Organisation]) -> dict[tuple[str, bool], list[str]]:
    """Live postcodes per (ICS, in IMD quintile 1?), sampled from up to 120 LSOAs each. Empty without data."""
    pools: dict[tuple[str, bool], list[str]] = {}
    for code in icss:
        lsoas = list(
            Lsoa11.objects.filter(icb22_ods=code)
            .exclude(imd2019_decile=None)
            .values_list("code", "imd2019_decile")
            .order_by("code")
        )
        for deprived in (True, False):
            chosen = [c for c, decile in lsoas if ((decile or 10) <= 2) == deprived]
            rng.shuffle(chosen)
            keys = list(
                Postcode.objects.filter(lsoa11__in=chosen[:120], terminated="")
                .values_list("key", flat=True)
                .order_by("key")
            )
            pools[(code, deprived)] = keys
    return pools


def build_young_people(
    *,
    coordinators: dict[str, User],
    admin: User,
    count: int = 2600,
    progress: Callable[[str], None] = lambda _: None,
) -> DemoCohort:
    rng = random.Random(SEED)
    icss = {o.code: o for o in Organisation.objects.icss().filter(code__in=ICS_WEIGHTS)}
    programme, _ = Programme.objects.get_or_create(name=PROGRAMME_NAME, defaults={"starts_on": FIRST_DAY})
    programme.icss.set(icss.values())
    if programme.young_people.exists():
        return DemoCohort(programme=programme, created=0)
    providers = list(Organisation.objects.providers().prefetch_related("icss").order_by("name"))
    pools = _postcode_pools(rng, icss)
    _COHORTS.clear()
    bar = Progress("Young people", count)
    created = 0
    for n in range(count):
        with transaction.atomic():
            _one_person(rng, n, programme, icss, providers, pools, coordinators, admin)
        created += 1
        bar.advance()
    bar.finish(f"{created:,} young people")
    progress(f"{created:,} young people")
    return DemoCohort(programme=programme, created=created)


_COHORTS: dict[tuple[int, str, D], Cohort] = {}


def _cohort_for(
    programme: Programme, ics: Organisation, wanted: D, providers: list[Organisation], actor: User
) -> Cohort:
    """The ICS's cohort starting on the next 1st or 15th of a month: one to three weeks, by turns."""
    start = (
        wanted.replace(day=15)
        if wanted.day <= 15
        else (wanted.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    )
    key = (programme.pk, ics.code, start)
    if key not in _COHORTS:
        name = f"{ics.code} pre-employment course, {start:%-d %B %Y}"
        existing = Cohort.objects.filter(programme=programme, name=name).first()
        if existing is None:
            length = (1, 5, 10, 15, 21)[start.month % 5]
            local = [p for p in providers if ics in p.icss.all()]
            existing = training_services.create_cohort(
                actor=actor,
                programme=programme,
                name=name,
                ics=ics,
                provider=local[start.month % len(local)] if local else None,
                delivery_mode=("in_person", "online", "hybrid")[start.day % 3],
                starts_on=start,
                ends_on=start + datetime.timedelta(days=length - 1),
            )
        _COHORTS[key] = existing
    return _COHORTS[key]


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _one_person(  # noqa: C901 - one person's whole journey reads best top to bottom
    rng: random.Random,
    n: int,
    programme: Programme,
    icss: dict[str, Organisation],
    providers: list[Organisation],
    pools: dict[tuple[str, bool], list[str]],
    coordinators: dict[str, User],
    admin: User,
) -> YoungPerson:
    ics_code = _pick(rng, ICS_WEIGHTS)
    ics = icss[ics_code]
    actor = coordinators.get(ics_code, admin)
    registered = _between(rng, FIRST_DAY, LAST_DAY)
    age = rng.choices([rng.randint(16, 30), rng.randint(31, 33)], weights=[97, 3])[0]
    born = registered - datetime.timedelta(days=age * 365 + rng.randint(0, 360))
    deprived = rng.random() < 0.235
    pool = pools.get((ics_code, deprived)) or pools.get((ics_code, not deprived)) or []
    postcode = rng.choice(pool) if pool else ""
    known = rng.random() < 0.95
    ethnic = _pick(rng, ETHNIC_WEIGHTS) if known else rng.choice(["", "prefer_not_to_say"])
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    person = services.register(
        actor=actor,
        programme=programme,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        registered_on=registered,
        postcode=postcode[:-3] + " " + postcode[-3:] if postcode else "",
        ics=ics,
        reference=f"SE-{n + 1:05d}",
        ethnic_group=ethnic,
        email=f"{given.lower()}.{family.lower()}{n}@example.invalid",
        phone=f"07700 9{n:05d}"[:13],
        sex=rng.choices(["female", "male", "prefer_not_to_say", ""], weights=[62, 34, 2, 2])[0],
        referral_source=rng.choice(["campaign", "jobcentre", "school", "self", "other"]),
        employment_status=rng.choices(["unemployed", "education", "part_time", "inactive"], weights=[60, 20, 12, 8])[0],
        care_leaver=rng.choices(["no", "yes", ""], weights=[85, 8, 7])[0],
        coordinator=coordinators.get(ics_code),
    )
    services.record_consent(
        actor=actor, person=person, purpose="programme_delivery", lawful_basis="consent", given_on=registered
    )
    if not person.eligible:
        # Registered, not eligible: every other one is let in by a lead's override and goes on; the rest stop here
        # (the services refuse them an enrolment, a referral or an offer).
        if n % 2:
            return person
        services.override_eligibility(
            actor=admin,
            person=person,
            justification="Agreed by the regional lead: an exception the programme board approved for them.",
        )
    # People registered recently are earlier in their journey; the cut-off is the demo's "today".
    limit = LAST_DAY

    def event(type: str, day: D, **extra: Any) -> None:
        journey_services.record_event(actor=actor, person=person, type=type, occurred_on=day, **extra)

    day = _after(rng, registered, 5, 25, limit)
    if day is None or rng.random() > 0.88:
        return person
    plan = plan_services.agree_plan(
        actor=actor,
        person=person,
        barriers=rng.sample(
            ["confidence", "travel", "childcare", "english_maths", "digital", "health", "housing", "money"],
            rng.randint(1, 3),
        ),
        barrier_notes="",
        goals=rng.choice(
            [
                "Become a healthcare assistant",
                "Work in a care home near home",
                "Start an admin role in the NHS",
                "Join the ambulance service",
                "Find steady work in estates and facilities",
            ]
        ),
        agreed_on=day,
    )
    due = day + datetime.timedelta(days=rng.randint(7, 40))
    plan_services.add_action(
        actor=actor,
        person=person,
        description=rng.choice(
            [
                "Update CV",
                "Apply for a bus pass",
                "Practise interview questions",
                "Open a bank account",
                "Book a digital skills session",
            ]
        ),
        owner=rng.choice(["young_person", "coordinator"]),
        due_on=due,
        agreed_on=day,
    )
    _support_session(random.Random(f"support-{n}"), actor, person, day, limit)
    if rng.random() > 0.82:
        return person
    wanted = _after(rng, day, 7, 40, limit)
    if wanted is None:
        return person
    cohort = _cohort_for(programme, ics, wanted, providers, actor)
    if cohort.ends_on > limit:
        return person
    event(EventType.COURSE_STARTED, cohort.starts_on, cohort_id=cohort.pk)
    done = cohort.ends_on
    if rng.random() > 0.9:
        if rng.random() < 0.5:
            event(EventType.WITHDRAWN, done, detail="Left the course")
        return person
    event(EventType.COURSE_COMPLETED, done, cohort_id=cohort.pk)
    plan_services.review_plan(
        actor=actor,
        person=person,
        reviewed_on=done,
        notes="Course completed",
        done_actions=list(plan.young_person.plans.get(is_current=True).actions.all()),
    )
    guaranteed = _after(rng, done, 0, 10, limit)
    if guaranteed is None or rng.random() > 0.83:
        return person
    employers = [p for p in providers if ics in p.icss.all()] or providers
    role = _pick(rng, ROLE_WEIGHTS)
    if role == "ambulance":
        employer = next((p for p in providers if p.provider_type == ProviderType.AMBULANCE_SERVICE), employers[0])
    elif role == "care_worker":
        employer = next((p for p in employers if p.provider_type == ProviderType.CARE_PROVIDER), rng.choice(employers))
    else:
        employer = rng.choice([p for p in employers if p.provider_type != ProviderType.CARE_PROVIDER] or employers)
    event(EventType.INTERVIEW_GUARANTEED, guaranteed, organisation=employer)
    services.record_consent(
        actor=actor,
        person=person,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=guaranteed,
        organisation=employer,
    )
    interview = _after(rng, guaranteed, 5, 30, limit)
    if interview is None or rng.random() > 0.9:
        return person
    event(EventType.INTERVIEW_ATTENDED, interview, organisation=employer)
    offered = _after(rng, interview, 1, 14, limit)
    if offered is None or rng.random() > 0.6:
        if rng.random() < 0.3:
            support_services.record_progression(
                actor=actor,
                person=person,
                kind=ProgressionKind.TRAINING_PLACE,
                progressed_on=_after(rng, interview, 20, 60, D(2026, 6, 30)) or interview,
                detail="Started a college course",
            )
        return person
    event(EventType.JOB_OFFERED, offered, role=role, organisation=employer)
    answer = _after(rng, offered, 1, 10, limit)
    if answer is None:
        return person
    if rng.random() < 0.1:
        event(EventType.OFFER_DECLINED, answer, organisation=employer)
        return person
    event(EventType.OFFER_ACCEPTED, answer, organisation=employer)
    cleared = _after(rng, answer, 14, 60, limit)
    if cleared is None or rng.random() > 0.95:
        return person
    event(EventType.CHECKS_CLEARED, cleared, organisation=employer)
    start = _after(rng, cleared, 3, 21, limit)
    if start is None or rng.random() > 0.96:
        return person
    event(EventType.STARTED_WORK, start, role=role, organisation=employer)
    chance = rng.random()
    if chance < 0.135:  # leaves within three months
        event(EventType.LEFT_WORK, start + datetime.timedelta(days=rng.randint(10, 88)), organisation=employer)
    elif chance < 0.30:  # leaves later
        left = start + datetime.timedelta(days=rng.randint(100, 500))
        if left <= D(2026, 6, 30):
            event(EventType.LEFT_WORK, left, organisation=employer)
    return person


SUPPORT_NOTES = [
    "Went through the application form together; worried about the gap in their CV after caring for their mum",
    "Practised values questions; gets anxious in interviews and asked for a quiet room",
    "CV updated with the volunteering; shared that money is tight until the first pay day",
    "Did not come; texted afterwards that their housing situation has changed",
    "Screening interview practice went well; wants help telling the employer about their dyslexia",
]


def _support_session(rng: random.Random, actor: User, person: YoungPerson, agreed: D, limit: D) -> None:
    """Help with applications and interviews for most people with a plan, with what they told the coordinator.
    Its own random stream (``rng``), so that the journeys stay as they were."""
    held = _after(rng, agreed, 2, 30, limit)
    if held is None or rng.random() > 0.6:
        return
    plan_services.record_support(
        actor=actor,
        person=person,
        kind=rng.choice(["application_form", "cv", "interview_practice", "screening_interview"]),
        held_on=held,
        outcome=rng.choice(["ready", "ready", "more_support", "did_not_attend"]),
        notes=rng.choice(SUPPORT_NOTES),
    )
