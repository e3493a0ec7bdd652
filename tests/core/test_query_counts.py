"""No page makes a query per row: every list and report page, and every API list, is rendered with some rows and
again with three times as many, and must make the same number of queries both times.

A list or report page missing from PAGES fails ``test_every_list_page_is_counted`` (like the access matrix)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

D = datetime.date

# (url name, url args from (world, people), persona, extra GET parameters or API bearer token owner)
PAGES = [
    ("site:home", None, "coordinator_kent"),
    ("site:home", None, "regional_lead"),
    ("site:home", None, "recruiter_care"),
    ("site:home", None, "admin"),
    ("site:home", None, "young_person_a"),  # the young person's portal home
    ("accounts:audit", None, "admin"),
    ("notifications:log", None, "admin"),
    ("notifications:log", None, "regional_lead"),
    ("geography:reference-data", None, "admin"),
    ("accounts:my-account", None, "admin"),
    ("accounts:organisation-list", None, "admin"),
    ("accounts:organisation-list", None, "coordinator_kent"),
    ("accounts:organisation-detail", lambda w, p: [w.care.pk], "admin"),
    ("accounts:organisation-detail", lambda w, p: [w.kent.pk], "coordinator_kent"),
    ("accounts:user-list", None, "admin"),
    ("accounts:user-detail", lambda w, p: [w.coordinator_kent.pk], "admin"),
    ("site:caseload", None, "coordinator_kent"),
    ("site:caseload", None, "regional_lead"),
    ("site:record", lambda w, p: [p.kent.pk], "coordinator_kent"),
    ("participants:campaign-list", None, "regional_lead"),
    ("evaluation:campaign-detail", lambda w, p: [p.campaign.pk], "regional_lead"),
    ("participants:programme-list", None, "admin"),
    ("participants:programme-list", None, "funder"),
    ("evaluation:programme-detail", lambda w, p: [p.programme.pk], "admin"),
    ("training:cohort-list", None, "coordinator_kent"),
    ("training:cohort-detail", lambda w, p: [p.cohort.pk], "coordinator_kent"),
    ("training:completions", lambda w, p: [p.cohort.pk], "coordinator_kent"),
    ("training:register", lambda w, p: [p.cohort.pk, p.session.pk], "coordinator_kent"),
    ("training:enrol", lambda w, p: [p.cohort.pk], "coordinator_kent"),
    ("training:template-list", None, "admin"),
    ("training:template-list", None, "recruiter_care"),
    ("recruitment:vacancy-list", None, "coordinator_kent"),
    ("recruitment:vacancy-list", None, "recruiter_care"),
    ("recruitment:vacancy-detail", lambda w, p: [p.vacancy.pk], "recruiter_care"),
    ("recruitment:vacancy-detail", lambda w, p: [p.vacancy.pk], "coordinator_kent"),
    ("recruitment:application-detail", lambda w, p: [p.application.pk], "recruiter_care"),
    ("recruitment:refer", lambda w, p: [p.vacancy.pk], "coordinator_kent"),
    ("recruitment:entitlement-list", None, "coordinator_kent"),
    ("recruitment:entitlement-list", None, "recruiter_care"),
    ("recruitment:calibration", None, "recruiter_care"),
    ("recruitment:need-list", None, "admin"),
    ("checks:list", None, "coordinator_kent"),
    ("checks:list", None, "recruiter_care"),
    ("support:due", None, "coordinator_kent"),
    ("support:due", None, "recruiter_care"),
    ("support:issues", lambda w, p: [w.care.pk], "recruiter_care"),
    ("support:surveys", None, "admin"),
    ("support:mentors", None, "admin"),
    ("support:person", lambda w, p: [p.kent.pk], "coordinator_kent"),
    ("grants:list", None, "coordinator_kent"),
    ("grants:list", None, "admin"),
    ("grants:budget", None, "admin"),
    ("grants:limits", None, "admin"),
    ("exchange:import", None, "admin"),
    ("evaluation:dashboard", None, "admin"),
    ("evaluation:funder", None, "funder"),
    ("evaluation:learning-story", None, "funder"),
    ("evaluation:sroi", None, "admin"),
    ("portal:home", None, "young_person_a"),
    ("portal:plan", None, "young_person_a"),
    ("portal:jobs", None, "young_person_a"),
    ("portal:consents", None, "young_person_a"),
    # Downloads: the same rule.
    ("exchange:export-caseload", lambda w, p: ["csv"], "coordinator_kent"),
    ("exchange:export-events", lambda w, p: ["csv"], "regional_lead"),
    ("exchange:export-cohorts", lambda w, p: ["csv"], "coordinator_kent"),
    ("grants:register", lambda w, p: ["csv"], "admin"),
    ("evaluation:return", lambda w, p: ["xlsx"], "funder"),
]

API_LISTS = [
    ("/api/v1/participants", "admin"),
    ("/api/v1/participants", "coordinator_kent"),
    ("/api/v1/events", "regional_lead"),
    ("/api/v1/organisations", "admin"),
    ("/api/v1/candidates", "recruiter_care"),
    ("/api/v1/reports/headline?from=2019-01-01&to=2025-12-31", "admin"),
]

# Pages that are not lists: forms about one record, sign-in flows and actions (each listed with the reason).
NOT_LISTS = {
    "core:accessibility",
    "core:open-data",
    "core:healthz",
    "portal:join",
    "portal:sign-in",
    "portal:check-email",
    "portal:link",
    "portal:interest",
    "portal:consent-change",
    "portal:grant",
    "portal:details",
    "portal:password",
    "portal:data",  # a zip of one person's own records
    "participants:subject-access",  # a zip of one person's records, walked relation by relation
    "evaluation:learning-story-pdf",  # the learning story page, as PDF
    "checks:offer-checks",  # one offer's six checks and its onboarding tasks
    "support:employment",  # one job's check-ins (at most ten)
    "grants:detail",  # one grant and its payments
}


def _grow(world, people, start: int, count: int) -> None:
    """Add ``count`` more of everything the list pages show: providers, accounts, programmes, campaigns,
    vacancies, needs, cohorts, courses, young people at every stage (applications, interviews, offers, checks,
    jobs with check-ins, grants, surveys, mentors), messages and audit entries."""
    from onramp.accounts import services as accounts
    from onramp.accounts.models import OrganisationKind, ProviderType, Role
    from onramp.grants import services as grants
    from onramp.journey import services as journey_services
    from onramp.participants import services as participants
    from onramp.participants.models import Programme
    from onramp.plans import services as plans
    from onramp.recruitment import services as recruitment
    from onramp.recruitment.models import Value
    from onramp.support import services as support
    from onramp.training import services as training

    admin, coordinator, recruiter = world.admin, world.coordinator_kent, world.recruiter_care
    threes = {value: (3, "") for value in Value}
    for i in range(start, start + count):
        provider = accounts.create_organisation(
            actor=admin,
            name=f"Care group {i}",
            kind=OrganisationKind.PROVIDER,
            provider_type=ProviderType.CARE_PROVIDER,
            icss=[world.kent],
        )
        accounts.add_contact(
            actor=admin, organisation=world.care, role="recruiting_manager", name=f"Contact {i}", email=f"c{i}@x.org"
        )
        accounts.add_contact(
            actor=admin, organisation=provider, role="recruiting_manager", name=f"Lead {i}", phone="01234 567890"
        )
        colleague = accounts.create_user(
            actor=admin,
            username=f"coordinator-{i}",
            email=f"coordinator-{i}@example.org",
            role=Role.COORDINATOR,
            organisation=world.charity,
            icss=[world.kent],
        )
        accounts.create_user(
            actor=admin, username=f"recruiter-{i}", email=f"r{i}@example.org", role=Role.PROVIDER_RECRUITER,
            organisation=world.care,
        )  # fmt: skip
        programme = Programme.objects.create(name=f"Programme {i}")
        programme.icss.set([world.kent])
        participants.save_campaign(
            actor=admin,
            name=f"Campaign {i}",
            programme=people.programme,
            channel="community",
            audience="Everyone",
            starts_on=D(2024, 1, 1),
            ends_on=D(2024, 12, 31),
            provider=world.care,
            ics=world.kent,
        )
        vacancy = recruitment.save_vacancy(
            actor=admin,
            provider=world.care,
            programmes=[people.programme, programme],
            title=f"Care assistant {i}",
            role="care_worker",
            band_or_pay="£12.60 an hour",
            hours="37.5 hours a week",
            location="Canterbury",
            closing_on=D(2099, 12, 31),
            posts=2,
            closed=False,
        )
        recruitment.save_need(actor=admin, provider=world.care, role="care_worker", number=i + 1)
        cohort = training.create_cohort(
            actor=coordinator,
            programme=people.programme,
            name=f"Kent course {i}",
            ics=world.kent,
            delivery_mode="hybrid",
            starts_on=D(2024, 2, 5),
            ends_on=D(2024, 2, 9),
            provider=world.care,
        )
        training.add_session(actor=coordinator, cohort=cohort, held_on=D(2024, 2, 5), title="Day 1")
        training.save_template(
            actor=admin,
            provider=world.care,
            name=f"Care taster {i}",
            modules="Values in care",
            length_days=1,
            delivery_mode="online",
            venue="",
        )
        support.save_mentor(actor=admin, name=f"Mentor {i}", kind="volunteer", roles=["care_worker"], icss=[world.kent])
        support.save_survey(
            actor=admin, code=f"pulse-{i}", title=f"Pulse {i}", introduction="", questions="ok | yes_no | Going well?"
        )
        grants.set_limit(actor=admin, user=colleague, limit=Decimal("100"))
        support.raise_issue(actor=recruiter, provider=world.care, summary=f"Issue {i}", raised_on=D(2024, 5, 1))

        # A young person in Kent all the way into a job, and one referred and waiting.
        person = participants.register(
            actor=coordinator,
            programme=people.programme,
            given_name=f"Young{i}",
            family_name="Person",
            date_of_birth=D(2003, 1, 1),
            registered_on=D(2023, 1, 2),
            ics=world.kent,
            email=f"young{i}@example.org",
            ethnic_group="4",
            campaign=None,
        )
        waiting = participants.register(
            actor=coordinator,
            programme=people.programme,
            given_name=f"Waiting{i}",
            family_name="Person",
            date_of_birth=D(2004, 1, 1),
            registered_on=D(2024, 1, 2),
            ics=world.kent,
            email=f"waiting{i}@example.org",
        )
        for someone in (person, waiting):
            participants.record_consent(
                actor=coordinator,
                person=someone,
                purpose="share_with_employer",
                lawful_basis="consent",
                given_on=D(2024, 1, 3),
                organisation=world.care,
            )
            participants.record_consent(
                actor=coordinator, person=someone, purpose="surveys", lawful_basis="consent", given_on=D(2024, 1, 3)
            )
            plans.agree_plan(
                actor=coordinator,
                person=someone,
                barriers=[],
                barrier_notes="",
                goals="A job in care",
                agreed_on=D(2024, 1, 4),
                actions=[plans.ActionInput(description="Write a CV", owner="young_person", due_on=D(2024, 2, 1))],
            )
            training.enrol(actor=coordinator, cohort=people.cohort, person=someone, enrolled_on=D(2024, 2, 1))
        recruitment.grant_interview(actor=coordinator, person=person, provider=world.care, granted_on=D(2024, 3, 1))
        recruitment.grant_interview(actor=coordinator, person=waiting, provider=world.care, granted_on=D(2024, 3, 1))
        recruitment.refer(actor=coordinator, person=waiting, vacancy=people.vacancy)
        application = recruitment.refer(actor=coordinator, person=person, vacancy=people.vacancy)
        interview = recruitment.schedule_interview(actor=recruiter, application=application, held_on=D(2024, 3, 12))
        recruitment.score_interview(actor=recruiter, interview=interview, interviewer=recruiter, scores=threes)
        recruitment.agree_consensus(actor=recruiter, interview=interview, scores=threes)
        application.refresh_from_db()
        offer = recruitment.make_offer(
            actor=recruiter,
            application=application,
            role="care_worker",
            hours="37.5",
            band_or_pay="£12.60 an hour",
            made_on=D(2024, 3, 14),
        )
        recruitment.answer_offer(actor=coordinator, offer=offer, accepted=True, answered_on=D(2024, 3, 15))
        if i % 2:
            from onramp.checks import services as checks

            checks.confirm_start(actor=coordinator, offer=offer, started_on=D(2024, 4, 2), reason="Agreed with them")
        grant = grants.request_grant(
            actor=coordinator,
            person=person,
            category="travel",
            amount=Decimal("20"),
            need="Bus pass",
            requested_on=D(2023, 1, 10),
        )
        grants.decide(actor=admin, grant=grant, approve=True, decided_on=D(2023, 1, 11))
        grants.pay(actor=admin, grant=grant, amount=Decimal("5"), paid_on=D(2023, 1, 12))
        grants.pay(actor=admin, grant=grant, amount=Decimal("5"), paid_on=D(2023, 1, 13))
        support.send_survey(
            actor=coordinator,
            survey=people.survey,
            person=person,
            link_for=lambda token: f"/s/{token}/",
        )
        # Aisha's own page grows too: more grants, applications and interviews.
        aisha_grant = grants.request_grant(
            actor=coordinator,
            person=people.kent,
            category="travel",
            amount=Decimal("10"),
            need=f"Shoes {i}",
            requested_on=D(2023, 2, 1),
        )
        grants.decide(actor=admin, grant=aisha_grant, approve=False, note="Not this time", decided_on=D(2023, 2, 2))
        aisha_application = recruitment.refer(actor=coordinator, person=people.kent, vacancy=vacancy)
        recruitment.schedule_interview(actor=recruiter, application=aisha_application, held_on=D(2024, 3, 20))
        journey_services.record_event(
            actor=coordinator, person=people.kent, type="plan_agreed", occurred_on=D(2024, 1, 11 + i)
        )


@pytest.fixture
def grown(world, people):
    """Aisha's record with the fixtures every page needs, and a function that adds more rows."""
    from onramp.accounts.tokens import create_token
    from onramp.grants import services as grants
    from onramp.participants.models import ProgrammePhase
    from onramp.recruitment import services as recruitment
    from onramp.support import services as support
    from onramp.training import services as training

    people.phase = ProgrammePhase.objects.create(
        programme=people.programme, name="First phase", starts_on=D(2019, 10, 1), ends_on=D(2025, 9, 30)
    )
    grants.set_budget(actor=world.admin, phase=people.phase, ics=world.kent, amount=Decimal("100000"))
    grants.set_limit(actor=world.admin, user=world.admin, limit=Decimal("1000"))
    people.vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[people.programme],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=D(2099, 12, 31),
        posts=20,
        closed=False,
    )
    from onramp.participants import services as participants

    participants.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 1, 3),
        organisation=world.care,
    )
    people.application = recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=people.vacancy)
    people.cohort = training.create_cohort(
        actor=world.coordinator_kent,
        programme=people.programme,
        name="Kent HCA course",
        ics=world.kent,
        delivery_mode="hybrid",
        starts_on=D(2024, 2, 5),
        ends_on=D(2024, 2, 9),
        capacity=100,
    )
    people.session = training.add_session(
        actor=world.coordinator_kent, cohort=people.cohort, held_on=D(2024, 2, 5), title="Day 1"
    )
    people.survey = support.save_survey(
        actor=world.admin, code="pulse", title="Pulse", introduction="", questions="ok | yes_no | Going well?"
    )
    people.campaign = participants.save_campaign(
        actor=world.admin,
        name="Care leavers in Kent",
        programme=people.programme,
        channel="community",
        audience="Care leavers",
        starts_on=D(2023, 1, 1),
        ends_on=D(2024, 12, 31),
        provider=world.care,
        ics=world.kent,
    )
    people.tokens = {}
    for name in ("admin", "coordinator_kent", "regional_lead", "recruiter_care"):
        people.tokens[name] = create_token(actor=None, user=world.persona(name))
    people.grown = 0

    def grow(count: int) -> None:
        _grow(world, people, people.grown, count)
        people.grown += count

    people.grow = grow
    return people


