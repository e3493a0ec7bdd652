"""Training cohorts: added by staff, linked to course events, filtered in the caseload."""

import datetime

from django.urls import reverse

from onramp.journey import services as journey_services
from onramp.training import services as training_services
from onramp.training.models import Cohort

D = datetime.date


def kent_cohort(world, people, **values):
    return training_services.create_cohort(
        actor=world.coordinator_kent,
        programme=people.programme,
        name=values.get("name", "Kent HCA course"),
        ics=world.kent,
        delivery_mode="hybrid",
        starts_on=D(2024, 2, 5),
        ends_on=D(2024, 2, 9),
    )


def test_adding_a_cohort_and_its_rules(client_as, world, people):
    client = client_as("coordinator_kent")
    data = {
        "name": "Kent care course",
        "programme": people.programme.pk,
        "ics": world.kent.pk,
        "delivery_mode": "online",
        "starts_on_day": "1",
        "starts_on_month": "3",
        "starts_on_year": "2024",
        "ends_on_day": "30",
        "ends_on_month": "3",
        "ends_on_year": "2024",
        "capacity": "10",
        "min_attendance_percent": "75",
        "venue": "Canterbury library",
    }
    html = client.post(reverse("training:cohort-create"), data).content.decode()
    assert "Courses last from one day to three weeks" in html
    response = client.post(reverse("training:cohort-create"), data | {"ends_on_day": "15"})
    cohort = Cohort.objects.get(name="Kent care course")
    assert response["Location"] == reverse("training:cohort-detail", args=[cohort.pk])
    assert cohort.length_days == 15
    assert (cohort.capacity, cohort.min_attendance_percent, cohort.venue) == (10, 75, "Canterbury library")


def test_a_coordinator_can_only_add_cohorts_in_their_icss(client_as, world, people):
    html = client_as("coordinator_sussex").get(reverse("training:cohort-create")).content.decode()
    assert "NHS Sussex ICB" in html and "NHS Kent and Medway ICB" not in html


def test_course_events_link_to_the_cohort_and_the_caseload_filters_by_it(client_as, world, people):
    cohort = kent_cohort(world, people)
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type="course_started",
        occurred_on=D(2024, 2, 5),
        cohort_id=cohort.pk,
    )
    client = client_as("regional_lead")
    html = client.get(reverse("site:caseload"), {"cohort": cohort.pk}).content.decode()
    assert "Aisha Khan" in html and "Ben Carter" not in html
    html = client.get(reverse("training:cohort-list")).content.decode()
    assert "Kent HCA course" in html
    html = client.get(reverse("training:cohort-detail", args=[cohort.pk])).content.decode()
    assert "Aisha Khan" in html


def test_recording_a_course_start_with_its_cohort_through_the_page(client_as, world, people):
    cohort = kent_cohort(world, people)
    response = client_as("coordinator_kent").post(
        reverse("site:record-event", args=[people.kent.pk]),
        {
            "type": "course_started",
            "occurred_on_day": "5",
            "occurred_on_month": "2",
            "occurred_on_year": "2024",
            "cohort": cohort.pk,
        },
    )
    assert response.status_code == 302
    assert people.kent.events.get(type="course_started").cohort_id == cohort.pk


def test_cohorts_outside_scope_are_hidden(client_as, world, people):
    cohort = kent_cohort(world, people)
    assert client_as("coordinator_sussex").get(reverse("training:cohort-detail", args=[cohort.pk])).status_code == 404
