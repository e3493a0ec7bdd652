"""The journey event log: order rules judged on dates, voids and corrections, the derived stage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from onramp.journey import selectors as journey_selectors
from onramp.journey import services as journey_services
from onramp.journey.models import EventType, JourneyEvent
from onramp.journey.rules import Milestone, order_problems

D = datetime.date


def record(world, person, type, day, **extra):
    return journey_services.record_event(
        actor=world.coordinator_kent, person=person, type=type, occurred_on=day, **extra
    )


def test_a_start_before_any_offer_is_refused(world, people):
    with pytest.raises(ValidationError) as refused:
        record(world, people.kent, EventType.STARTED_WORK, D(2024, 5, 1), role="care_worker")
    assert "a start before any job offer" in refused.value.message_dict["type"][0]


def test_a_leave_before_a_start_is_refused(world, people):
    record(world, people.kent, EventType.JOB_OFFERED, D(2024, 3, 1), role="care_worker", organisation=world.care)
    record(world, people.kent, EventType.STARTED_WORK, D(2024, 4, 1), role="care_worker", organisation=world.care)
    with pytest.raises(ValidationError, match="leaving work before any start"):
        record(world, people.kent, EventType.LEFT_WORK, D(2024, 3, 15))


def test_order_is_judged_on_dates_not_on_when_things_were_typed(world, people):
    record(world, people.kent, EventType.JOB_OFFERED, D(2024, 3, 1), role="care_worker")
    record(world, people.kent, EventType.STARTED_WORK, D(2024, 4, 1), role="care_worker")
    with pytest.raises(ValidationError):  # an offer exists, but after this start date
        record(world, people.kent, EventType.STARTED_WORK, D(2024, 2, 1), role="care_worker")


def test_a_correction_is_not_held_to_the_order_rule(world, people):
    offer = record(world, people.kent, EventType.JOB_OFFERED, D(2024, 3, 1), role="care_worker")
    correction = record(
        world,
        people.kent,
        EventType.JOB_OFFERED,
        D(2024, 2, 20),
        role="healthcare_assistant",
        correction_of=offer,
        correction_reason="Wrong date and role",
    )
    offer.refresh_from_db()
    assert offer.is_void and offer.void.reason == "Wrong date and role"
    assert correction.correction_of == offer
    assert list(people.kent.events.counting().values_list("type", "role")) == [
        ("registered", ""),
        ("job_offered", "healthcare_assistant"),
    ]


def test_role_is_required_for_offers_and_starts(world, people):
    with pytest.raises(ValidationError) as refused:
        record(world, people.kent, EventType.JOB_OFFERED, D(2024, 3, 1))
    assert refused.value.message_dict["role"] == ["Choose the job role"]


def test_future_dates_are_refused(world, people):
    with pytest.raises(ValidationError) as refused:
        record(world, people.kent, EventType.PLAN_AGREED, timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.message_dict["occurred_on"] == ["The date cannot be in the future"]


def test_voiding_keeps_the_history_and_stops_the_event_counting(world, people):
    course = record(world, people.kent, EventType.COURSE_STARTED, D(2024, 2, 1))
    journey_services.void_event(actor=world.coordinator_kent, event=course, reason="Recorded against the wrong person")
    assert JourneyEvent.objects.filter(pk=course.pk).exists()
    assert not people.kent.events.counting().filter(type=EventType.COURSE_STARTED).exists()
    with pytest.raises(ValidationError, match="already void"):
        journey_services.void_event(actor=world.coordinator_kent, event=course, reason="again")
    entries = journey_selectors.timeline(people.kent)
    assert [entry.voided for entry in entries] == [True, False]
    assert [entry.void_reason for entry in entries] == ["Recorded against the wrong person", ""]


def test_the_registration_cannot_be_voided(world, people):
    with pytest.raises(ValidationError, match="registration cannot be voided"):
        journey_services.void_event(actor=world.coordinator_kent, event=people.kent.events.get(), reason="no")


def test_the_stage_is_derived_from_the_latest_counting_event(world, people):
    assert journey_selectors.current_stage(people.kent)[0] == "Registered"
    record(world, people.kent, EventType.JOB_OFFERED, D(2024, 3, 1), role="care_worker")
    start = record(world, people.kent, EventType.STARTED_WORK, D(2024, 4, 1), role="care_worker")
    assert journey_selectors.current_stage(people.kent) == ("In work", D(2024, 4, 1))
    journey_services.void_event(actor=world.coordinator_kent, event=start, reason="Start fell through")
    assert journey_selectors.current_stage(people.kent)[0] == "Offered a job"
    record(world, people.kent, EventType.WITHDRAWN, D(2024, 4, 2))
    assert journey_selectors.current_stage(people.kent)[0] == "Withdrawn"


def test_same_day_events_follow_the_journey_order():
    assert order_problems([Milestone("started_work", D(2024, 1, 1)), Milestone("job_offered", D(2024, 1, 1))]) == []
    problems = order_problems(
        [
            Milestone("job_offered", D(2024, 1, 1)),
            Milestone("left_work", D(2024, 1, 1)),
            Milestone("started_work", D(2024, 1, 2)),
        ]
    )
    assert [index for index, _ in problems] == [1]
