"""Enrolments, registers and the completion rule, which records course events and the guaranteed interview."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from onramp.journey.models import EventType
from onramp.recruitment.models import Entitlement
from onramp.training import services
from onramp.training.services import Mark

D = datetime.date


@pytest.fixture
def course(world, people):
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
    cohort.capacity = 2
    cohort.save()
    sessions = [
        services.add_session(
            actor=world.coordinator_kent, cohort=cohort, held_on=D(2024, 3, day), title=f"Day {n}", required=n == 5
        )
        for n, day in enumerate([4, 5, 6, 7, 8], start=1)
    ]
    return cohort, sessions


def test_enrolment_is_refused_over_capacity_or_twice(world, people, course):
    cohort, _ = course
    services.enrol(actor=world.coordinator_kent, cohort=cohort, person=people.kent, enrolled_on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrol(actor=world.coordinator_kent, cohort=cohort, person=people.kent, enrolled_on=D(2024, 3, 1))
    services.enrol(actor=world.coordinator_kent, cohort=cohort, person=people.sussex, enrolled_on=D(2024, 3, 1))
    from onramp.participants import services as participant_services

    third = participant_services.register(
        actor=world.admin,
        programme=people.programme,
        given_name="Cara",
        family_name="Diaz",
        date_of_birth=D(2003, 1, 1),
        registered_on=D(2024, 2, 1),
        ics=world.kent,
    )
    with pytest.raises(ValidationError, match="is full: all 2 places are taken"):
        services.enrol(actor=world.coordinator_kent, cohort=cohort, person=third, enrolled_on=D(2024, 3, 1))


def test_registers_are_refused_before_the_session_and_absences_need_a_reason(world, people, course):
    cohort, sessions = course
    enrolment = services.enrol(
        actor=world.coordinator_kent, cohort=cohort, person=people.kent, enrolled_on=D(2024, 3, 1)
    )
    with pytest.raises(ValidationError, match="cannot be taken before the session is held"):
        services.take_register(
            actor=world.coordinator_kent,
            session=sessions[0],
            marks={enrolment.pk: Mark("present")},
            today=D(2024, 3, 3),
        )
    with pytest.raises(ValidationError) as refused:
        services.take_register(actor=world.coordinator_kent, session=sessions[0], marks={enrolment.pk: Mark("absent")})
    assert refused.value.message_dict == {f"reason_{enrolment.pk}": ["Say why Aisha Khan was absent"]}
    assert not enrolment.attendances.exists()


def test_first_attendance_starts_the_course_and_the_rule_completes_it(world, people, course):
    cohort, sessions = course
    aisha = services.enrol(actor=world.coordinator_kent, cohort=cohort, person=people.kent, enrolled_on=D(2024, 3, 1))
    ben = services.enrol(actor=world.coordinator_kent, cohort=cohort, person=people.sussex, enrolled_on=D(2024, 3, 1))
    marks = [
        {aisha.pk: Mark("absent", "Ill"), ben.pk: Mark("present")},
        {aisha.pk: Mark("late"), ben.pk: Mark("present")},
        {aisha.pk: Mark("present"), ben.pk: Mark("present")},
        {aisha.pk: Mark("present"), ben.pk: Mark("present")},
        {aisha.pk: Mark("present"), ben.pk: Mark("absent", "Hospital appointment")},
    ]
    for session, day in zip(sessions, marks, strict=True):
        services.take_register(actor=world.coordinator_kent, session=session, marks=day)
    started = people.kent.events.counting().get(type=EventType.COURSE_STARTED)
    assert started.occurred_on == D(2024, 3, 5) and started.cohort_id == cohort.pk  # her first attendance (late)
    progress = {p.enrolment.pk: p for p in services.progress(cohort, today=D(2024, 3, 8))}
    assert (progress[aisha.pk].attended, progress[aisha.pk].held, progress[aisha.pk].percent) == (4, 5, 80)
    assert progress[aisha.pk].meets_rule  # 80% and the required last day
    assert progress[ben.pk].percent == 80 and progress[ben.pk].missing_required == ["Day 5, 8 March 2024"]
    assert not progress[ben.pk].meets_rule
    with pytest.raises(ValidationError, match="from the course's last day"):
        services.record_completions(actor=world.coordinator_kent, cohort=cohort, completed_on=D(2024, 3, 7))
    done = services.record_completions(actor=world.coordinator_kent, cohort=cohort, completed_on=D(2024, 3, 8))
    assert [e.pk for e in done] == [aisha.pk]
    assert people.kent.events.counting().filter(type=EventType.COURSE_COMPLETED, cohort_id=cohort.pk).count() == 1
    entitlement = Entitlement.objects.get(young_person=people.kent)
    assert entitlement.provider == world.scas and entitlement.deadline == D(
        2024, 4, 9
    )  # 20 working days, not Good Friday or Easter Monday
    assert not people.sussex.events.counting().filter(type=EventType.COURSE_COMPLETED).exists()
    assert services.record_completions(actor=world.coordinator_kent, cohort=cohort, completed_on=D(2024, 3, 8)) == []


def test_a_course_template_gives_a_cohort_its_sessions(world, people):
    template = services.save_template(
        actor=world.recruiter_scas,
        provider=world.scas,
        name="Ambulance care taster",
        modules="Values\nFirst aid\nDriving awareness\nMoving and handling\nInterview practice",
        length_days=3,
        delivery_mode="hybrid",
        venue="Ashford station",
    )
    with pytest.raises(ValidationError, match="one day to three weeks"):
        services.save_template(
            actor=world.admin, provider=world.scas, name="Too long", modules="x", length_days=30, delivery_mode="online"
        )
    cohort = services.create_cohort(
        actor=world.admin,
        programme=people.programme,
        name="Taster, May",
        ics=world.frimley,
        provider=world.scas,
        delivery_mode="hybrid",
        starts_on=D(2024, 5, 13),
        ends_on=D(2024, 5, 15),
    )
    made = services.sessions_from_template(actor=world.admin, cohort=cohort, template=template)
    assert [(s.held_on.day, s.title) for s in made] == [
        (13, "Values"),
        (13, "First aid"),
        (14, "Driving awareness"),
        (14, "Moving and handling"),
        (15, "Interview practice"),
    ]
    assert all(s.required for s in made)


def test_local_employment_needs(world):
    from onramp.recruitment import services as recruitment

    need = recruitment.save_need(actor=world.recruiter_care, provider=world.care, role="care_worker", number=6)
    assert str(need) == "6 × care worker at Weald Care Homes"
    with pytest.raises(ValidationError, match="1 or more"):
        recruitment.save_need(actor=world.admin, provider=world.care, role="care_worker", number=0)
