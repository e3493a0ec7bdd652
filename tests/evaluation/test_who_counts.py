"""Who counts (docs/metrics.md): people registered but not eligible (here, under 16 or over 30 on the registration
date) and not overridden are in no figure; the figures for everyone eligible are unchanged by them; they are
counted apart; a lead's override brings them in."""

import dataclasses
import datetime

import pytest
from django.db import connection

from onramp.evaluation import breakdowns, dashboard, report, representativeness, story, targets
from onramp.evaluation.headline import headline, registered_not_eligible
from onramp.evaluation.snapshots import to_data
from onramp.journey import services as journey_services
from onramp.participants import services
from onramp.participants.models import ProgrammePhase, SurveyResponse, Target, YoungPerson, counting_sql
from onramp.training.services import create_cohort

D = datetime.date
START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2025, 6, 30)
# Nationally (the join to the person table) and for an ICB (the scope subquery), with the number of eligible
# people supported: the five, Aisha, and nationally Ben (Sussex).
SCOPES = [(None, 7), (["QKS"], 6)]


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def register(world, people, name, born, *, ethnic_group="6"):
    return services.register(
        actor=world.admin,
        programme=people.programme,
        given_name=name,
        family_name="Smith",
        date_of_birth=born,
        registered_on=D(2024, 2, 1),
        postcode="CT1 1AA",
        ethnic_group=ethnic_group,
        ics=world.kent,
    )


def full_journey(world, who, cohort, *, left=None):
    """Registered (by ``register``), a course completed with ``cohort``, offered, started, a survey answer."""
    event(world, who, "plan_agreed", D(2024, 2, 5))
    event(world, who, "course_completed", D(2024, 2, 20), cohort_id=cohort.pk)
    event(world, who, "interview_guaranteed", D(2024, 2, 21))
    event(world, who, "job_offered", D(2024, 3, 1), role="care_worker", organisation=world.care)
    event(world, who, "started_work", D(2024, 3, 15), role="care_worker", organisation=world.care)
    if left:
        event(world, who, "left_work", left)
    SurveyResponse.objects.create(
        young_person=who, survey="exit", question="confident", answer="yes", answered_on=D(2024, 6, 1)
    )


@pytest.fixture
def eligible_world(world, people):
    """Five eligible people with full journeys (one leaves early), a cohort, a phase with targets."""
    cohort = create_cohort(
        actor=world.admin,
        programme=people.programme,
        name="Care taster",
        ics=world.kent,
        delivery_mode="hybrid",
        starts_on=D(2024, 2, 12),
        ends_on=D(2024, 2, 16),
    )
    for index in range(5):
        who = register(world, people, f"Eligible{index}", D(2000, 1, 1), ethnic_group="13" if index % 2 else "6")
        assert who.eligible
        full_journey(world, who, cohort, left=D(2024, 4, 1) if index == 0 else None)
    phase = ProgrammePhase.objects.create(programme=people.programme, name="First", starts_on=START, ends_on=END)
    for metric, value in [("supported", 5), ("starters", 3), ("ethnic_minority", 20), ("retained_3_months", 50)]:
        Target.objects.create(phase=phase, metric=metric, value=value)
    return cohort


def add_ineligible(world, people, cohort):
    """Kai, 32 on the registration date, and Lily, 15: the same full journeys, recorded as events."""
    kai = register(world, people, "Kai", D(1991, 6, 1))
    lily = register(world, people, "Lily", D(2008, 6, 1))
    for who in (kai, lily):
        assert not who.eligible and not who.counts_as_eligible
        full_journey(world, who, cohort)
    return kai, lily


def everything(icbs):
    """Every figure evaluation computes, as data: headline, funnel, breakdowns (with cohorts), representativeness,
    targets, the SPC series and retention, survey, the learning story's counts."""
    built = report.build(start=START, end=END, as_of=AS_OF, icbs=icbs, published=False)
    data = to_data(dataclasses.replace(built, registered_not_eligible=None))
    return {
        "report": data,
        "headline": headline(start=START, end=END, as_of=AS_OF, icbs=icbs),
        "funnel": dashboard.funnel(start=START, end=END, as_of=AS_OF, icbs=icbs),
        "breakdowns": breakdowns.breakdowns(start=START, end=END, icbs=icbs),
        "representativeness": representativeness.representativeness(start=START, end=END, icbs=icbs),
        "targets": to_data(targets.phase_results(as_of=AS_OF, icbs=icbs, published=False)),
        "monthly": dashboard.monthly(event_type="started_work", start=START, end=END, icbs=icbs),
        "retention": dashboard.monthly_retention(start=START, end=END, as_of=AS_OF, icbs=icbs),
    }


@pytest.mark.parametrize(("icbs", "supported"), SCOPES)
def test_figures_equal_a_recomputation_without_the_ineligible(world, people, eligible_world, icbs, supported):
    without = everything(icbs)
    assert without["headline"]["metrics"]["supported"] == {"count": supported}
    assert without["headline"]["metrics"]["starters"] == {"count": 5}
    add_ineligible(world, people, eligible_world)
    with_them = everything(icbs)
    for name, figures in without.items():
        assert with_them[name] == figures, name
    assert registered_not_eligible(start=START, end=END, icbs=icbs) == 2


