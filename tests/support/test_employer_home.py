"""A provider's recruiter's home page: what needs them now, their guaranteed-interview fulfilment and their
starters' retention at 3 months (the headline rule, from the journey event log)."""

import datetime

from django.urls import reverse

from onramp.journey import services as journey_services
from onramp.support.selectors import starters_retention

D = datetime.date


def test_the_recruiters_home_shows_what_needs_them_and_their_figures(client_as, world, people, accepted_offer):
    html = client_as("recruiter_care").get(reverse("site:home")).content.decode()
    assert "What needs you" in html
    assert "1 accepted offer in pre-employment checks" in html
    assert f"How {world.care.name} is doing" in html
    assert "Starters still in post after 3 months" in html and "No starters have reached 3 months yet" in html
    # Other roles do not get the employer's panel.
    assert "What needs you" not in client_as("coordinator_kent").get(reverse("site:home")).content.decode()


def test_starters_retention_follows_the_headline_rule(world, people, accepted_offer):
    kent = people.kent
    journey_services.record_event(
        actor=world.recruiter_care,
        person=kent,
        type="checks_cleared",
        occurred_on=D(2024, 4, 20),
    )
    journey_services.record_event(
        actor=world.recruiter_care,
        person=kent,
        type="started_work",
        occurred_on=D(2024, 5, 1),
        role="care_worker",
        organisation=world.care,
    )
    assert starters_retention(world.care, today=D(2024, 7, 31)).due == 0  # 3 months not yet passed
    retention = starters_retention(world.care, today=D(2024, 8, 1))
    assert (retention.due, retention.retained, retention.rate) == (1, 1, 1.0)
    assert starters_retention(world.scas, today=D(2024, 8, 1)).due == 0
    journey_services.record_event(
        actor=world.coordinator_kent, person=kent, type="left_work", occurred_on=D(2024, 7, 15)
    )
    retention = starters_retention(world.care, today=D(2024, 8, 1))
    assert (retention.due, retention.retained) == (1, 0)
