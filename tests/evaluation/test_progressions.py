"""Progressions reach the figures (docs/metrics.md, "Progressions"): the period's counting ``progressed`` events of
the young people who count, by the kind recorded with them, on the dashboard and in the funder return; voided
events, other periods, other ICBs and people registered but not eligible are left out."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from onramp.evaluation import rendered, report, returns
from onramp.evaluation.progressions import NOT_RECORDED, progressions
from onramp.journey import services as journey_services
from onramp.participants import services as participant_services
from onramp.support import services

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 12, 31)


def progress(world, person, kind, day):
    return services.record_progression(actor=world.admin, person=person, kind=kind, progressed_on=day)


def rows(table):
    return {label: values for label, values in table.rows}


@pytest.fixture
def progressed(world, people):
    """Aisha (Kent): an apprenticeship and a band change in 2025, a qualification in 2024 (outside the period).
    Ben (Sussex): an apprenticeship, and a progression by import (no kind). A voided band change for Ben."""
    progress(world, people.kent, "apprenticeship", D(2025, 2, 1))
    progress(world, people.kent, "band_change", D(2025, 6, 1))
    progress(world, people.kent, "qualification", D(2024, 6, 1))
    progress(world, people.sussex, "apprenticeship", D(2025, 3, 1))
    journey_services.record_event(
        actor=world.admin, person=people.sussex, type="progressed", occurred_on=D(2025, 4, 1), source="import"
    )
    voided = progress(world, people.sussex, "band_change", D(2025, 5, 1))
    event = people.sussex.events.get(type="progressed", occurred_on=voided.progressed_on)
    journey_services.void_event(actor=world.admin, event=event, reason="Recorded against the wrong person")


def test_by_kind_from_the_events(world, people, progressed):
    table = progressions(start=START, end=END, icbs=None)
    assert rows(table) == {
        "Apprenticeship": [2, 2],
        "Band change or promotion": [1, 1],
        "Qualification": [0, 0],
        "Training place (for example a nursing degree)": [0, 0],
        NOT_RECORDED: [1, 1],
    }
    assert table.columns == ["Young people", "Progressions"]
    assert table.totals == [2, 4]  # Aisha and Ben; four counting events in the period


def test_scoped_to_the_icb_of_home(world, people, progressed):
    table = progressions(start=START, end=END, icbs=["QKS"])  # Kent and Medway: Aisha only
    assert rows(table)["Apprenticeship"] == [1, 1]
    assert NOT_RECORDED not in rows(table)
    assert table.totals == [1, 2]


def test_people_not_eligible_are_left_out_until_overridden(world, people):
    kai = participant_services.register(
        actor=world.admin,
        programme=people.programme,
        given_name="Kai",
        family_name="Smith",
        date_of_birth=D(1991, 6, 1),
        registered_on=D(2024, 2, 1),
        ics=world.kent,
    )
    journey_services.record_event(
        actor=world.admin, person=kai, type="progressed", occurred_on=D(2025, 2, 1), check=False
    )
    assert progressions(start=START, end=END, icbs=None).totals == [0, 0]
    participant_services.override_eligibility(
        actor=world.admin, person=kai, justification="Care leaver: the programme board agreed an exception."
    )
    assert progressions(start=START, end=END, icbs=None).totals == [1, 1]


def test_in_the_report_published_and_in_the_return(world, people, progressed):
    exact, published = report.build_both(start=START, end=END, icbs=None, with_spc=False)
    assert exact.progressions == progressions(start=START, end=END, icbs=None)
    assert rows(published.progressions)["Apprenticeship"] == [None, None]  # 2: hidden
    book = load_workbook(io.BytesIO(returns.xlsx(exact, scope_words="England")))
    sheet = book["Progressions"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Apprenticeship", 2, 2] in values and ["Total", 2, 4] in values
    long = list(returns.long_rows(exact))
    assert [exact.progressions.title, "Total", "Progressions", 4] in long


def test_on_the_programme_dashboard(client_as, world, people, progressed):
    rendered.forget()
    html = client_as("admin").get(reverse("evaluation:dashboard") + "?from=2025-01-01&to=2025-12-31").content.decode()
    assert 'id="progressions"' in html
    assert "Progressions after starting work, by kind" in html
