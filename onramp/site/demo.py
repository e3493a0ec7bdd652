"""The demo programme: a deterministic South East partnership built through the real services.

Running it again changes nothing that is already there (apart from the demo accounts' password, which is
set to the one given). Organisation and people's names below are invented, except the NHS bodies, whose
public names and ODS codes are used so that imports and reports look as they will in real use.
"""

from __future__ import annotations

import datetime
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onramp.accounts import services as account_services
from onramp.accounts.models import Organisation, OrganisationKind, ProviderType, Role, User
from onramp.core import audit
from onramp.evaluation import services as evaluation_services
from onramp.grants.demo import build as build_grants
from onramp.journey.models import EventType
from onramp.participants import services as participant_services
from onramp.participants.models import Programme, YoungPerson
from onramp.recruitment.demo import build as build_recruitment
from onramp.site.demo_people import PROGRAMME_NAME, build_young_people
from onramp.support.demo import build as build_support

REGION = "South East"

# The six South East integrated care systems: name, ODS code, ONS code (2024).
SOUTH_EAST_ICSS = [
    ("NHS Kent and Medway Integrated Care Board", "QKS", "E54000032"),
    ("NHS Sussex Integrated Care Board", "QNX", "E54000064"),
    ("NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board", "QU9", "E54000044"),
    ("NHS Hampshire and Isle of Wight Integrated Care Board", "QRL", "E54000042"),
    ("NHS Frimley Integrated Care Board", "QNQ", "E54000034"),
    ("NHS Surrey Heartlands Integrated Care Board", "QXU", "E54000063"),
]

# Providers: name, type, ODS code (blank for invented care providers), ICS codes they work in.
PROVIDERS = [
    (
        "South Central Ambulance Service NHS Foundation Trust",
        ProviderType.AMBULANCE_SERVICE,
        "RYE",
        ["QU9", "QRL", "QNQ"],
    ),
    ("Maidstone and Tunbridge Wells NHS Trust", ProviderType.NHS_TRUST, "RWF", ["QKS"]),
    ("Kent Community Health NHS Foundation Trust", ProviderType.NHS_TRUST, "RYY", ["QKS"]),
    ("University Hospitals Sussex NHS Foundation Trust", ProviderType.NHS_TRUST, "RYR", ["QNX"]),
    ("Oxford University Hospitals NHS Foundation Trust", ProviderType.NHS_TRUST, "RTH", ["QU9"]),
    ("Hampshire Hospitals NHS Foundation Trust", ProviderType.NHS_TRUST, "RN5", ["QRL"]),
    ("Frimley Health NHS Foundation Trust", ProviderType.NHS_TRUST, "RDU", ["QNQ"]),
    ("Surrey and Sussex Healthcare NHS Trust", ProviderType.NHS_TRUST, "RTP", ["QXU", "QNX"]),
    ("Weald and Downs Care Homes (demo)", ProviderType.CARE_PROVIDER, "", ["QKS", "QNX"]),
    ("Solent Shore Home Care (demo)", ProviderType.CARE_PROVIDER, "", ["QRL"]),
]

FUNDER = "Futures in Care Fund (demo funder)"
DELIVERY_PARTNER = "Bridges to Care Trust (demo delivery partner)"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str | None = None  # organisation name or ODS code
    icss: tuple[str, ...] = ()
    region: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@demo.onramp.invalid"


DEMO_ACCOUNTS = [
    DemoAccount("coordinator-kent", "Amira", "Hollis", Role.COORDINATOR, DELIVERY_PARTNER, icss=("QKS",)),
    DemoAccount("coordinator-sussex", "Tom", "Ashdown", Role.COORDINATOR, DELIVERY_PARTNER, icss=("QNX",)),
    DemoAccount("lead-southeast", "Grace", "Okafor", Role.REGIONAL_LEAD, DELIVERY_PARTNER, region=REGION),
    DemoAccount("employer-scas", "Priya", "Marsh", Role.PROVIDER_RECRUITER, "RYE"),
    DemoAccount("employer-care", "Dan", "Whitlow", Role.PROVIDER_RECRUITER, "Weald and Downs Care Homes (demo)"),
    DemoAccount("funder", "Helen", "Barraclough", Role.FUNDER_VIEWER, FUNDER),
    DemoAccount("admin", "Sam", "Reeve", Role.ADMINISTRATOR, DELIVERY_PARTNER),
    # Joined to a Kent young person in the demo with a plan (their names replace these): the portal's view.
    DemoAccount("young-person", "Young", "Person", Role.YOUNG_PERSON),
]


def demo_password(var_dir: Path | None = None) -> str:
    """ONRAMP_DEMO_PASSWORD if set; else one generated once and kept in var/demo_password."""
    given = os.environ.get("ONRAMP_DEMO_PASSWORD", "").strip()
    if given:
        return given
    path = (var_dir or Path(settings.VAR_DIR)) / "demo_password"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    path.write_text(password)
    path.chmod(0o600)
    return password


Progress = Callable[[str], None]


def _organisation(name: str, **values: object) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return account_services.create_organisation(actor=None, name=name, **values)  # type: ignore[arg-type]


