"""Progressions with the job they lead to, recorded by coordinators from the record and by a provider's recruiters
for their own starters from the job's page; leaving is never before the start; dates keep to the registration."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onramp.checks import services as checks
from onramp.journey.models import EventType
from onramp.support import services
from onramp.support.models import Leaving, Progression

D = datetime.date


@pytest.fixture
def employment(world, accepted_offer):
    return checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1), reason="Agreed with the employer"
    )


def progression_form(day: datetime.date, **extra: object) -> dict:
    return {
        "kind": "band_change",
        "progressed_on_day": str(day.day),
        "progressed_on_month": str(day.month),
        "progressed_on_year": str(day.year),
        **extra,
    }


def test_a_progression_keeps_its_job_and_its_event_carries_it(world, people):
    progression = services.record_progression(
        actor=world.coordinator_kent,
        person=people.kent,
        kind="apprenticeship",
        progressed_on=D(2025, 2, 1),
        role="healthcare_assistant",
        employer=world.care,
    )
    event = people.kent.events.counting().get(type=EventType.PROGRESSED)
    assert (progression.role, progression.employer) == ("healthcare_assistant", world.care)
    assert (event.occurred_on, event.role, event.organisation) == (D(2025, 2, 1), "healthcare_assistant", world.care)


def test_a_progression_before_registration_is_refused_on_its_field(world, people):
    with pytest.raises(ValidationError) as refused:
        services.record_progression(
            actor=world.coordinator_kent, person=people.kent, kind="qualification", progressed_on=D(2023, 12, 1)
        )
    assert refused.value.message_dict == {
        "progressed_on": ["The date cannot be before they registered on 10 January 2024"]
    }
    assert not Progression.objects.exists()


def test_a_coordinator_records_one_from_the_record(client_as, world, people):
    url = reverse("support:progression", args=[people.kent.pk])
    record = client_as("coordinator_kent").get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert url in record
    response = client_as("coordinator_kent").post(
        url, progression_form(D(2025, 3, 1), role="care_worker", employer=world.care.pk)
    )
    assert response.status_code == 302
    assert Progression.objects.get().employer == world.care
    assert client_as("coordinator_sussex").post(url, progression_form(D(2025, 3, 1))).status_code == 404
    assert Progression.objects.count() == 1


def test_a_recruiter_records_one_for_their_own_starter(client_as, world, people, employment):
    url = reverse("support:employment-progression", args=[employment.pk])
    page = client_as("recruiter_care").get(reverse("support:employment", args=[employment.pk])).content.decode()
    assert url in page and "No progression recorded since the start" in page
    form = client_as("recruiter_care").get(url).content.decode()
    assert "Weald Care Homes" in form and "South Central Ambulance Service" not in form  # their own organisation only
    response = client_as("recruiter_care").post(
        url, progression_form(D(2025, 1, 6), role="healthcare_assistant", employer=world.care.pk, detail="Band 3")
    )
    assert response.status_code == 302
    progression = Progression.objects.get()
    assert (progression.young_person, progression.recorded_by, progression.employer) == (
        people.kent,
        world.recruiter_care,
        world.care,
    )
    page = client_as("recruiter_care").get(reverse("support:employment", args=[employment.pk])).content.decode()
    assert "Band change or promotion, 6 January 2025: healthcare assistant at Weald Care Homes (Band 3)" in page
    # Another employer may not name a different organisation, nor see this starter's job.
    refused = client_as("recruiter_care").post(url, progression_form(D(2025, 1, 7), employer=world.scas.pk))
    assert refused.status_code == 200 and Progression.objects.count() == 1
    assert client_as("recruiter_scas").get(url).status_code == 404
    assert client_as("recruiter_scas").post(url, progression_form(D(2025, 1, 7))).status_code == 404
    assert client_as("funder").get(url).status_code == 403
    assert Progression.objects.count() == 1


def test_leaving_before_the_start_is_refused_by_the_service_and_the_form(client_as, world, employment):
    with pytest.raises(ValidationError) as refused:
        services.record_leaving(
            actor=world.coordinator_kent,
            employment=employment,
            left_on=D(2024, 4, 30),
            reason="moved_away",
            stayed_in_sector=False,
        )
    assert list(refused.value.message_dict) == ["left_on"]
    url = reverse("support:leaving", args=[employment.pk])
    data = {
        "left_on_day": "30",
        "left_on_month": "4",
        "left_on_year": "2024",
        "reason": "moved_away",
        "stayed_in_sector": "no",
    }
    html = client_as("recruiter_care").post(url, data).content.decode()
    assert 'href="#id_left_on' in html and "on or after the start" in html
    assert not Leaving.objects.exists()
    assert client_as("recruiter_care").post(url, {**data, "left_on_day": "30", "left_on_month": "5"}).status_code == 302
    assert Leaving.objects.get().left_on == D(2024, 5, 30)
