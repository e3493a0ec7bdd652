"""A register, a course's start and a plan are never dated before the person registered: refused on the form's own
field, naming the person where the form is about several."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from onramp.participants import services as participant_services
from onramp.plans import services as plan_services
from onramp.training import services
from onramp.training.services import Mark

D = datetime.date


@pytest.fixture
def cohort_and_session(world, people):
    cohort = services.create_cohort(
        actor=world.coordinator_kent,
        programme=people.programme,
        name="Care taster",
        ics=world.kent,
        provider=world.scas,
        delivery_mode="in_person",
        starts_on=D(2024, 3, 4),
        ends_on=D(2024, 3, 8),
    )
    session = services.add_session(actor=world.coordinator_kent, cohort=cohort, held_on=D(2024, 3, 4), title="Day 1")
    return cohort, session


def test_a_register_before_registration_is_refused_on_the_persons_mark(world, people, cohort_and_session):
    cohort, session = cohort_and_session
    enrolment = services.enrol(
        actor=world.coordinator_kent, cohort=cohort, person=people.kent, enrolled_on=D(2024, 3, 1)
    )
    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, registered_on=D(2024, 3, 5))
    with pytest.raises(ValidationError) as refused:
        services.take_register(actor=world.coordinator_kent, session=session, marks={enrolment.pk: Mark("present")})
    assert refused.value.message_dict == {
        f"mark_{enrolment.pk}": [
            "The date cannot be before Aisha Khan registered on 5 March 2024: they cannot have attended this session"
        ]
    }
    assert not enrolment.attendances.exists()
    # Absent needs no registration: they were not there.
    services.take_register(
        actor=world.coordinator_kent, session=session, marks={enrolment.pk: Mark("absent", "Not yet registered")}
    )
    assert enrolment.attendances.get().status == "absent"


def test_a_plan_agreed_before_registration_is_refused_on_its_date(world, people):
    with pytest.raises(ValidationError) as refused:
        plan_services.agree_plan(
            actor=world.coordinator_kent,
            person=people.kent,
            barriers=["travel"],
            barrier_notes="",
            goals="Become a care worker",
            agreed_on=D(2024, 1, 9),
        )
    assert refused.value.message_dict == {"agreed_on": ["The date cannot be before they registered on 10 January 2024"]}
    assert not people.kent.plans.exists()