def build_demo(*, password: str, young_people: int = 2600, progress: Progress = lambda _: None) -> list[DemoAccount]:
    with transaction.atomic():
        _organisations_and_accounts(password=password, progress=progress)
    progress("Young people and their journeys")
    users = {user.username: user for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    build_young_people(
        coordinators={"QKS": users["coordinator-kent"], "QNX": users["coordinator-sussex"]},
        admin=users["admin"],
        count=young_people,
    )
    progress("Phases, targets and the learning story")
    _phases_targets_and_story(users["admin"])
    progress("Contacts, courses, campaigns, vacancies and interviews")
    build_recruitment(admin=users["admin"], today=timezone.localdate())
    progress("Checks, starts, check-ins, grants budgets, mentors and a survey")
    build_support(today=timezone.localdate())
    build_grants()
    _young_persons_account(users["young-person"])
    audit.record(actor=None, action="demo.loaded")
    return DEMO_ACCOUNTS


def _young_persons_account(user: User) -> None:
    """Join the demo's young person account to a Kent record with an agreed plan who has not started work yet,
    so that the portal (``/my/``) has something to show."""
    if YoungPerson.objects.filter(account=user).exists():
        return
    person = (
        YoungPerson.objects.filter(
            ics__code="QKS", account__isnull=True, erased_at__isnull=True, events__type=EventType.PLAN_AGREED
        )
        .exclude(events__type=EventType.STARTED_WORK)
        .order_by("-registered_on", "pk")
        .first()
    )
    if person is None:
        return
    person.account = user
    person.email = user.email
    person.save(update_fields=["account", "email"])
    user.first_name, user.last_name = person.given_name, person.family_name
    user.save(update_fields=["first_name", "last_name"])


STORY_PURPOSE = """The partnership supports young people aged 16 to 30 into lasting jobs in health and social \
care, and helps employers build a workforce that reflects the communities they serve.

It answers national workforce plans that call for growing and keeping a representative workforce, the effect of \
the pandemic on young people's prospects and on the workforce, and the charity's aim of opening up work, \
education and training to young people."""

STORY_DELIVERY = """The charity works with an ambulance service, NHS trusts and care providers in several integrated \
care systems. Together they design the content of pre-employment courses to meet local employment needs, delivered \
in person, online or both, from one day to three weeks long.

Young people get a personalised development plan, help with applications and interview preparation, and a \
guaranteed interview when they complete a course. From the offer, staff help them through the pre-employment \
checks and onboarding, and after they start both they and their employer get support: mentoring, needs-based \
grants and a wellbeing app."""

STORY_LESSONS = """Flexibility is fundamental: support for employers and young people is tailored to their needs.

Be open-minded about processes: screening interviews before formal ones help young people get used to interviews.

Find the mutual benefit: work with partners on what helps both, so more young people join the sector.

Assign key contacts on both sides, responsible for making the partnership work.

Think long term: build the scheme into employers' career progression pathways."""

STORY_NEXT = "The programme has been extended for three years from October 2023."


def _phases_targets_and_story(admin: User) -> None:
    """The demo programme's funder, delivery partner, phases (a first phase to September 2023 and a three-year
    extension) with the ethnic minority target of at least 10%, and its learning story's words."""
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    if programme.phases.exists():
        return
    participant_services.save_programme(
        actor=admin,
        programme=programme,
        icss=list(programme.icss.all()),
        name=programme.name,
        funder=Organisation.objects.get(name=FUNDER),
        delivery_partner=Organisation.objects.get(name=DELIVERY_PARTNER),
        starts_on=programme.starts_on,
        ends_on=datetime.date(2026, 9, 30),
        min_age=programme.min_age,
        max_age=programme.max_age,
        require_residence_in_icss=programme.require_residence_in_icss,
        interview_deadline_working_days=programme.interview_deadline_working_days,
        check_in_schedule=programme.check_in_schedule,
    )
    for name, starts, ends in [
        ("First phase", programme.starts_on or datetime.date(2019, 11, 1), datetime.date(2023, 9, 30)),
        ("Extension", datetime.date(2023, 10, 1), datetime.date(2026, 9, 30)),
    ]:
        phase = participant_services.save_phase(
            actor=admin, programme=programme, name=name, starts_on=starts, ends_on=ends
        )
        participant_services.set_target(
            actor=admin, phase=phase, metric="ethnic_minority", comparison="at_least", value=Decimal("10")
        )
    evaluation_services.save_learning_story(
        actor=admin,
        programme=programme,
        title="Creating a representative and resilient health and social care workforce through partnership",
        purpose=STORY_PURPOSE,
        delivery=STORY_DELIVERY,
        lessons=STORY_LESSONS,
        next_steps=STORY_NEXT,
    )


def _organisations_and_accounts(*, password: str, progress: Progress) -> None:
    progress("Organisations")
    icss = {
        code: _organisation(name, kind=OrganisationKind.ICS, code=code, ons_code=ons, region=REGION)
        for name, code, ons in SOUTH_EAST_ICSS
    }
    _organisation(FUNDER, kind=OrganisationKind.FUNDER)
    _organisation(DELIVERY_PARTNER, kind=OrganisationKind.DELIVERY_PARTNER, icss=list(icss.values()))
    for name, provider_type, code, ics_codes in PROVIDERS:
        _organisation(
            name,
            kind=OrganisationKind.PROVIDER,
            provider_type=provider_type,
            code=code,
            icss=[icss[c] for c in ics_codes],
        )

    progress("Accounts")
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            organisation = None
            if account.organisation:
                organisation = Organisation.objects.filter(
                    code=account.organisation
                ).first() or Organisation.objects.get(name=account.organisation)
            user = account_services.create_user(
                actor=None,
                username=account.username,
                email=account.email,
                role=account.role,
                first_name=account.first_name,
                last_name=account.last_name,
                organisation=organisation,
                icss=[icss[c] for c in account.icss],
                region=account.region,
                password=password,
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
