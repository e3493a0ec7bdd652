"""A synthetic national programme for benchmarks: every ICB in England, about ten journey events a person,
real postcodes from the bundled directory, written in bulk (COPY on PostgreSQL, large ``executemany`` batches
on SQLite).

Benchmarks only. The demo builds its people through the services, one at a time, as real use does; this
module writes rows directly, so it keeps the rules those services keep by construction: events follow the
journey order (``participants/journey.py``), a start has an offer before it, a leaving a start, consents are
one in force per purpose and employer, and each person's area fields are what ``geography.services.locate``
would store. The organisations, programme and accounts (a handful) still go through the services.

Deterministic for a seed: the same seed and size give the same rows, whatever the database.
"""

from __future__ import annotations

import datetime
import json
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.db import connection, models, transaction

from onramp.accounts import services as account_services
from onramp.accounts.models import Organisation, OrganisationKind, ProviderType, Role, User
from onramp.core.bulk import Writer
from onramp.core.progress import Progress
from onramp.geography.models import Lsoa11, Postcode
from onramp.geography.selectors import Area, data_version, lookup
from onramp.journey.models import JOURNEY_ORDER, EventType, EventVoid, JourneyEvent
from onramp.participants import services as participant_services
from onramp.participants.models import Consent, Programme, SurveyResponse, YoungPerson, evaluate_eligibility
from onramp.support.models import Progression, ProgressionKind

D = datetime.date
FIRST_DAY = D(2019, 4, 1)
LAST_DAY = D(2025, 12, 31)
PROGRAMME_NAME = "National health and care pathway (synthetic)"
FUNDER = "National Futures in Care Fund (synthetic)"
DELIVERY_PARTNER = "Bridges to Care Trust (synthetic)"
PROVIDER_SUFFIX = "(synthetic)"

# The NHS England region of each of the 42 ICBs (2022 ODS codes). Anything not listed is "England".
REGIONS = {
    **dict.fromkeys(["QHM", "QOQ", "QF7", "QWO"], "North East and Yorkshire"),
    **dict.fromkeys(["QE1", "QOP", "QYG"], "North West"),
    **dict.fromkeys(
        ["QHL", "QUA", "QWU", "QGH", "QOC", "QNC", "QJ2", "QK1", "QJM", "QPM", "QT1"],
        "Midlands",
    ),
    **dict.fromkeys(["QHG", "QUE", "QM7", "QMM", "QH8", "QJG"], "East of England"),
    **dict.fromkeys(["QMJ", "QMF", "QRV", "QKK", "QWE"], "London"),
    **dict.fromkeys(["QKS", "QNX", "QU9", "QRL", "QNQ", "QXU"], "South East"),
    **dict.fromkeys(["QOX", "QUY", "QT6", "QJK", "QVV", "QR1", "QSL"], "South West"),
}
COORDINATOR_ICB = "QKS"  # the bench coordinator's caseload (Kent and Medway), or the first ICB without it
LEAD_REGION = "South East"

GIVEN = (
    "Aaliyah Abdi Adam Aisha Alfie Amara Amelia Amir Ava Ayaan Bella Ben Bilal Caleb Chantelle Chloe Connor Daisy "
    "Daniel Deji Ella Ellie Emeka Emily Erin Ethan Evie Faisal Farah Finley Freya George Grace Hamza Hana Harvey "
    "Isaac Isla Jack Jade Jamal Jasmine Jay Kacper Kai Keisha Kieran Leah Leo Lewis Liam Lily Luca Maisie Maya "
    "Megan Mia Mohammed Molly Nadia Nathan Niamh Noah Nuala Olivia Omar Oscar Patryk Priya Rhys Riley Rosie Ruby "
    "Ryan Safiya Sam Sana Shannon Sienna Sofia Tariq Theo Tia Tyler Yusuf Zac Zara Zoe"
).split()
FAMILY = (
    "Abbott Adeyemi Ahmed Ali Allen Asante Bailey Baker Banda Begum Bennett Brooks Campbell Carter Chen Clarke Cole "
    "Collins Cooper Davies Dixon Edwards Evans Fernandes Fisher Foster Francis Gill Green Hall Harris Hughes "
    "Hussain Igwe Iqbal Jackson James Johnson Jones Kaur Kelly Khan King Kowalski Lee Lewis Malik Marshall Martin "
    "Mensah Miah Mitchell Moore Morgan Murphy Nowak Okafor Okoro Osei Owen Palmer Parker Patel Phillips Price "
    "Rahman Reid Richards Roberts Robinson Rossi Scott Shah Sharma Simpson Singh Smith Stewart Taylor Thomas "
    "Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright Yilmaz Young"
).split()
ETHNIC = ["13", "17", "14", "15", "16", "6", "7", "8", "3", "4", "1", "2", "5", "9", "10", "11", "12", "18", "19"]
ETHNIC_WEIGHTS = [60, 8, 1, 0.5, 0.5, 8, 3, 1, 5, 4.5, 2.5, 1, 3, 1.5, 1.5, 2, 1.5, 1, 1.5]
ROLES = ["healthcare_assistant", "care_worker", "administrative", "estates_facilities", "ambulance", "other"]
ROLE_WEIGHTS = [25, 16, 19, 15, 12, 13]
SURVEY_QUESTIONS = ["more_confident", "would_recommend"]


