"""Shared test set-up: personas, built through the real services, browser fixtures, and a fake GOV.UK Notify."""

from __future__ import annotations

import datetime
import os
import uuid
from dataclasses import dataclass

import pytest

from onramp.accounts import services
from onramp.accounts.models import Organisation, OrganisationKind, ProviderType, Role, User
from onramp.evaluation import rendered

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONA_PASSWORD = "correct-horse-battery-staple"
GEOGRAPHY_FIXTURES = os.path.join(os.path.dirname(__file__), "tests", "geography", "fixtures")


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # Argon2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Personas sign in with a password only; the two-factor tests switch it on.
    settings.TWO_FACTOR_REQUIRED = False
    # `onramp setup` loads a small real extract, not the 2.2 million bundled postcodes.
    settings.GEOGRAPHY_BUNDLE_DIR = os.path.join(GEOGRAPHY_FIXTURES, "bundle")
    # Dashboards keep their rendered figures per process; each test starts with none kept.
    rendered.forget()


@dataclass
class World:
    kent: Organisation
    sussex: Organisation
    frimley: Organisation
    scas: Organisation
    care: Organisation
    funder_org: Organisation
    charity: Organisation
    coordinator_kent: User
    coordinator_sussex: User
    regional_lead: User
    recruiter_scas: User
    recruiter_care: User
    funder: User
    young_person_a: User
    young_person_b: User
    admin: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "coordinator_kent",
    "coordinator_sussex",
    "regional_lead",
    "recruiter_scas",
    "recruiter_care",
    "funder",
    "young_person_a",
    "young_person_b",
    "admin",
    "anonymous",
]


def build_world() -> World:
    def ics(name: str, code: str, region: str) -> Organisation:
        return services.create_organisation(actor=None, name=name, kind=OrganisationKind.ICS, code=code, region=region)

    kent = ics("NHS Kent and Medway ICB", "QKS", "South East")
    sussex = ics("NHS Sussex ICB", "QNX", "South East")
    frimley = ics("NHS Frimley ICB", "QNQ", "South East")
    london = ics("NHS North Central London ICB", "QMJ", "London")
    scas = services.create_organisation(
        actor=None,
        name="South Central Ambulance Service",
        kind=OrganisationKind.PROVIDER,
        provider_type=ProviderType.AMBULANCE_SERVICE,
        code="RYE",
        icss=[frimley],
    )
    care = services.create_organisation(
        actor=None,
        name="Weald Care Homes",
        kind=OrganisationKind.PROVIDER,
        provider_type=ProviderType.CARE_PROVIDER,
        icss=[kent],
    )
    services.create_organisation(
        actor=None,
        name="London Care",
        kind=OrganisationKind.PROVIDER,
        provider_type=ProviderType.CARE_PROVIDER,
        icss=[london],
    )
    funder_org = services.create_organisation(actor=None, name="The Fund", kind=OrganisationKind.FUNDER)
    charity = services.create_organisation(actor=None, name="The Charity", kind=OrganisationKind.DELIVERY_PARTNER)

    def user(username: str, role: str, **values: object) -> User:
        return services.create_user(
            actor=None,
            username=username,
            email=f"{username}@example.org",
            role=role,
            first_name=username.split("-")[0].capitalize(),
            last_name="Tester",
            password=PERSONA_PASSWORD,
            **values,  # type: ignore[arg-type]
        )

    return World(
        kent=kent,
        sussex=sussex,
        frimley=frimley,
        scas=scas,
        care=care,
        funder_org=funder_org,
        charity=charity,
        coordinator_kent=user("coordinator-kent", Role.COORDINATOR, organisation=charity, icss=[kent]),
        coordinator_sussex=user("coordinator-sussex", Role.COORDINATOR, organisation=charity, icss=[sussex]),
        regional_lead=user("lead-southeast", Role.REGIONAL_LEAD, organisation=charity, region="South East"),
        recruiter_scas=user("employer-scas", Role.PROVIDER_RECRUITER, organisation=scas),
        recruiter_care=user("employer-care", Role.PROVIDER_RECRUITER, organisation=care),
        funder=user("funder", Role.FUNDER_VIEWER, organisation=funder_org),
        young_person_a=user("young-a", Role.YOUNG_PERSON),
        young_person_b=user("young-b", Role.YOUNG_PERSON),
        admin=user("admin", Role.ADMINISTRATOR, organisation=charity),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_as(client, world):
    """client_as("coordinator_kent") gives a test client signed in as that persona."""

    def sign_in(name: str):
        user = world.persona(name)
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


# --- browser ------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = os.path.join(os.path.dirname(__file__), "node_modules", "axe-core", "axe.min.js")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the site's own pages still carry their policy.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page and return its violations (empty when the page passes)."""
    with open(AXE_JS) as handle:
        page.add_script_tag(content=handle.read())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


# --- geography ------------------------------------------------------------------------


@pytest.fixture
def geography(db):
    """A small real extract of the bundled England data (Canterbury, Tunbridge Wells, Maidstone, Westminster,
    Hartlepool), loaded the way `onramp setup` loads the full bundle."""
    from onramp.geography.loaders import load_bundle

    load_bundle(stream=open(os.devnull, "w"))  # noqa: SIM115


# --- young people ---------------------------------------------------------------------------


@dataclass
class People:
    programme: object
    kent: object  # lives in Canterbury (CT1 1AA, Kent and Medway), young_person_a's record
    sussex: object  # placed in Sussex by ICS, young_person_b's record


@pytest.fixture
def people(world, geography) -> People:
    import datetime

    from onramp.participants import services as participant_services
    from onramp.participants.models import Programme

    programme = Programme.objects.create(name="South East pathway")
    programme.icss.set([world.kent, world.sussex, world.frimley])
    kent = participant_services.register(
        actor=world.coordinator_kent,
        programme=programme,
        given_name="Aisha",
        family_name="Khan",
        date_of_birth=datetime.date(2004, 5, 17),
        registered_on=datetime.date(2024, 1, 10),
        postcode="ct1 1aa",
        email="aisha@example.org",
        phone="07700 900123",
        reference="KM-001",
    )
    sussex = participant_services.register(
        actor=world.coordinator_sussex,
        programme=programme,
        given_name="Ben",
        family_name="Carter",
        date_of_birth=datetime.date(2002, 2, 1),
        registered_on=datetime.date(2024, 2, 1),
        ics=world.sussex,
    )
    kent.account = world.young_person_a
    kent.save(update_fields=["account"])
    sussex.account = world.young_person_b
    sussex.save(update_fields=["account"])
    return People(programme=programme, kent=kent, sussex=sussex)


@pytest.fixture
def accepted_offer(world, people):
    """Aisha's accepted conditional offer from Weald Care Homes, made on 14 March 2024, start proposed 1 May."""
    from onramp.participants import services as participant_services
    from onramp.recruitment import services as recruitment
    from onramp.recruitment.models import Value

    D = datetime.date
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 3, 1),
        organisation=world.care,
    )
    vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=D(2099, 1, 1),
        posts=2,
        closed=False,
    )
    application = recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    interview = recruitment.schedule_interview(
        actor=world.recruiter_care, application=application, held_on=D(2024, 3, 12)
    )
    threes = {value: (3, "") for value in Value}
    recruitment.score_interview(
        actor=world.recruiter_care, interview=interview, interviewer=world.recruiter_care, scores=threes
    )
    recruitment.agree_consensus(actor=world.recruiter_care, interview=interview, scores=threes)
    application.refresh_from_db()
    offer = recruitment.make_offer(
        actor=world.recruiter_care,
        application=application,
        role="care_worker",
        hours="37.5",
        band_or_pay="£12.60 an hour",
        made_on=D(2024, 3, 14),
        proposed_start=D(2024, 5, 1),
    )
    return recruitment.answer_offer(
        actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 3, 15)
    )


