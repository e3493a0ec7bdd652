"""A start with onboarding unfinished needs a reason, as a start before the checks clear does (service and web
form); a start is not dated before the person registered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onramp.checks import services
from onramp.checks.models import CheckKind, Employment
from onramp.journey.models import EventType

D = datetime.date


def clear_all(world, offer):
    for item in offer.checks.all():
        dbs = {"dbs_level": "enhanced"} if item.kind == CheckKind.CRIMINAL_RECORD else {}
        services.update_check(
            actor=world.recruiter_care, check=item, status="cleared", on=D(2024, 4, 10), evidence="Seen", **dbs
        )


def test_a_start_with_onboarding_unfinished_needs_a_reason(world, people, accepted_offer):
    clear_all(world, accepted_offer)
    with pytest.raises(ValidationError) as refused:
        services.confirm_start(actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1))
    assert refused.value.message_dict["reason"][0].startswith("Onboarding is not finished (Induction date")
    assert not Employment.objects.exists()
    employment = services.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1), reason="Badge on the first day"
    )
    assert employment.started_before_checks_reason == "Badge on the first day"
    started = people.kent.events.counting().get(type=EventType.STARTED_WORK)
    assert started.detail == "Started before onboarding finished: Badge on the first day"


def test_a_start_is_not_dated_before_registration(world, people, accepted_offer):
    accepted_offer.made_on = D(2024, 1, 1)  # an offer typed with a wrong date earlier, to reach the journey's rule
    with pytest.raises(ValidationError) as refused:
        services.confirm_start(
            actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 1, 5), reason="Early"
        )
    assert refused.value.message_dict == {
        "started_on": ["The date cannot be before they registered on 10 January 2024"]
    }
    assert not Employment.objects.exists()


def start_form(day: datetime.date, reason: str = "") -> dict:
    return {
        "started_on_day": str(day.day),
        "started_on_month": str(day.month),
        "started_on_year": str(day.year),
        "reason": reason,
    }


def test_the_start_form_asks_for_the_reason_when_onboarding_is_unfinished(client_as, world, accepted_offer):
    clear_all(world, accepted_offer)
    url = reverse("checks:start", args=[accepted_offer.pk])
    client = client_as("recruiter_care")
    html = client.post(url, start_form(D(2024, 5, 1))).content.decode()
    assert 'href="#id_reason' in html and "Onboarding is not finished" in html
    assert not Employment.objects.exists()
    assert client_as("recruiter_scas").post(url, start_form(D(2024, 5, 1), "Badge later")).status_code == 404
    assert client_as("recruiter_care").post(url, start_form(D(2024, 5, 1), "Badge later")).status_code == 302
    assert Employment.objects.get().started_before_checks_reason == "Badge later"
