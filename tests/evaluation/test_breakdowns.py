"""Breakdowns: each column adds up to its headline count; event attributes split only their own column."""

import datetime

import pytest

from onramp.evaluation import breakdowns as b
from onramp.evaluation.headline import headline
from onramp.journey import services as journey_services
from onramp.participants.models import ProgrammePhase, YoungPerson
from onramp.training.services import create_cohort

D = datetime.date


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def tables(**kwargs):
    return {t.key: t for t in b.breakdowns(start=D(2024, 1, 1), end=D(2024, 12, 31), icbs=None, **kwargs)}


def rows(table):
    return {label: values for label, values in table.rows}


@pytest.fixture
def journeys(world, people):
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="6", sex="female")
    event(world, people.kent, "job_offered", D(2024, 2, 1), role="healthcare_assistant", organisation=world.scas)
    event(world, people.kent, "job_offered", D(2024, 3, 1), role="other", organisation=world.care)
    event(world, people.kent, "started_work", D(2024, 4, 1), role="healthcare_assistant", organisation=world.scas)
    event(world, people.sussex, "job_offered", D(2024, 6, 30), role="care_worker", organisation=world.care)
    return people


def test_columns_add_up_to_the_headline_counts(journeys):
    metrics = headline(start=D(2024, 1, 1), end=D(2024, 12, 31))["metrics"]
    expected = {"Supported": metrics["supported"]["count"], "Offered a job": 2, "Started work": 1}
    assert metrics["offered"]["count"] == 2 and metrics["starters"]["count"] == 1
    for table in tables().values():
        if table.key == "cohort":
            continue
        for column, total in zip(table.columns, table.totals, strict=True):
            assert total == expected[column], (table.key, column)
            assert sum(values[table.columns.index(column)] for _, values in table.rows) == total


def test_person_attributes_split_every_column(journeys):
    found = tables()
    ethnic = rows(found["ethnic_group"])
    assert ethnic["Black, Black British, Black Welsh, Caribbean or African"] == [1, 1, 1]
    assert ethnic["Not known or prefer not to say"] == [1, 1, 0]
    assert rows(found["age"]) == {"16 to 18": [0, 0, 0], "19 to 24": [2, 2, 1], "25 to 30": [0, 0, 0]}
    assert rows(found["sex"])["Female"] == [1, 1, 1] and rows(found["sex"])["Not recorded"] == [1, 1, 0]
    icb = rows(found["icb"])
    assert icb["NHS Kent and Medway Integrated Care Board"] == [1, 1, 1]
    assert icb["Postcode not located"] == [1, 1, 0]  # Ben has no postcode
    quintiles = rows(found["imd_quintile"])
    assert quintiles["Quintile 2"] == [1, 1, 1]  # Canterbury CT1 1AA is in decile 3
    assert quintiles["Postcode not located"] == [1, 1, 0]


def test_event_attributes_use_the_first_event_in_the_period(journeys):
    found = tables()
    roles = rows(found["role"])
    assert roles["Healthcare assistant"] == [1, 1]  # Aisha's first offer, not her later "other" one
    assert roles["Care worker"] == [1, 0] and roles["Other"] == [0, 0]
    providers = rows(found["provider"])
    assert providers["South Central Ambulance Service"] == [1, 1]
    assert providers["Weald Care Homes"] == [1, 0]
    quarters = rows(found["quarter"])
    assert list(quarters)[:4] == ["2023-24 Q4", "2024-25 Q1", "2024-25 Q2", "2024-25 Q3"]
    assert quarters["2023-24 Q4"] == [2, 1, 0]  # both registered in January and February; Aisha offered in February
    assert quarters["2024-25 Q1"] == [0, 1, 1]  # Ben's offer on 30 June, the quarter's last day; Aisha's April start


def test_quarters_are_financial_years():
    assert b.financial_quarter(D(2024, 3, 31)) == "2023-24 Q4"
    assert b.financial_quarter(D(2024, 4, 1)) == "2024-25 Q1"
    assert b.financial_quarter(D(2024, 12, 31)) == "2024-25 Q3"
    assert b.financial_quarter(D(2099, 1, 1)) == "2098-99 Q4"


def test_phases_by_the_date_of_each_event(journeys):
    ProgrammePhase.objects.create(
        programme=journeys.programme, name="First phase", starts_on=D(2019, 10, 1), ends_on=D(2024, 1, 31)
    )
    ProgrammePhase.objects.create(
        programme=journeys.programme, name="Extension", starts_on=D(2024, 2, 1), ends_on=D(2027, 1, 31)
    )
    phases = rows(tables()["phase"])
    assert phases["South East pathway: First phase"] == [1, 0, 0]  # Aisha registered in January
    assert phases["South East pathway: Extension"] == [1, 2, 1]


def test_cohorts_count_later_offers_and_starts(world, journeys):
    cohort = create_cohort(
        actor=world.admin,
        programme=journeys.programme,
        name="Ambulance care assistant taster",
        ics=world.kent,
        delivery_mode="hybrid",
        starts_on=D(2024, 1, 15),
        ends_on=D(2024, 1, 19),
    )
    event(world, journeys.kent, "course_completed", D(2024, 1, 19), cohort_id=cohort.pk)
    event(world, journeys.sussex, "course_completed", D(2024, 7, 1), cohort_id=cohort.pk)  # after Ben's offer
    table = tables()["cohort"]
    assert table.rows == [("Ambulance care assistant taster (Jan 2024)", [2, 1, 1])]


def test_publishing_hides_small_counts_and_one_more(journeys):
    table = b.Breakdown("x", "X", "Group", ["Young people"], [("a", [3]), ("b", [10]), ("c", [12]), ("d", [0])], [25])
    published = b.publish(table)
    assert [values[0] for _, values in published.rows] == [None, None, 12, 0]  # 3 primary; 10 secondary
    assert published.totals == [25]
    assert published.share(2, 0) == 0.48 and published.share(0, 0) is None
