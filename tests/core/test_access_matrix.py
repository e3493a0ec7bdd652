"""Every view, every persona: allowed (200), refused (403), hidden (404) or sent to sign in (302)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PERSONAS

OK, FORBIDDEN, HIDDEN, SIGN_IN = 200, 403, 404, 302

STAFF_LIST = {"coordinator_kent", "coordinator_sussex", "regional_lead", "recruiter_scas", "recruiter_care", "admin"}


def expected(allowed: set[str], refused: int = FORBIDDEN) -> dict[str, int]:
    return {name: (SIGN_IN if name == "anonymous" else OK if name in allowed else refused) for name in PERSONAS}


EVERYONE = set(PERSONAS) - {"anonymous"}


def of_people(args):
    """Mark a row whose URL needs the young people fixture (and its extras)."""
    args.needs_people = True
    return args


SUPPORT_STAFF = {"coordinator_kent", "coordinator_sussex", "regional_lead", "admin"}


def expected_for_kent_record(*, changes: bool) -> dict[str, int]:
    """The Kent young person's record: their coordinator, the region's lead and administrators; hidden from
    the Sussex coordinator; refused to everyone without caseload access."""
    allowed = {"coordinator_kent", "regional_lead", "admin"}
    return {**expected(allowed), "coordinator_sussex": HIDDEN}


ADMIN = {"admin"}
YOUNG_PEOPLE = {"young_person_a", "young_person_b"}
EXACT_FIGURES = {"regional_lead", "admin"}
PUBLISHED_FIGURES = {"funder", "regional_lead", "admin"}
PROGRAMME_READERS = {"coordinator_kent", "coordinator_sussex", "regional_lead", "funder", "admin"}
PROGRAMME_MANAGERS = {"regional_lead", "admin"}
VACANCY_READERS = {
    "coordinator_kent",
    "coordinator_sussex",
    "regional_lead",
    "recruiter_scas",
    "recruiter_care",
    "admin",
}
# The Weald Care Homes vacancy and Aisha's application to it: her coordinator, the lead, the care provider's
# recruiter (she consents to sharing with them) and administrators; hidden from the rest who may use the pages.
CARE_CASE = {
    **expected({"coordinator_kent", "regional_lead", "recruiter_care", "admin"}),
    "coordinator_sussex": HIDDEN,
    "recruiter_scas": HIDDEN,
}
CARE_SUPPORT = {
    **expected({"coordinator_kent", "regional_lead", "recruiter_care", "admin"}),
    "coordinator_sussex": HIDDEN,
    "recruiter_scas": HIDDEN,
    "funder": HIDDEN,
    "young_person_a": HIDDEN,
    "young_person_b": HIDDEN,
}
KENT_COHORT_CHANGE = {**expected({"coordinator_kent", "regional_lead", "admin"}), "coordinator_sussex": HIDDEN}
CARE_ORGANISATION_CHANGE = {
    **expected({"admin"}),
    "coordinator_sussex": HIDDEN,
    "recruiter_scas": HIDDEN,
    "funder": HIDDEN,
    "young_person_a": HIDDEN,
    "young_person_b": HIDDEN,
}

# (url name, how to get its arguments from the world, expected status per persona)
MATRIX = [
    ("site:home", None, {name: OK for name in PERSONAS}),
    ("core:accessibility", None, {name: OK for name in PERSONAS}),
    ("core:open-data", None, {name: OK for name in PERSONAS}),
    ("core:healthz", None, {name: OK for name in PERSONAS}),
    ("accounts:audit", None, expected(ADMIN)),
    ("notifications:log", None, expected({"regional_lead", "admin"})),
    ("geography:reference-data", None, expected(ADMIN)),
    ("accounts:my-account", None, expected(EVERYONE)),
    ("portal:join", None, {name: OK for name in PERSONAS}),
    ("portal:sign-in", None, {name: OK for name in PERSONAS}),
    ("portal:check-email", None, {name: OK for name in PERSONAS}),
    *[
        (f"portal:{name}", of_people(lambda w, p: []), expected(YOUNG_PEOPLE))
        for name in ("home", "plan", "jobs", "grant", "details", "consents", "password", "data")
    ],
    ("accounts:token-create", None, expected(EVERYONE - {"young_person_a", "young_person_b"})),
    ("accounts:password-change", None, expected(EVERYONE)),
    ("accounts:organisation-list", None, expected(STAFF_LIST)),
    ("accounts:organisation-create", None, expected(ADMIN)),
    (
        "accounts:organisation-edit",
        lambda w, p: [w.kent.pk],
        {
            **expected({"admin"}),
            "coordinator_sussex": HIDDEN,
            "recruiter_scas": HIDDEN,
            "funder": HIDDEN,
            "young_person_a": HIDDEN,
            "young_person_b": HIDDEN,
        },
    ),
    (
        "accounts:organisation-detail",
        lambda w, p: [w.kent.pk],
        expected({"coordinator_kent", "regional_lead", "recruiter_care", "admin"}, refused=HIDDEN),
    ),
    (
        "accounts:organisation-detail",
        lambda w, p: [w.scas.pk],
        expected({"regional_lead", "recruiter_scas", "admin"}, refused=HIDDEN),
    ),
    ("accounts:user-list", None, expected(ADMIN)),
    ("accounts:user-create", None, expected(ADMIN)),
    ("accounts:user-detail", lambda w, p: [w.coordinator_kent.pk], expected(ADMIN)),
    ("accounts:user-edit", lambda w, p: [w.coordinator_kent.pk], expected(ADMIN, refused=FORBIDDEN)),
    ("site:caseload", None, expected(SUPPORT_STAFF)),
    ("exchange:import", None, expected({"regional_lead", "admin"})),
    ("training:cohort-list", None, expected(SUPPORT_STAFF)),
    ("evaluation:dashboard", None, expected(EXACT_FIGURES)),
    ("evaluation:funder", None, expected(PUBLISHED_FIGURES)),
    ("evaluation:return", lambda w, p: ["xlsx"], expected(PUBLISHED_FIGURES)),
    ("evaluation:learning-story", of_people(lambda w, p: []), expected(PUBLISHED_FIGURES)),
    ("evaluation:learning-story-pdf", of_people(lambda w, p: []), expected(PUBLISHED_FIGURES)),
    ("evaluation:learning-story-edit", of_people(lambda w, p: [p.programme.pk]), expected(EXACT_FIGURES)),
    ("evaluation:sroi", None, expected(EXACT_FIGURES)),
    ("evaluation:sroi-new", None, expected(EXACT_FIGURES)),
    ("recruitment:vacancy-list", None, expected(VACANCY_READERS)),
    ("recruitment:vacancy-create", None, expected({"regional_lead", "recruiter_scas", "recruiter_care", "admin"})),
    ("recruitment:vacancy-detail", of_people(lambda w, p: [p.vacancy.pk]), CARE_CASE),
    (
        "recruitment:vacancy-edit",
        of_people(lambda w, p: [p.vacancy.pk]),
        {**expected({"regional_lead", "recruiter_care", "admin"}), "recruiter_scas": HIDDEN},
    ),
    ("recruitment:refer", of_people(lambda w, p: [p.vacancy.pk]), KENT_COHORT_CHANGE),
    *[
        (name, of_people(lambda w, p: [p.application.pk]), CARE_CASE)
        for name in [
            "recruitment:application-detail",
            "recruitment:application-move",
            "recruitment:interview-create",
            "recruitment:offer-create",
        ]
    ],
    ("recruitment:interview-score", of_people(lambda w, p: [p.interview.pk]), CARE_CASE),
    ("recruitment:interview-consensus", of_people(lambda w, p: [p.interview.pk]), CARE_CASE),
    ("recruitment:offer-answer", of_people(lambda w, p: [p.offer.pk]), CARE_CASE),
    ("recruitment:entitlement-list", None, expected(VACANCY_READERS)),
    ("checks:list", None, expected(VACANCY_READERS)),
    ("checks:offer-checks", of_people(lambda w, p: [p.offer.pk]), CARE_CASE),
    ("checks:check-update", of_people(lambda w, p: [p.offer.checks.first().pk]), CARE_CASE),
    ("checks:task-done", of_people(lambda w, p: [p.offer.onboarding.first().pk]), CARE_CASE),
    ("checks:start", of_people(lambda w, p: [p.offer.pk]), CARE_CASE),
    ("support:employment", of_people(lambda w, p: [p.employment.pk]), CARE_CASE),
    ("support:leaving", of_people(lambda w, p: [p.employment.pk]), CARE_CASE),
    ("support:employment-progression", of_people(lambda w, p: [p.employment.pk]), CARE_CASE),
    (
        "support:check-in",
        of_people(lambda w, p: [p.employment.check_ins.get(point="month_1", party="employer").pk]),
        CARE_CASE,
    ),
    (
        "support:check-in",
        of_people(lambda w, p: [p.employment.check_ins.get(point="month_1", party="young_person").pk]),
        # The young person's own side is confidential: hidden from the employer, as if it were not there.
        {**CARE_CASE, "recruiter_care": HIDDEN},
    ),
    ("support:due", None, expected(VACANCY_READERS)),
    ("grants:list", None, expected(SUPPORT_STAFF)),
    ("grants:budget", None, expected({"regional_lead", "admin"})),
    ("grants:limits", None, expected(ADMIN)),
    ("grants:register", lambda w, p: ["csv"], expected(SUPPORT_STAFF)),
    *[
        (name, of_people(lambda w, p: [p.grant.pk]), expected_for_kent_record(changes=False))
        for name in ["grants:detail", "grants:decide", "grants:pay"]
    ],
    ("grants:request", of_people(lambda w, p: [p.kent.pk]), expected_for_kent_record(changes=True)),
    ("support:progression", of_people(lambda w, p: [p.kent.pk]), expected_for_kent_record(changes=True)),
    (
        "recruitment:entitlement-withdraw",
        of_people(lambda w, p: [p.entitlement.pk]),
        {**KENT_COHORT_CHANGE, "recruiter_scas": HIDDEN},
    ),
    ("recruitment:calibration", None, expected({"regional_lead", "recruiter_scas", "recruiter_care", "admin"})),
    ("training:session-create", of_people(lambda w, p: [p.kent_cohort.pk]), KENT_COHORT_CHANGE),
    ("training:enrol", of_people(lambda w, p: [p.kent_cohort.pk]), KENT_COHORT_CHANGE),
    ("training:completions", of_people(lambda w, p: [p.kent_cohort.pk]), KENT_COHORT_CHANGE),
    ("training:register", of_people(lambda w, p: [p.kent_cohort.pk, p.session.pk]), KENT_COHORT_CHANGE),
    ("accounts:contact-create", lambda w, p: [w.care.pk], CARE_ORGANISATION_CHANGE),
    ("accounts:contact-remove", of_people(lambda w, p: [w.care.pk, p.contact.pk]), CARE_ORGANISATION_CHANGE),
    ("training:template-list", None, expected(SUPPORT_STAFF | {"recruiter_scas", "recruiter_care"})),
    ("training:template-create", None, expected(SUPPORT_STAFF | {"recruiter_scas", "recruiter_care"})),
    (
        "training:template-edit",
        of_people(lambda w, p: [p.template.pk]),
        {**expected(SUPPORT_STAFF | {"recruiter_care"}), "recruiter_scas": HIDDEN},
    ),
    ("training:sessions-from-template", of_people(lambda w, p: [p.kent_cohort.pk]), KENT_COHORT_CHANGE),
    (
        "recruitment:pipeline-edit",
        lambda w, p: [w.care.pk],
        {**CARE_ORGANISATION_CHANGE, "recruiter_care": OK},
    ),
    ("checks:onboarding-template", lambda w, p: [w.care.pk], {**CARE_ORGANISATION_CHANGE, "recruiter_care": OK}),
    ("support:issues", lambda w, p: [w.care.pk], CARE_SUPPORT),
    ("support:surveys", None, expected(SUPPORT_STAFF)),
    ("support:mentors", None, expected(SUPPORT_STAFF)),
    ("support:person", of_people(lambda w, p: [p.kent.pk]), expected_for_kent_record(changes=True)),
    ("support:usage-import", None, expected({"regional_lead", "admin"})),
    ("support:send-survey", of_people(lambda w, p: [p.kent.pk]), expected_for_kent_record(changes=True)),
    ("support:answer", of_people(lambda w, p: [p.invitation.token]), {name: OK for name in PERSONAS}),
    ("support:resolve", of_people(lambda w, p: [w.care.pk, p.issue.pk]), CARE_SUPPORT),
    ("recruitment:need-list", None, expected(VACANCY_READERS)),
    ("recruitment:need-create", None, expected({"regional_lead", "recruiter_scas", "recruiter_care", "admin"})),
    (
        "recruitment:need-edit",
        of_people(lambda w, p: [p.need.pk]),
        {**expected({"regional_lead", "recruiter_care", "admin"}), "recruiter_scas": HIDDEN},
    ),
    ("participants:campaign-list", None, expected(SUPPORT_STAFF)),
    ("participants:campaign-create", None, expected({"regional_lead", "admin"})),
    ("evaluation:campaign-detail", of_people(lambda w, p: [p.campaign.pk]), expected(SUPPORT_STAFF)),
    ("participants:campaign-edit", of_people(lambda w, p: [p.campaign.pk]), expected({"regional_lead", "admin"})),
    ("participants:programme-list", None, expected(PROGRAMME_READERS)),
    ("participants:programme-create", None, expected(PROGRAMME_MANAGERS)),
    ("evaluation:programme-detail", of_people(lambda w, p: [p.programme.pk]), expected(PROGRAMME_READERS)),
    ("participants:programme-edit", of_people(lambda w, p: [p.programme.pk]), expected(PROGRAMME_MANAGERS)),
    ("participants:phase-create", of_people(lambda w, p: [p.programme.pk]), expected(PROGRAMME_MANAGERS)),
    (
        "participants:phase-edit",
        of_people(lambda w, p: [p.programme.pk, p.phase.pk]),
        expected(PROGRAMME_MANAGERS),
    ),
    (
        "participants:target-create",
        of_people(lambda w, p: [p.programme.pk, p.phase.pk]),
        expected(PROGRAMME_MANAGERS),
    ),
    (
        "participants:target-remove",
        of_people(lambda w, p: [p.programme.pk, p.phase.pk, p.target.pk]),
        expected(PROGRAMME_MANAGERS),
    ),
    ("training:cohort-create", None, expected(SUPPORT_STAFF)),
    ("training:cohort-detail", of_people(lambda w, p: [p.kent_cohort.pk]), expected_for_kent_record(changes=False)),
    ("exchange:export-caseload", lambda w, p: ["csv"], expected(SUPPORT_STAFF)),
    ("exchange:export-events", lambda w, p: ["xlsx"], expected(SUPPORT_STAFF)),
    ("exchange:export-cohorts", lambda w, p: ["csv"], expected(SUPPORT_STAFF)),
    ("participants:register", None, expected(SUPPORT_STAFF)),
    *[
        (name, of_people(lambda w, p: [p.kent.pk]), expected_for_kent_record(changes=True))
        for name in [
            "participants:edit",
            "site:record-event",
            "participants:add-consent",
            "plans:agree",
            "plans:add-action",
            "plans:review",
            "plans:add-support",
        ]
    ],
    ("site:record", of_people(lambda w, p: [p.kent.pk]), expected_for_kent_record(changes=False)),
    (
        "participants:erase",
        of_people(lambda w, p: [p.kent.pk]),
        {**expected({"regional_lead", "admin"}), "coordinator_sussex": FORBIDDEN},
    ),
    (
        "participants:subject-access",
        of_people(lambda w, p: [p.kent.pk]),
        {**expected({"regional_lead", "admin"}), "coordinator_sussex": FORBIDDEN},
    ),
    (
        "site:void-event",
        of_people(lambda w, p: [p.kent.pk, p.kent_offer.pk]),
        expected_for_kent_record(changes=True),
    ),
    (
        "participants:withdraw-consent",
        of_people(lambda w, p: [p.kent.pk, p.kent_consent.pk]),
        expected_for_kent_record(changes=True),
    ),
    (
        "participants:override-eligibility",
        of_people(lambda w, p: [p.kent.pk]),
        {
            **expected({"regional_lead", "admin"}),
            "coordinator_sussex": HIDDEN,
        },
    ),
]

CASES = [
    pytest.param(url_name, args, persona, status, id=f"{url_name}{'-' + str(i) if args else ''}-{persona}")
    for i, (url_name, args, statuses) in enumerate(MATRIX)
    for persona, status in statuses.items()
]


@pytest.mark.parametrize(("url_name", "args", "persona", "status"), CASES)
def test_access(client_as, world, request, url_name, args, persona, status):
    if args is None:
        url = reverse(url_name)
    else:
        people = request.getfixturevalue("people") if getattr(args, "needs_people", False) else None
        url = reverse(url_name, args=args(world, people and _with_extras(world, people)))
    response = client_as(persona).get(url)
    assert response.status_code == status, f"{persona} GET {url}"
    if status == SIGN_IN:
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def _with_extras(world, people):
    """An offer and a consent on the Kent record, for the pages about one event or one consent."""
    import datetime

    from onramp.journey import services as journey_services
    from onramp.participants import services
    from onramp.participants.models import ProgrammePhase, Target
    from onramp.training import services as training_services

    people.kent_offer = journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type="job_offered",
        occurred_on=datetime.date(2024, 3, 1),
        role="care_worker",
    )
    people.kent_consent = services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="surveys",
        lawful_basis="consent",
        given_on=datetime.date(2024, 1, 10),
    )
    people.kent_cohort = training_services.create_cohort(
        actor=world.coordinator_kent,
        programme=people.programme,
        name="Kent HCA course",
        ics=world.kent,
        delivery_mode="hybrid",
        starts_on=datetime.date(2024, 2, 5),
        ends_on=datetime.date(2024, 2, 9),
    )
    people.phase = ProgrammePhase.objects.create(
        programme=people.programme,
        name="First phase",
        starts_on=datetime.date(2019, 10, 1),
        ends_on=datetime.date(2023, 9, 30),
    )
    people.target = Target.objects.create(phase=people.phase, metric="ethnic_minority", value=10)
    _recruitment_extras(world, people)
    return people


def _recruitment_extras(world, people):
    """A Weald Care Homes vacancy and Aisha's whole way to an offer with them; a session on the Kent cohort;
    a key contact at the care provider."""
    import datetime

    from onramp.accounts import services as account_services
    from onramp.participants import services
    from onramp.recruitment import services as recruitment
    from onramp.recruitment.models import Value
    from onramp.training import services as training

    day = datetime.date(2024, 3, 1)
    services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=day,
        organisation=world.care,
    )
    people.vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[people.programme],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=datetime.date(2099, 12, 31),
        posts=2,
        closed=False,
    )
    people.entitlement = recruitment.grant_interview(
        actor=world.coordinator_kent, person=people.kent, provider=world.care, granted_on=day
    )
    people.application = recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=people.vacancy)
    people.interview = recruitment.schedule_interview(
        actor=world.recruiter_care, application=people.application, held_on=datetime.date(2024, 3, 12)
    )
    threes = {value: (3, "") for value in Value}
    recruitment.score_interview(
        actor=world.recruiter_care, interview=people.interview, interviewer=world.recruiter_care, scores=threes
    )
    recruitment.agree_consensus(actor=world.recruiter_care, interview=people.interview, scores=threes)
    people.application.refresh_from_db()
    people.offer = recruitment.make_offer(
        actor=world.recruiter_care,
        application=people.application,
        role="care_worker",
        hours="37.5",
        band_or_pay="£12.60 an hour",
        made_on=datetime.date(2024, 3, 14),
    )
    recruitment.answer_offer(
        actor=world.coordinator_kent, offer=people.offer, accepted=True, answered_on=datetime.date(2024, 3, 15)
    )
    from onramp.checks import services as checks

    people.employment = checks.confirm_start(
        actor=world.coordinator_kent,
        offer=people.offer,
        started_on=datetime.date(2024, 4, 2),
        reason="Checks in hand; agreed with the manager",
    )
    from decimal import Decimal

    from onramp.grants import services as grants
    from onramp.support import services as support

    survey = support.save_survey(
        actor=world.admin, code="pulse", title="Pulse", introduction="", questions="ok | yes_no | Is work going well?"
    )
    people.invitation = support.send_survey(
        actor=world.coordinator_kent, survey=survey, person=people.kent, link_for=lambda token: f"/s/{token}/"
    )
    people.issue = support.raise_issue(
        actor=world.recruiter_care, provider=world.care, summary="Rota clashes", raised_on=datetime.date(2024, 5, 1)
    )

    grants.set_budget(actor=world.admin, phase=people.phase, ics=world.kent, amount=Decimal("500"))
    people.grant = grants.request_grant(
        actor=world.coordinator_kent,
        person=people.kent,
        category="travel",
        amount=Decimal("45"),
        need="Bus pass",
        requested_on=datetime.date(2023, 1, 10),
    )
    people.session = training.add_session(
        actor=world.coordinator_kent, cohort=people.kent_cohort, held_on=datetime.date(2024, 2, 5), title="Day 1"
    )
    people.campaign = services.save_campaign(
        actor=world.admin,
        name="Care leavers in Kent",
        programme=people.programme,
        channel="community",
        audience="Care leavers",
        starts_on=day,
        ends_on=datetime.date(2024, 6, 30),
        provider=world.care,
        ics=world.kent,
    )
    people.template = training.save_template(
        actor=world.admin,
        provider=world.care,
        name="Care taster",
        modules="Values in care\nMoving and handling",
        length_days=2,
        delivery_mode="hybrid",
        venue="",
    )
    people.need = recruitment.save_need(actor=world.admin, provider=world.care, role="care_worker", number=6)
    people.contact = account_services.add_contact(
        actor=world.admin, organisation=world.care, role="recruiting_manager", name="Sam Patel", email="sam@example.org"
    )


def test_every_url_is_in_the_matrix():
    from django.urls import get_resolver

    names = set()
    for namespace in (
        "core",
        "accounts",
        "geography",
        "participants",
        "plans",
        "exchange",
        "training",
        "recruitment",
        "checks",
        "support",
        "grants",
        "evaluation",
        "notifications",
        "portal",
    ):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    public_flows = {
        "accounts:sign-in",
        "accounts:sign-out",
        "accounts:password-reset",
        "accounts:password-reset-sent",
        "accounts:password-reset-confirm",
        "accounts:password-reset-complete",
        "accounts:two-factor",  # the second step of signing in: tested in accounts/tests/test_two_factor.py
        "accounts:two-factor-setup",
        "accounts:two-factor-reset",  # POST only, administrators: tested there too
        "accounts:token-revoke",  # POST only: tested in accounts/tests/test_api_tokens_web.py
        "evaluation:refresh",  # POST only, evaluation rights: tested in evaluation/tests/test_snapshots.py
        "portal:link",  # a signed one-time link: tested in portal/tests/test_portal.py
        "portal:interest",  # POST only, young people: tested there too
        "portal:consent-change",  # POST only, young people: tested there too
    }
    covered = {url_name for url_name, _, _ in MATRIX}
    assert names - covered - public_flows == set()