@dataclass
class Result:
    young_people: int = 0
    events: int = 0
    consents: int = 0
    survey_responses: int = 0
    voids: int = 0
    progressions: int = 0
    icbs: int = 0
    accounts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    postcode: str
    key: str
    area: Area


def _next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id written
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))",
                [table],
            )


# --- organisations, programme and accounts (through the services) ----------------------------------------


def _organisation(name: str, **values: Any) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    return existing or account_services.create_organisation(actor=None, name=name, **values)


def _icbs() -> list[tuple[str, str, str, int]]:
    """(ODS, ONS, name, number of 2011 LSOAs) for every ICB in the loaded 2022 lookup."""
    return list(
        Lsoa11.objects.exclude(icb22_ods="")
        .values_list("icb22_ods", "icb22_ons", "icb22_name")
        .annotate(lsoas=models.Count("code"))
        .order_by("icb22_ods")
    )


def _short(name: str) -> str:
    return name.removeprefix("NHS ").removesuffix(" Integrated Care Board").strip()


def _setup(password: str) -> tuple[Programme, dict[str, Organisation], dict[str, list[Organisation]], dict[str, User]]:
    icbs = _icbs()
    if not icbs:
        raise RuntimeError("No reference geography is loaded: run `onramp setup` first.")
    icss = {
        ods: _organisation(name, kind=OrganisationKind.ICS, code=ods, ons_code=ons, region=REGIONS.get(ods, "England"))
        for ods, ons, name, _ in icbs
    }
    funder = _organisation(FUNDER, kind=OrganisationKind.FUNDER)
    partner = _organisation(DELIVERY_PARTNER, kind=OrganisationKind.DELIVERY_PARTNER, icss=list(icss.values()))
    providers: dict[str, list[Organisation]] = {}
    ambulance: dict[str, Organisation] = {}
    number = 0
    for region in sorted(set(REGIONS.get(ods, "England") for ods in icss)):
        number += 1
        ambulance[region] = _organisation(
            f"{region} Ambulance Service {PROVIDER_SUFFIX}",
            kind=OrganisationKind.PROVIDER,
            provider_type=ProviderType.AMBULANCE_SERVICE,
            code=f"SYN{number:03d}",
            icss=[ics for ods, ics in icss.items() if REGIONS.get(ods, "England") == region],
        )
    for ods, ics in icss.items():
        local = []
        for kind, words in [
            (ProviderType.NHS_TRUST, "Hospitals NHS Trust"),
            (ProviderType.NHS_TRUST, "Community Health NHS Trust"),
            (ProviderType.CARE_PROVIDER, "Care Homes"),
        ]:
            number += 1
            local.append(
                _organisation(
                    f"{_short(ics.name)} {words} {PROVIDER_SUFFIX}",
                    kind=OrganisationKind.PROVIDER,
                    provider_type=kind,
                    code=f"SYN{number:03d}",
                    icss=[ics],
                )
            )
        providers[ods] = [*local, ambulance[REGIONS.get(ods, "England")]]

    coordinator_icb = COORDINATOR_ICB if COORDINATOR_ICB in icss else next(iter(icss))
    accounts = [
        ("bench-admin", Role.ADMINISTRATOR, partner, (), ""),
        ("bench-coordinator", Role.COORDINATOR, partner, (icss[coordinator_icb],), ""),
        ("bench-lead", Role.REGIONAL_LEAD, partner, (), LEAD_REGION),
        ("bench-funder", Role.FUNDER_VIEWER, funder, (), ""),
        ("bench-employer", Role.PROVIDER_RECRUITER, providers[coordinator_icb][0], (), ""),
    ]
    users = {}
    for username, role, organisation, user_icss, region in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.create_user(
                actor=None,
                username=username,
                email=f"{username}@bench.onramp.invalid",
                role=role,
                first_name="Bench",
                last_name=role.label,
                organisation=organisation,
                icss=user_icss,
                region=region,
                password=password,
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        users[username] = user

    programme = Programme.objects.filter(name=PROGRAMME_NAME).first()
    if programme is None:
        programme = participant_services.save_programme(
            actor=users["bench-admin"],
            icss=list(icss.values()),
            name=PROGRAMME_NAME,
            funder=funder,
            delivery_partner=partner,
            starts_on=FIRST_DAY,
            ends_on=D(2027, 3, 31),
        )
        for name, starts, ends in [
            ("First phase", FIRST_DAY, D(2022, 3, 31)),
            ("Second phase", D(2022, 4, 1), D(2027, 3, 31)),
        ]:
            phase = participant_services.save_phase(
                actor=users["bench-admin"], programme=programme, name=name, starts_on=starts, ends_on=ends
            )
            participant_services.set_target(
                actor=users["bench-admin"],
                phase=phase,
                metric="ethnic_minority",
                comparison="at_least",
                value=Decimal("10"),
            )
    return programme, icss, providers, users


def _places(rng: random.Random, icbs: Sequence[str], per_icb: int = 1500) -> dict[str, list[Place]]:
    """Live postcodes per ICB from 200 of its LSOAs, each with the area ``locate`` would store."""
    places: dict[str, list[Place]] = {}
    for ods in icbs:
        lsoas = list(Lsoa11.objects.filter(icb22_ods=ods).order_by("code").values_list("code", flat=True))
        chosen = rng.sample(lsoas, min(200, len(lsoas)))
        keys = list(
            Postcode.objects.filter(lsoa11__in=chosen, terminated="").order_by("key").values_list("key", flat=True)
        )
        keys = sorted(rng.sample(keys, min(per_icb, len(keys))))
        areas = lookup(keys)
        places[ods] = [Place(a.postcode or k, k, a) for k, a in zip(keys, areas, strict=True) if a.error is None]
    return places


# --- the young people -------------------------------------------------------------------------------------

PERSON_COLUMNS = [
    "id",
    "programme_id",
    "reference",
    "given_name",
    "family_name",
    "date_of_birth",
    "email",
    "phone",
    "phone_digits",
    "contact_by",
    "ics_id",
    "coordinator_id",
    "registered_on",
    "ethnic_group",
    "sex",
    "gender_identity",
    "disability",
    "care_leaver",
    "employment_status",
    "receiving_benefits",
    "referral_source",
    "eligible",
    "eligibility_reasons",
    "eligibility_override",
    "created_at",
    "postcode",
    "postcode_key",
    "postcode_terminated",
    "lsoa11",
    "lsoa21",
    "imd2019_decile",
    "imd2025_decile",
    "icb_ods",
    "icb_ons",
    "icb_name",
    "icb24_ods",
    "local_authority_code",
    "local_authority_name",
    "geography_version",
    "version",
]
EVENT_COLUMNS = [
    "id",
    "young_person_id",
    "type",
    "position",
    "occurred_on",
    "recorded_at",
    "source",
    "organisation_id",
    "employer_code",
    "role",
    "detail",
    "import_checksum",
]
CONSENT_COLUMNS = ["id", "young_person_id", "purpose", "organisation_id", "lawful_basis", "given_on", "recorded_at"]
CONSENT_EXTRA = ["withdrawal_note"]
SURVEY_COLUMNS = [
    "id",
    "young_person_id",
    "survey",
    "question",
    "answer",
    "answered_on",
    "source",
    "import_checksum",
    "recorded_at",
]
VOID_COLUMNS = ["id", "event_id", "reason", "voided_at"]
# Each ``progressed`` event has its progression, as ``support.services.record_progression`` writes them.
PROGRESSION_COLUMNS = ["id", "young_person_id", "kind", "progressed_on", "role", "employer_id", "detail"]
# Without a job (to education or training), and in work (with the same employer).
KINDS_BEFORE_WORK = [ProgressionKind.TRAINING_PLACE, ProgressionKind.QUALIFICATION]
KINDS_IN_WORK = [ProgressionKind.APPRENTICESHIP, ProgressionKind.BAND_CHANGE]


def _at(day: D, second: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC) + datetime.timedelta(
        seconds=second
    )


def _later(rng: random.Random, day: D, low: int, high: int) -> D | None:
    result = day + datetime.timedelta(days=rng.randint(low, high))
    return result if result <= LAST_DAY else None


class Journeys:
    """Makes each person's rows; ids are handed out in order from the tables' next free ids."""

    def __init__(self, rng: random.Random, programme: Programme, icss: dict[str, Organisation], **kw: Any) -> None:
        self.rng = rng
        self.programme = programme
        self.icss = icss
        self.providers: dict[str, list[Organisation]] = kw["providers"]
        self.places: dict[str, list[Place]] = kw["places"]
        self.coordinator: User = kw["coordinator"]
        self.codes = set(icss)
        self.version = data_version()
        weights = kw["weights"]
        self.icb_codes = list(weights)
        self.icb_weights = list(weights.values())
        self.person_id = _next_id(YoungPerson)
        self.event_id = _next_id(JourneyEvent)
        self.consent_id = _next_id(Consent)
        self.survey_id = _next_id(SurveyResponse)
        self.void_id = _next_id(EventVoid)
        self.progression_id = _next_id(Progression)
        self.people: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.consents: list[tuple[Any, ...]] = []
        self.surveys: list[tuple[Any, ...]] = []
        self.voids: list[tuple[Any, ...]] = []
        self.progressions: list[tuple[Any, ...]] = []

    def take(self) -> tuple[list[tuple[Any, ...]], ...]:
        out = (self.people, self.events, self.consents, self.surveys, self.voids, self.progressions)
        self.people, self.events, self.consents, self.surveys, self.voids = [], [], [], [], []
        self.progressions = []
        return out

    def _progressed(self, person: int, day: D, kind: str, employer: int | None = None, role: str = "") -> None:
        """A ``progressed`` event and its progression (same person, day, role and employer)."""
        self._event(person, EventType.PROGRESSED, day, employer, role)
        self.progressions.append((self.progression_id, person, kind, day, role, employer, ""))
        self.progression_id += 1

    def _event(self, person: int, type: str, day: D, organisation: int | None = None, role: str = "") -> int:
        event_id = self.event_id
        self.event_id += 1
        self.events.append(
            (
                event_id,
                person,
                type,
                JOURNEY_ORDER[type],
                day,
                _at(day, event_id % 3600),
                "web",
                organisation,
                "",
                role,
                "",
                "",
            )
        )
        return event_id

    def _consent(self, person: int, purpose: str, day: D, organisation: int | None = None) -> None:
        self.consents.append((self.consent_id, person, purpose, organisation, "consent", day, _at(day), ""))
        self.consent_id += 1

    def person(self, n: int) -> None:
        rng = self.rng
        pid = self.person_id
        self.person_id += 1
        ods = rng.choices(self.icb_codes, weights=self.icb_weights)[0]
        span = (LAST_DAY - FIRST_DAY).days
        registered = FIRST_DAY + datetime.timedelta(days=int(span * rng.random() ** 0.8))  # growing intake
        age = rng.randint(16, 30) if rng.random() < 0.97 else rng.randint(31, 33)
        born = registered - datetime.timedelta(days=age * 365 + rng.randint(0, 360))
        pool = self.places.get(ods) or []
        place = rng.choice(pool) if pool and rng.random() < 0.98 else None
        area = place.area if place else None
        icb = (area.icb_ods or "") if area else ""
        eligibility = evaluate_eligibility(
            programme=self.programme,
            date_of_birth=born,
            registered_on=registered,
            icb_ods=icb,
            programme_ics_codes=self.codes,
        )
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        ethnic = (
            rng.choices(ETHNIC, weights=ETHNIC_WEIGHTS)[0]
            if rng.random() < 0.95
            else rng.choice(["", "prefer_not_to_say"])
        )
        phone = f"07700 {n % 1000000:06d}"
        self.people.append(
            (
                pid,
                self.programme.pk,
                f"SYN-{n + 1:08d}",
                given,
                family,
                born,
                f"{given.lower()}.{family.lower()}.{n + 1}@example.invalid",
                phone,
                phone.replace(" ", ""),
                "email",
                self.icss[ods].pk,
                self.coordinator.pk if ods == COORDINATOR_ICB else None,
                registered,
                ethnic,
                rng.choices(["female", "male", "prefer_not_to_say", ""], weights=[62, 34, 2, 2])[0],
                "",
                "",
                rng.choices(["no", "yes", ""], weights=[85, 8, 7])[0],
                rng.choices(["unemployed", "education", "part_time", "inactive"], weights=[60, 20, 12, 8])[0],
                "",
                rng.choice(["campaign", "jobcentre", "school", "self", "other"]),
                eligibility.eligible,
                json.dumps(eligibility.reasons),
                "",
                _at(registered),
                place.postcode if place else "",
                place.key if place else "",
                area.terminated if area else None,
                (area.lsoa11 or "") if area else "",
                (area.lsoa21 or "") if area else "",
                area.imd2019_decile if area else None,
                area.imd2025_decile if area else None,
                icb,
                (area.icb_ons or "") if area else "",
                (area.icb_name or "") if area else "",
                (area.icb24_ods or "") if area else "",
                (area.local_authority_code or "") if area else "",
                (area.local_authority_name or "") if area else "",
                self.version if place else "",
                1,  # optimistic locking: a new record's first version
            )
        )
        self._journey(pid, ods, registered)

    def _journey(self, pid: int, ods: str, registered: D) -> None:  # noqa: C901
        rng, event = self.rng, self._event
        event(pid, EventType.REGISTERED, registered)
        self._consent(pid, "programme_delivery", registered)
        if rng.random() < 0.005:  # a mistaken event, voided
            wrong = event(pid, EventType.WITHDRAWN, registered)
            self.voids.append((self.void_id, wrong, "Recorded against the wrong person", _at(registered, 60)))
            self.void_id += 1
        day = _later(rng, registered, 5, 25)
        if day is None or rng.random() > 0.92:
            return
        event(pid, EventType.PLAN_AGREED, day)
        courses = 2 if rng.random() < 0.5 else 1
        completed = None
        for _ in range(courses):
            start = _later(rng, day, 7, 40)
            if start is None:
                return
            end = _later(rng, start, 0, 20)
            if end is None:
                event(pid, EventType.COURSE_STARTED, start)
                return
            event(pid, EventType.COURSE_STARTED, start)
            if rng.random() > 0.92:
                if rng.random() < 0.5:
                    event(pid, EventType.WITHDRAWN, end)
                return
            event(pid, EventType.COURSE_COMPLETED, end)
            completed = day = end
        if completed is None:
            return
        if rng.random() < 0.3:
            answered = _later(rng, completed, 1, 14)
            if answered is not None:
                for question in SURVEY_QUESTIONS:
                    answer = "yes" if rng.random() < 0.8 else "no"
                    self.surveys.append(
                        (self.survey_id, pid, "course_exit", question, answer, answered, "web", "", _at(answered))
                    )
                    self.survey_id += 1
        employers = list(self.providers[ods])
        rng.shuffle(employers)
        role = rng.choices(ROLES, weights=ROLE_WEIGHTS)[0]
        for employer in employers[: rng.randint(2, 4)]:
            guaranteed = _later(rng, day, 0, 10)
            if guaranteed is None:
                return
            event(pid, EventType.INTERVIEW_GUARANTEED, guaranteed, employer.pk)
            self._consent(pid, "share_with_employer", guaranteed, employer.pk)
            interview = _later(rng, guaranteed, 5, 30)
            if interview is None or rng.random() > 0.9:
                return
            event(pid, EventType.INTERVIEW_ATTENDED, interview, employer.pk)
            day = interview
            offered = _later(rng, interview, 1, 14)
            if offered is None:
                return
            if rng.random() < 0.35:
                self._offer(pid, employer, role, offered)
                return
        if rng.random() < 0.3:
            progressed = _later(rng, day, 20, 60)
            if progressed is not None:
                self._progressed(pid, progressed, KINDS_BEFORE_WORK[pid % 2])

    def _offer(self, pid: int, employer: Organisation, role: str, offered: D) -> None:
        rng, event = self.rng, self._event
        event(pid, EventType.JOB_OFFERED, offered, employer.pk, role)
        answer = _later(rng, offered, 1, 10)
        if answer is None:
            return
        if rng.random() < 0.1:
            event(pid, EventType.OFFER_DECLINED, answer, employer.pk)
            return
        event(pid, EventType.OFFER_ACCEPTED, answer, employer.pk)
        cleared = _later(rng, answer, 14, 60)
        if cleared is None or rng.random() > 0.95:
            return
        event(pid, EventType.CHECKS_CLEARED, cleared, employer.pk)
        start = _later(rng, cleared, 3, 21)
        if start is None or rng.random() > 0.96:
            return
        event(pid, EventType.STARTED_WORK, start, employer.pk, role)
        chance = rng.random()
        if chance < 0.135:
            left = _later(rng, start, 10, 88)
        elif chance < 0.3:
            left = _later(rng, start, 100, 500)
        else:
            left = None
        if left is not None:
            event(pid, EventType.LEFT_WORK, left, employer.pk)
        elif rng.random() < 0.2:
            progressed = _later(rng, start, 180, 700)
            if progressed is not None:
                self._progressed(pid, progressed, KINDS_IN_WORK[pid % 2], employer.pk, role)


def build(*, young_people: int, seed: int, password: str, batch: int = 20_000, stream: TextIO | None = None) -> Result:
    """Write the synthetic programme into an empty database (reference geography loaded)."""
    stream = stream if stream is not None else sys.stderr
    if YoungPerson.objects.exists():
        raise RuntimeError("This database already has young people: synth writes only into an empty programme.")
    rng = random.Random(seed)
    result = Result()
    with transaction.atomic():
        programme, icss, providers, users = _setup(password)
        weights = {ods: lsoas for ods, _, _, lsoas in _icbs() if ods in icss}
        places = _places(rng, sorted(icss))
        journeys = Journeys(
            rng,
            programme,
            icss,
            providers=providers,
            places=places,
            coordinator=users["bench-coordinator"],
            weights=weights,
        )
        writers = [
            Writer(YoungPerson, PERSON_COLUMNS),
            Writer(JourneyEvent, EVENT_COLUMNS),
            Writer(Consent, CONSENT_COLUMNS + CONSENT_EXTRA),
            Writer(SurveyResponse, SURVEY_COLUMNS),
            Writer(EventVoid, VOID_COLUMNS),
            Writer(Progression, PROGRESSION_COLUMNS),
        ]
        bar = Progress("Synthetic young people", young_people, stream=stream, unit="young people")
        done = 0
        while done < young_people:
            size = min(batch, young_people - done)
            for n in range(done, done + size):
                journeys.person(n)
            tables = journeys.take()
            result.young_people += len(tables[0])
            result.events += len(tables[1])
            result.consents += len(tables[2])
            result.survey_responses += len(tables[3])
            result.voids += len(tables[4])
            result.progressions += len(tables[5])
            for writer, rows in zip(writers, tables, strict=True):
                writer.write(rows)
            done += size
            bar.set(done)
        bar.finish(f"{result.young_people:,} young people, {result.events:,} events")
        _reset_sequences([YoungPerson, JourneyEvent, Consent, SurveyResponse, EventVoid, Progression])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result.icbs = len(icss)
    result.accounts = sorted(users)
    return result