def _count(client, world, url: str, persona: str, token: str | None) -> tuple[int, int, int]:
    if token:
        client.logout()
        get = lambda: client.get(url, headers={"Authorization": f"Bearer {token}"})  # noqa: E731
    else:
        client.force_login(world.persona(persona))
        get = lambda: client.get(url)  # noqa: E731
    get()  # the first request warms caches (bank holidays, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = get()
        # A streamed download queries as it is read: read it inside the count.
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(queries), len(body)


def test_no_page_makes_a_query_per_row(client, world, grown):
    """Every list, report and export, and every API list: the same number of queries with 2 rows and with 6."""
    targets = []
    for url_name, args, persona in PAGES:
        url = reverse(url_name, args=args(world, grown) if args else None)
        targets.append((url_name, url, persona, None))
    for url, persona in API_LISTS:
        targets.append((url, url, persona, "api"))

    def measure() -> dict[tuple[str, str], tuple[int, int, int]]:
        return {
            (url, persona): _count(client, world, url, persona, grown.tokens[persona] if api else None)
            for _, url, persona, api in targets
        }

    grown.grow(2)
    few = measure()
    grown.grow(4)
    many = measure()
    problems = []
    for name, url, persona, _ in targets:
        (status_few, queries_few, _), (status_many, queries_many, _) = few[url, persona], many[url, persona]
        if status_few != 200 or status_many != 200:
            problems.append(f"{name} as {persona}: status {status_few}, {status_many}")
        elif queries_many != queries_few:
            problems.append(f"{name} ({url}) as {persona}: {queries_few} queries with few rows, {queries_many} with 3×")
    import os

    if os.environ.get("ONRAMP_SHOW_QUERY_COUNTS"):
        for name, url, persona, _ in targets:
            print(name, persona, few[url, persona], many[url, persona])
    assert problems == []


