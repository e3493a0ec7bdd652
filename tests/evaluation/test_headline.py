"""The headline figures against their pinned definitions, edge by edge."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from onramp.core.dates import add_three_months
from onramp.evaluation.headline import headline
from onramp.journey import services as journey_services
from onramp.participants import services
from onramp.participants.models import SurveyResponse

D = datetime.date


@pytest.mark.parametrize(
    ("start", "three"),
    [
        (D(2024, 1, 31), D(2024, 4, 30)),
        (D(2023, 11, 30), D(2024, 2, 29)),
        (D(2023, 11, 29), D(2024, 2, 29)),
        (D(2022, 11, 30), D(2023, 2, 28)),
        (D(2024, 3, 15), D(2024, 6, 15)),
        (D(2024, 10, 31), D(2025, 1, 31)),
    ],
)
def test_three_month_date_is_clipped_to_the_month_end(start, three):
    assert add_three_months(start) == three


JANUARY = D(2024, 1, 5)


def person(world, people, name, *, postcode="CT1 1AA", ethnic_group="", registered=JANUARY, ics=None):
    return services.register(
        actor=world.admin,
        programme=people.programme,
        given_name=name,
        family_name="Test",
        date_of_birth=D(2004, 1, 1),
        registered_on=registered,
        postcode=postcode,
        ethnic_group=ethnic_group,
        ics=ics or world.kent,
    )


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def start_on(world, who, day, role="care_worker", left=None):
    event(world, who, "job_offered", day - datetime.timedelta(days=10), role=role)
    event(world, who, "started_work", day, role=role)
    if left:
        event(world, who, "left_work", left)


def report(**options):
    options.setdefault("start", D(2024, 1, 1))
    options.setdefault("end", D(2024, 12, 31))
    return headline(**options)["metrics"]


def test_retention_edges(world, people):
    on_the_day = person(world, people, "OnTheDay")
    day_before = person(world, people, "DayBefore")
    month_end = person(world, people, "MonthEnd")
    pending = person(world, people, "Pending")
    start_on(world, on_the_day, D(2024, 1, 15), left=D(2024, 4, 15))  # leaves on the 3-month date: retained
    start_on(world, day_before, D(2024, 1, 15), left=D(2024, 4, 14))  # leaves the day before: not retained
    start_on(world, month_end, D(2024, 1, 31), left=D(2024, 4, 30))  # 3-month date is 30 April: retained
    start_on(world, pending, D(2024, 11, 1))
    metrics = report(as_of=D(2024, 12, 31))
    assert metrics["retained_3_months"] == {"numerator": 2, "denominator": 3, "rate": 0.6667, "pending": 1}
    assert metrics["starters"] == {"count": 4}


def test_a_leave_before_the_start_does_not_count_against_it(world, people):
    returner = person(world, people, "Returner", registered=D(2023, 5, 1))  # no milestone before registering
    start_on(world, returner, D(2023, 6, 1), left=D(2023, 9, 1))
    start_on(world, returner, D(2024, 2, 1))  # a second start: the earliest start in the period counts
    metrics = report()
    assert metrics["starters"]["count"] == 1
    assert metrics["retained_3_months"]["numerator"] == 1


def test_the_earliest_start_in_the_period_is_the_start_date(world, people):
    twice = person(world, people, "Twice")
    start_on(world, twice, D(2024, 3, 1), left=D(2024, 3, 20))
    start_on(world, twice, D(2024, 4, 1))
    metrics = report()
    assert metrics["retained_3_months"] == {"numerator": 0, "denominator": 1, "rate": 0.0, "pending": 0}


def test_voided_events_never_count(world, people):
    voided = person(world, people, "Voided")
    offer = event(world, voided, "job_offered", D(2024, 2, 1), role="care_worker")
    journey_services.void_event(actor=world.admin, event=offer, reason="Wrong person")
    assert report()["offered"] == {"count": 0}


def test_offers_use_the_earliest_offer_role_in_the_period(world, people):
    first_hca = person(world, people, "FirstHca", registered=D(2023, 11, 1))
    event(world, first_hca, "job_offered", D(2023, 12, 1), role="administrative")  # before the period
    event(world, first_hca, "job_offered", D(2024, 2, 1), role="healthcare_assistant")
    event(world, first_hca, "job_offered", D(2024, 3, 1), role="administrative")
    admin_first = person(world, people, "AdminFirst")
    event(world, admin_first, "job_offered", D(2024, 2, 1), role="administrative")
    event(world, admin_first, "job_offered", D(2024, 3, 1), role="care_worker")
    metrics = report()
    assert metrics["offered"] == {"count": 2}
    assert metrics["offered_hca_or_care_worker"] == {"numerator": 1, "denominator": 2, "rate": 0.5}


def test_ethnicity_definitions_and_unknowns(world, people):
    for n, group in enumerate(["13", "14", "17", "6", "", "prefer_not_to_say", "3"]):
        person(world, people, f"E{n}", ethnic_group=group)
    metrics = report()
    # people.kent and people.sussex registered in 2024 too, with no ethnic group.
    assert metrics["supported"] == {"count": 9}
    assert metrics["ethnic_minority"] == {"numerator": 4, "denominator": 5, "rate": 0.8, "unknown": 4}
    assert metrics["non_white"] == {"numerator": 2, "denominator": 5, "rate": 0.4, "unknown": 4}


def test_deprivation_of_starters_and_unknowns(world, people):
    deprived = person(world, people, "Deprived", postcode="CT1 1AA")  # E01024092: IMD 2019 decile 3
    unknown = person(world, people, "Unlocated", postcode="CT1 9ZZ")  # not in the directory
    terminated = person(world, people, "Terminated", postcode="TN1 1AA")  # terminated postcode, decile 8
    for who in (deprived, unknown, terminated):
        start_on(world, who, D(2024, 2, 1))
    metrics = report()
    assert metrics["imd_quintile_1_starters"] == {"numerator": 0, "denominator": 2, "rate": 0.0, "unknown": 1}


def test_icb_scope_and_people_who_cannot_be_placed(world, people):
    kent = person(world, people, "KentPerson", postcode="CT1 1AA")
    london = person(world, people, "LondonPerson", postcode="SW1A 1AA")
    # London is outside the programme's ICSs: counted once a lead overrides that.
    services.override_eligibility(actor=world.admin, person=london, justification="Moving to Kent next month.")
    nowhere = person(world, people, "Nowhere", postcode="")
    for who in (kent, london, nowhere):
        event(world, who, "job_offered", D(2024, 2, 1), role="other")
    assert report()["offered"] == {"count": 3}
    assert report(icbs=["qks"])["offered"] == {"count": 1}
    assert report(icbs=["QKS", "QRV"])["offered"] == {"count": 2}
    assert headline(start=D(2024, 1, 1), end=D(2024, 12, 31), icbs=["qks"])["scope"] == {"icb": ["QKS"]}


def test_rates_are_null_when_there_is_no_denominator(db):
    metrics = report()
    assert metrics["retained_3_months"] == {"numerator": 0, "denominator": 0, "rate": None, "pending": 0}


def test_survey_answers(world, people):
    for who, answer, day in [
        (people.kent, "yes", D(2024, 5, 1)),
        (people.sussex, "no", D(2024, 5, 2)),
        (people.kent, "yes", D(2023, 5, 1)),
        (people.sussex, "It helped", D(2024, 5, 3)),
    ]:
        SurveyResponse.objects.create(
            young_person=who, survey="exit", question="recommend", answer=answer, answered_on=day
        )
    assert report()["survey"] == [
        {"survey": "exit", "question": "recommend", "numerator": 1, "denominator": 2, "rate": 0.5}
    ]
    assert report(icbs=["QKS"])["survey"][0]["denominator"] == 1


def test_the_pinned_command_json(world, people):
    out = io.StringIO()
    call_command(
        "report",
        "headline",
        "--from",
        "2024-01-01",
        "--to",
        "2024-06-30",
        "--as-of",
        "2024-12-31",
        "--icb",
        "QKS,QNX",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["period"] == {"from": "2024-01-01", "to": "2024-06-30", "as_of": "2024-12-31"}
    assert data["scope"] == {"icb": ["QKS", "QNX"]}
    assert list(data["metrics"]) == [
        "supported",
        "offered",
        "offered_hca_or_care_worker",
        "ethnic_minority",
        "non_white",
        "starters",
        "imd_quintile_1_starters",
        "retained_3_months",
        "survey",
    ]
    assert data["metrics"]["supported"] == {"count": 1}  # Ben in Sussex has no postcode: national only
