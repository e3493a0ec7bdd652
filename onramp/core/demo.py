"""The demo programme: a deterministic South East partnership built through the real services.

Running it again changes nothing that is already there (apart from the demo accounts' password, which is
set to the one given). Organisation and people's names below are invented, except the NHS bodies, whose
public names and ODS codes are used so that imports and reports look as they will in real use.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from onramp.accounts import services as account_services
from onramp.accounts.models import Organisation, OrganisationKind, ProviderType, Role, User
from onramp.core import audit

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
]


def demo_password(var_dir: Path | None = None) -> str:
    """ONRAMP_DEMO_PASSWORD if set; else one generated once and kept in var/demo_password."""
    import os

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
    from onramp.participants.demo import build_young_people

    users = {user.username: user for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    build_young_people(
        coordinators={"QKS": users["coordinator-kent"], "QNX": users["coordinator-sussex"]},
        admin=users["admin"],
        count=young_people,
    )
    audit.record(actor=None, action="demo.loaded")
    return DEMO_ACCOUNTS


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