def test_every_list_page_is_counted():
    """Every page a GET can reach that is not a form about one record is in PAGES, or in NOT_LISTS with a reason.

    Forms and record pages with a list of their own (record, cohort, vacancy, organisation) are counted too;
    the other pages of the access matrix are about one record and are covered by it."""
    from tests.core.test_access_matrix import MATRIX

    counted = {name for name, _, _ in PAGES}
    lists = {
        name
        for name, _, _ in MATRIX
        if not any(word in name for word in ("create", "edit", "remove", "withdraw", "void", "override"))
        and not any(name.endswith(suffix) for suffix in LIST_SUFFIXES_NOT_LISTS)
    }
    assert lists - counted - NOT_LISTS == set()


# Pages of the access matrix about one record and an action on it: a form, with no list of rows.
LIST_SUFFIXES_NOT_LISTS = (
    ":token-create",
    ":password-change",
    ":contact-create",
    ":register",  # participants:register is the registration form (training:register is counted)
    ":record-event",
    ":add-consent",
    ":agree",
    ":add-action",
    ":review",
    ":add-support",
    ":erase",
    ":move",
    ":interview-score",
    ":interview-consensus",
    ":offer-create",
    ":offer-answer",
    ":application-move",
    ":check-update",
    ":task-done",
    ":start",
    ":leaving",
    ":check-in",
    ":progression",
    ":employment-progression",  # the recruiter's form for one job
    ":decide",
    ":pay",
    ":request",
    ":send-survey",
    ":answer",
    ":resolve",
    ":usage-import",
    ":sessions-from-template",
    ":onboarding-template",
    ":pipeline-edit",
    ":sroi-new",
    ":interview-create",
)
