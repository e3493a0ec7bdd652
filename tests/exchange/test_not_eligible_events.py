"""Someone registered but not eligible (and not overridden) is stopped before a course start or a job offer on
every path that records a milestone: the record page, POST /api/v1/events and the events import, each with a
message naming them and why; nothing is written; after a regional lead's override the same step is recorded."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from onramp.accounts import tokens
from onramp.exchange.importers import run_import
from onramp.journey import services as journey_services
from onramp.journey.models import JourneyEvent
from onramp.participants import services

D = datetime.date
REFUSED = "Kai Smith is registered but not eligible"


@pytest.fixture
def kai(world, people):
    """32 on the day he registered in Kent."""
    person = services.register(
        actor=world.coordinator_kent,
        programme=people.programme,
        given_name="Kai",
        family_name="Smith",
        date_of_birth=D(1991, 6, 1),
        registered_on=D(2024, 2, 1),
        postcode="CT1 1AA",
        ics=world.kent,
        reference="KM-032",
    )
    assert not person.counts_as_eligible
    return person


def override(world, person):
    services.override_eligibility(
        actor=world.regional_lead, person=person, justification="Care leaver: the programme board agreed an exception."
    )


def test_the_service_refuses_a_course_start_and_an_offer(world, kai):
    for type, role in [("course_started", ""), ("job_offered", "care_worker")]:
        problems = journey_services.check_event(person=kai, type=type, occurred_on=D(2024, 3, 1), role=role)
        assert problems["type"].startswith(REFUSED), type
        assert "A regional lead can override this on their record." in problems["type"]
    # Steps that are not an enrolment or an offer stay open (a plan is how support begins).
    assert journey_services.check_event(person=kai, type="plan_agreed", occurred_on=D(2024, 3, 1)) == {}


def test_the_record_page_refuses_then_records_after_an_override(client_as, world, kai):
    client = client_as("coordinator_kent")
    url = reverse("site:record-event", args=[kai.pk])
    form = {
        "type": "job_offered",
        "occurred_on_day": "1",
        "occurred_on_month": "3",
        "occurred_on_year": "2024",
        "role": "care_worker",
        "organisation": world.care.pk,
    }
    html = client.post(url, form).content.decode()
    assert REFUSED in html
    assert not kai.events.filter(type="job_offered").exists()
    override(world, kai)
    assert client.post(url, form).status_code == 302
    assert kai.events.filter(type="job_offered").count() == 1


def test_the_api_answers_422_on_the_event_field(client, world, kai):
    token = tokens.create_token(actor=None, user=world.coordinator_kent)
    payload = {"participant": kai.pk, "event": "course_started", "date": "2024-03-01"}
    refused = client.post(
        "/api/v1/events", data=payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["field"] == "event" and error["message"].startswith(REFUSED)
    assert not kai.events.filter(type="course_started").exists()
    override(world, kai)
    recorded = client.post(
        "/api/v1/events", data=payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert recorded.status_code == 201


def test_the_events_import_names_the_row_and_writes_nothing(world, kai, tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(
        "participant_id,event,date,employer,role\n"
        "KM-032,plan_agreed,2024-02-10,,\n"
        "KM-032,course_started,2024-03-01,,\n"
        "KM-032,job_offered,2024-04-01,RYE,care_worker\n",
        encoding="utf-8",
    )
    before = JourneyEvent.objects.count()
    result = run_import("events", path, actor=None)
    assert [error.split(": ", 2)[:2] for error in result.errors] == [["row 3", "event"], ["row 4", "event"]]
    assert all(REFUSED in error for error in result.errors)
    assert JourneyEvent.objects.count() == before  # all or nothing: the plan row is not written either
    override(world, kai)
    again = run_import("events", path, actor=None)
    assert again.ok, again.errors
    assert set(kai.events.values_list("type", flat=True)) == {
        "registered",
        "plan_agreed",
        "course_started",
        "job_offered",
    }
