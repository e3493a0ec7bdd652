"""Recruitment campaigns: sign-ups attributed at registration, and each campaign's funnel to jobs that last."""

import datetime

from django.urls import reverse

from onramp.journey import services as journey_services
from onramp.participants import services
from onramp.participants.models import Campaign

D = datetime.date


def test_a_campaign_follows_its_sign_ups_to_work(client_as, world, people):
    lead = client_as("regional_lead")
    bad = lead.post(reverse("participants:campaign-create"), {"name": ""}).content.decode()
    assert "Enter the campaign&#39;s name" in bad and "Choose the channel" in bad
    lead.post(
        reverse("participants:campaign-create"),
        {
            "name": "Medway colleges",
            "programme": people.programme.pk,
            "channel": "school_or_college",
            "audience": "College leavers in Medway",
            "starts_on_day": "1",
            "starts_on_month": "1",
            "starts_on_year": "2024",
            "ends_on_day": "31",
            "ends_on_month": "3",
            "ends_on_year": "2024",
        },
    )
    campaign = Campaign.objects.get(name="Medway colleges")
    services.update_details(actor=world.admin, person=people.kent, campaign=campaign)
    for kind, day in [("job_offered", D(2024, 3, 1)), ("started_work", D(2024, 3, 20))]:
        journey_services.record_event(
            actor=world.admin, person=people.kent, type=kind, occurred_on=day, check=False, role="care_worker"
        )
    exact = lead.get(reverse("evaluation:campaign-detail", args=[campaign.pk])).content.decode()
    assert "From sign-up to a job that lasts" in exact
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">1</td>' in exact
    coordinator = client_as("coordinator_kent").get(reverse("evaluation:campaign-detail", args=[campaign.pk]))
    assert (
        "Counts from 1 to 4 are hidden." in coordinator.content.decode() and ">hidden<" in coordinator.content.decode()
    )
    listing = client_as("coordinator_kent").get(reverse("participants:campaign-list")).content.decode()
    assert "Medway colleges" in listing and "Add a campaign" not in listing