@pytest.mark.parametrize(("icbs", "supported"), SCOPES)
def test_each_figure_leaves_them_out(world, people, eligible_world, icbs, supported):
    add_ineligible(world, people, eligible_world)
    metrics = headline(start=START, end=END, as_of=AS_OF, icbs=icbs)["metrics"]
    assert metrics["supported"] == {"count": supported}
    assert metrics["offered"] == {"count": 5}
    assert metrics["ethnic_minority"]["numerator"] == 3  # Kai and Lily (ethnic group 6) left out
    assert metrics["survey"][0]["denominator"] == 5
    funnel = {step.key: step.count for step in dashboard.funnel(start=START, end=END, as_of=AS_OF, icbs=icbs)}
    assert funnel["supported"] == supported and funnel["course_completed"] == 5 and funnel["in_post_3"] == 4
    tables = {table.key: table for table in breakdowns.breakdowns(start=START, end=END, icbs=icbs)}
    assert tables["age"].totals == [supported, 5, 5]
    assert "Other ages" not in dict(tables["age"].rows)  # where 15 and 32 would be
    assert tables["cohort"].rows == [("Care taster (Feb 2024)", [5, 5, 5])]
    compared = representativeness.representativeness(start=START, end=END, icbs=icbs)
    assert compared.known == 5 and compared.unknown == supported - 5  # Aisha and Ben's ethnic groups not known
    (phase,) = targets.phase_results(as_of=AS_OF, icbs=icbs, published=False)
    achieved = {result.target.metric: (result.count, result.numerator) for result in phase.results}
    assert achieved["supported"] == (supported, None) and achieved["starters"] == (5, None)


def test_an_override_brings_them_in(world, people, eligible_world):
    kai, _ = add_ineligible(world, people, eligible_world)
    services.override_eligibility(
        actor=world.admin, person=kai, justification="Care leaver: the programme board agreed an exception."
    )
    metrics = headline(start=START, end=END, as_of=AS_OF)["metrics"]
    assert metrics["supported"] == {"count": 8} and metrics["starters"] == {"count": 6}
    assert {step.key: step.count for step in dashboard.funnel(start=START, end=END, as_of=AS_OF, icbs=None)}[
        "supported"
    ] == 8
    age = {table.key: table for table in breakdowns.breakdowns(start=START, end=END, icbs=None)}["age"]
    assert dict(age.rows)["Other ages"] == [1, 1, 1]
    assert registered_not_eligible(start=START, end=END) == 1


def test_counted_apart_in_the_report_and_hidden_when_small(world, people, eligible_world):
    add_ineligible(world, people, eligible_world)
    exact, published = report.build_both(start=START, end=END, as_of=AS_OF, icbs=None)
    assert exact.registered_not_eligible == 2
    assert published.registered_not_eligible is None  # 1 to 4: suppressed like other counts
    for index in range(3):
        register(world, people, f"Old{index}", D(1980, 1, 1))
    assert report.build(start=START, end=END, as_of=AS_OF, icbs=None, published=True).registered_not_eligible == 5
    assert registered_not_eligible(start=D(2025, 1, 1), end=D(2025, 12, 31)) == 0  # registered in the period only


def test_the_story_leaves_them_out(world, people, eligible_world):
    def told():
        built = story.build(programme=people.programme, start=START, end=END, icbs=None, scope_words="England")
        return dataclasses.replace(built, words=None)

    without = told()
    add_ineligible(world, people, eligible_world)
    assert told() == without


def test_the_sql_rule_is_the_queryset_rule(world, people):
    kai = register(world, people, "Kai", D(1991, 6, 1))
    register(world, people, "Lily", D(2008, 6, 1))
    services.override_eligibility(actor=world.admin, person=kai, justification="An exception agreed by the board.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.id FROM {YoungPerson._meta.db_table} p WHERE {counting_sql('p')}")
        by_sql = {row[0] for row in cursor.fetchall()}
    assert by_sql == set(YoungPerson.objects.counting().values_list("pk", flat=True))
    assert len(by_sql) == 3  # Aisha, Ben and Kai
    assert set(YoungPerson.objects.registered_not_eligible().values_list("given_name", flat=True)) == {"Lily"}


def test_the_dashboard_shows_them_apart(client_as, world, people, eligible_world):
    from django.urls import reverse

    from onramp.evaluation import rendered

    add_ineligible(world, people, eligible_world)
    for index in range(3):
        register(world, people, f"Old{index}", D(1980, 1, 1))
    rendered.forget()
    html = (
        client_as("admin")
        .get(reverse("evaluation:dashboard"), {"from": "2024-01-01", "to": "2024-12-31"})
        .content.decode()
    )
    assert "Registered, not eligible: <strong>5</strong>" in html
