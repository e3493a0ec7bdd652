"""Dates and the leaving-before-start rule on every path into the event log: the record page's event form (field
errors), the API (422 naming the field) and the events import (a row error naming the row and column, nothing
written)."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import tokens
from onramp.exchange.importers import run_import
from onramp.journey import services as journey_services
from onramp.journey.models import EventType, JourneyEvent

D = datetime.date


def field_error(html: str, field: str, words: str) -> bool:
    """The error summary links ``words`` to the field ``field``."""
    return re.search(rf'href="#id_{field}[^"]*"\s*>\s*{re.escape(words)}', html) is not None


@pytest.fixture
def api(client, world):
    def call(persona, data):
        token = tokens.create_token(actor=None, user=world.persona(persona))
        return client.post(
            "/api/v1/events", data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    return call


@pytest.fixture
def in_work(people):
    """Aisha offered a job on 1 March 2024 and started on 1 April."""
    for type, day in ((EventType.JOB_OFFERED, D(2024, 3, 1)), (EventType.STARTED_WORK, D(2024, 4, 1))):
        journey_services.record_event(actor=None, person=people.kent, type=type, occurred_on=day, role="care_worker")
    return people.kent


def form(type: str, day: datetime.date, **extra: str) -> dict:
    return {
        "type": type,
        "occurred_on_day": str(day.day),
        "occurred_on_month": str(day.month),
        "occurred_on_year": str(day.year),
        **extra,
    }


def test_the_record_page_refuses_a_date_before_registration(client_as, people):
    url = reverse("site:record-event", args=[people.kent.pk])
    html = client_as("coordinator_kent").post(url, form("plan_agreed", D(2024, 1, 9))).content.decode()
    assert field_error(html, "occurred_on", "The date cannot be before they registered on 10 January 2024")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    html = client_as("coordinator_kent").post(url, form("plan_agreed", tomorrow)).content.decode()
    assert re.search(r'href="#id_occurred_on[^"]*"\s*>[^<]*must be today or in the past', html)
    assert not people.kent.events.filter(type="plan_agreed").exists()
    allowed = client_as("coordinator_kent").post(url, form("plan_agreed", D(2024, 1, 10)))
    assert allowed.status_code == 302
    # Someone outside Aisha's caseload cannot record for her at all.
    assert client_as("coordinator_sussex").post(url, form("plan_agreed", D(2024, 1, 10))).status_code == 404


def test_the_record_page_refuses_a_leaving_before_the_start(client_as, in_work):
    url = reverse("site:record-event", args=[in_work.pk])
    client = client_as("coordinator_kent")
    html = client.post(url, form("left_work", D(2024, 3, 20))).content.decode()
    assert field_error(html, "type", "This would record leaving work before any start")
    assert client.post(url, form("left_work", D(2024, 4, 20))).status_code == 302


def test_the_api_refuses_a_date_before_registration_naming_the_field(api, people):
    response = api("coordinator_kent", {"participant": people.kent.pk, "event": "plan_agreed", "date": "2024-01-09"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "date", "message": "The date cannot be before they registered on 10 January 2024"}
    ]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = api("coordinator_kent", {"participant": people.kent.pk, "event": "plan_agreed", "date": tomorrow})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "date"
    ok = api("coordinator_kent", {"participant": people.kent.pk, "event": "plan_agreed", "date": "2024-01-10"})
    assert ok.status_code == 201
    assert (
        api(
            "coordinator_sussex", {"participant": people.kent.pk, "event": "plan_agreed", "date": "2024-01-10"}
        ).status_code
        == 404
    )


def test_the_api_refuses_a_leaving_before_the_start(api, in_work):
    response = api("coordinator_kent", {"participant": in_work.pk, "event": "left_work", "date": "2024-03-20"})
    assert response.status_code == 422
    assert "leaving work before any start" in response.json()["errors"][0]["message"]
    assert not in_work.events.filter(type="left_work").exists()


def test_the_events_import_refuses_dates_before_registration_and_leavings_before_starts(in_work, tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(
        "participant_id,event,date,employer,role\n"
        "KM-001,plan_agreed,2024-01-09,,\n"
        "KM-001,left_work,2024-03-20,,\n"
        "KM-001,course_started,2024-02-01,,\n",
        encoding="utf-8",
    )
    result = run_import("events", path, actor=None)
    assert result.errors == [
        "row 2: date: 2024-01-09 is before they registered on 10 January 2024",
        "row 3: event: This would record leaving work before any start (judged on the dates in their record and "
        "this file)",
    ]
    assert not JourneyEvent.objects.filter(source="import").exists()
