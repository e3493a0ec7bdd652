"""No milestone before the person's registration or after today, whoever records it; a registration date is not
corrected to after their milestones; no leaving before a start."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from onramp.journey import services
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants import services as participant_services

D = datetime.date
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_check_event_names_the_registration_date(people):
    problems = services.check_event(person=people.kent, type=EventType.PLAN_AGREED, occurred_on=D(2024, 1, 9))
    assert problems == {"occurred_on": "The date cannot be before they registered on 10 January 2024"}
    assert services.check_event(person=people.kent, type=EventType.PLAN_AGREED, occurred_on=D(2024, 1, 10)) == {}
    future = services.check_event(person=people.kent, type=EventType.PLAN_AGREED, occurred_on=TOMORROW)
    assert future == {"occurred_on": "The date cannot be in the future"}


def test_a_correction_is_held_to_the_dates_too(world, people):
    event = services.record_event(
        actor=world.coordinator_kent, person=people.kent, type=EventType.PLAN_AGREED, occurred_on=D(2024, 2, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.record_event(
            actor=world.coordinator_kent,
            person=people.kent,
            type=EventType.PLAN_AGREED,
            occurred_on=D(2023, 12, 1),
            correction_of=event,
        )
    assert refused.value.message_dict == {
        "occurred_on": ["The date cannot be before they registered on 10 January 2024"]
    }
    assert not event.__class__.objects.get(pk=event.pk).is_void


@pytest.mark.parametrize("day", [D(2024, 1, 9), TOMORROW])
def test_without_the_order_check_the_date_rule_still_applies(world, people, day):
    with pytest.raises(ValidationError) as refused:
        services.record_event(
            actor=None, person=people.kent, type=EventType.LEFT_WORK, occurred_on=day, check=False, date_field="date"
        )
    assert list(refused.value.message_dict) == ["date"]
    # The order rule is the caller's when it passes check=False: a leaving with no start is written.
    services.record_event(
        actor=None, person=people.kent, type=EventType.LEFT_WORK, occurred_on=D(2024, 1, 10), check=False
    )
    assert people.kent.events.counting().filter(type=EventType.LEFT_WORK).count() == 1


def test_a_leaving_before_the_start_breaks_the_order(world, people):
    services.record_event(
        actor=None, person=people.kent, type=EventType.JOB_OFFERED, occurred_on=D(2024, 3, 1), role="care_worker"
    )
    services.record_event(
        actor=None, person=people.kent, type=EventType.STARTED_WORK, occurred_on=D(2024, 4, 1), role="care_worker"
    )
    problems = services.check_event(person=people.kent, type=EventType.LEFT_WORK, occurred_on=D(2024, 3, 20))
    assert "leaving work before any start" in problems["type"]
    assert services.check_event(person=people.kent, type=EventType.LEFT_WORK, occurred_on=D(2024, 4, 1)) == {}


def test_the_registration_date_is_not_moved_after_a_milestone(world, people):
    services.record_event(
        actor=world.coordinator_kent, person=people.kent, type=EventType.PLAN_AGREED, occurred_on=D(2024, 2, 1)
    )
    with pytest.raises(ValidationError) as refused:
        participant_services.update_details(
            actor=world.coordinator_kent, person=people.kent, registered_on=D(2024, 2, 2)
        )
    assert refused.value.message_dict["registered_on"] == [
        "Development plan agreed is recorded on 1 February 2024: the registration date cannot be after their first "
        "milestone (void or correct that event first)"
    ]
    people.kent.refresh_from_db()
    assert people.kent.registered_on == D(2024, 1, 10)
    # Up to the first milestone, or earlier, is fine; the registered event follows.
    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, registered_on=D(2024, 2, 1))
    registered = JourneyEvent.objects.counting().get(young_person=people.kent, type=EventType.REGISTERED)
    assert registered.occurred_on == D(2024, 2, 1)


def test_a_void_milestone_does_not_hold_the_registration_date(world, people):
    event = services.record_event(
        actor=world.coordinator_kent, person=people.kent, type=EventType.PLAN_AGREED, occurred_on=D(2024, 2, 1)
    )
    services.void_event(actor=world.coordinator_kent, event=event, reason="Wrong person")
    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, registered_on=D(2024, 3, 1))
    people.kent.refresh_from_db()
    assert people.kent.registered_on == D(2024, 3, 1)