# --- messages: GOV.UK Notify faked, and sends on commit ---------------------------------------------------------------

NOTIFY_EMAIL_TEMPLATE, NOTIFY_SMS_TEMPLATE = "11111111-email-template", "22222222-sms-template"


class FakeNotify:
    """Stands in for notifications_python_client's NotificationsAPIClient and checks each payload."""

    def __init__(self) -> None:
        self.emails: list[dict] = []
        self.texts: list[dict] = []
        self.fail_with: Exception | None = None

    def send_email_notification(self, *, email_address, template_id, personalisation):
        assert template_id == NOTIFY_EMAIL_TEMPLATE
        assert set(personalisation) == {"subject", "body"}
        assert "@" in email_address
        self._check(personalisation)
        if self.fail_with:
            raise self.fail_with
        self.emails.append({"to": email_address, **personalisation})
        return {"id": str(uuid.uuid4())}

    def send_sms_notification(self, *, phone_number, template_id, personalisation):
        assert template_id == NOTIFY_SMS_TEMPLATE
        assert set(personalisation) == {"body"}
        assert phone_number
        self._check(personalisation)
        self.texts.append({"to": phone_number, **personalisation})
        return {"id": str(uuid.uuid4())}

    @staticmethod
    def _check(personalisation: dict) -> None:
        for value in personalisation.values():
            assert isinstance(value, str) and value.strip()
            assert "((" not in value and "))" not in value, value


@pytest.fixture
def notify(settings, monkeypatch) -> FakeNotify:
    """GOV.UK Notify configured, with the fake client wherever one is made."""
    fake = FakeNotify()
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = NOTIFY_EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = NOTIFY_SMS_TEMPLATE
    settings.MAILERS = {"default": {"BACKEND": "onramp.core.notify.NotifyEmailBackend"}}
    monkeypatch.setattr("onramp.core.notify.client", lambda: fake)
    return fake


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the code under test and then its on-commit sends, as a committed transaction would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
