"""The reactions: the table printed and documented, each reaction's consequence, and their transaction."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from onramp.checks import services as checks
from onramp.checks.models import CheckKind
from onramp.journey import reactions
from onramp.journey import services as journey_services
from onramp.journey.management.commands.journey import reactions_table
from onramp.journey.models import EventType
from onramp.recruitment.models import Entitlement, Offer
from onramp.support import services as support
from onramp.support.models import CheckInStatus, Leaving
from onramp.training import services as training

D = datetime.date
ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md"


def test_the_command_prints_the_table_and_the_architecture_document_holds_it():
    out = io.StringIO()
    call_command("journey", "reactions", stdout=out)
    printed = out.getvalue()
    assert printed == reactions_table()
    for name in [
        "onramp.recruitment.reactions.guarantee_interview",
        "onramp.checks.reactions.open_checks",
        "onramp.support.reactions.schedule_check_ins",
        "onramp.support.reactions.close_employment",
    ]:
        assert f"`{name}`" in printed
    text = ARCHITECTURE.read_text()
    found = re.search(r"<!-- reactions: onramp journey reactions -->\n(.*?)<!-- /reactions -->", text, re.S)
    assert found, "docs/ARCHITECTURE.md has no reactions table between its markers"
    assert found.group(1) == printed, "docs/ARCHITECTURE.md's reactions table differs: paste `onramp journey reactions`"


def test_a_handler_is_registered_once_and_runs_in_order():
    ran = []

    def second(occurrence):
        ran.append("second")

    def first(occurrence):
        ran.append("first")

    try:
        reactions.reacts_to("test_event", order=20, summary="second")(second)
        reactions.reacts_to("test_event", order=10, summary="first")(first)
        with pytest.raises(ValueError, match="already registered"):
            reactions.reacts_to("test_event", order=30, summary="again")(first)
        reactions.run(reactions.Occurrence(event=type("E", (), {"type": "test_event"})(), actor=None))
        assert ran == ["first", "second"]
    finally:
        reactions._reactions.pop("test_event", None)


def test_a_failing_reaction_undoes_the_milestone(world, people):
    def refuse(occurrence):
        raise ValidationError({"__all__": "The later stage refused"})

    reactions.reacts_to(EventType.WITHDRAWN, order=1, summary="refuses")(refuse)
    try:
        with pytest.raises(ValidationError, match="The later stage refused"):
            journey_services.record_event(
                actor=world.coordinator_kent, person=people.kent, type=EventType.WITHDRAWN, occurred_on=D(2024, 3, 1)
            )
    finally:
        reactions._reactions.pop(EventType.WITHDRAWN, None)
    assert not people.kent.events.filter(type=EventType.WITHDRAWN).exists()


def test_course_completed_with_a_cohort_owes_the_guaranteed_interview(world, people):
    cohort = training.create_cohort(
        actor=world.admin,
        programme=people.programme,
        name="Ambulance taster",
        ics=world.kent,
        provider=world.scas,
        delivery_mode="in_person",
        starts_on=D(2024, 2, 5),
        ends_on=D(2024, 2, 5),
    )
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type=EventType.COURSE_STARTED,
        occurred_on=D(2024, 2, 5),
        cohort_id=cohort.pk,
        organisation=world.scas,
    )
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type=EventType.COURSE_COMPLETED,
        occurred_on=D(2024, 2, 5),
        cohort_id=cohort.pk,
        organisation=world.scas,
    )
    entitlement = Entitlement.objects.get(young_person=people.kent)
    assert (entitlement.provider, entitlement.cohort, entitlement.granted_on) == (world.scas, cohort, D(2024, 2, 5))
    assert people.kent.events.counting().filter(type=EventType.INTERVIEW_GUARANTEED).count() == 1


def test_course_completed_without_a_cohort_owes_nothing(world, people):
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type=EventType.COURSE_COMPLETED,
        occurred_on=D(2024, 2, 5),
        organisation=world.scas,
        check=False,
    )
    assert not Entitlement.objects.exists()


def test_an_acceptance_recorded_on_the_record_page_opens_the_checks_of_the_accepted_offer(world, accepted_offer):
    person = accepted_offer.application.young_person
    accepted_offer.checks.all().delete()
    accepted_offer.onboarding.all().delete()
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=person,
        type=EventType.OFFER_ACCEPTED,
        occurred_on=D(2024, 3, 16),
        organisation=world.care,
    )
    assert sorted(accepted_offer.checks.values_list("kind", flat=True)) == sorted(CheckKind.values)


def test_accepting_through_recruitment_opens_the_checks_once(accepted_offer):
    assert Offer.objects.get(pk=accepted_offer.pk).checks.count() == len(CheckKind.values)


def test_a_start_schedules_the_check_ins_and_a_leaving_recorded_anywhere_closes_the_job(world, accepted_offer):
    person = accepted_offer.application.young_person
    employment = checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1), reason="Agreed with the employer"
    )
    assert employment.check_ins.count() == 10  # five points, with the young person and with the employer
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=person,
        type=EventType.LEFT_WORK,
        occurred_on=D(2024, 7, 15),
        organisation=world.care,
    )
    leaving = Leaving.objects.get(employment=employment)
    assert leaving.left_on == D(2024, 7, 15)
    due = set(employment.check_ins.filter(status=CheckInStatus.DUE).values_list("point", flat=True))
    assert due == {"week_1", "month_1"}


def test_has_left_at_a_check_in_records_the_leaving_on_the_day_given(world, accepted_offer):
    person = accepted_offer.application.young_person
    employment = checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1), reason="Agreed with the employer"
    )
    month_three = employment.check_ins.get(point="month_3", party="young_person")
    with pytest.raises(ValidationError) as refused:
        support.record_check_in(
            actor=world.coordinator_kent, check_in=month_three, held_on=D(2024, 8, 1), outcome="left"
        )
    assert set(refused.value.message_dict) == {"left_on", "leaving_reason", "stayed_in_sector"}
    support.record_check_in(
        actor=world.coordinator_kent,
        check_in=month_three,
        held_on=D(2024, 8, 1),
        outcome="left",
        left_on=D(2024, 7, 20),
        leaving_reason="study",
        stayed_in_sector=True,
    )
    left = person.events.counting().get(type=EventType.LEFT_WORK)
    assert left.occurred_on == D(2024, 7, 20)
    assert Leaving.objects.get(employment=employment).reason == "study"
    later = employment.check_ins.filter(point__in=["month_6", "month_12"])
    assert set(later.values_list("status", flat=True)) == {CheckInStatus.CANCELLED}
