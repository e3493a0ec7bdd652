"""Erasure keeps the figures: the headline report is the same before and after; retention erases by rule."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse

from onramp.evaluation.headline import headline
from onramp.journey import services as journey_services
from onramp.participants import erasure
from onramp.participants.models import YoungPerson

D = datetime.date


def report():
    period = {"start": D(2024, 1, 1), "end": D(2025, 12, 31)}
    return headline(**period), headline(**period, icbs=["QKS"])


def test_erasure_removes_details_but_not_the_figures(client_as, world, people):
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="6", sex="female")
    for kind, day in [("job_offered", D(2024, 3, 1)), ("started_work", D(2024, 4, 1))]:
        journey_services.record_event(
            actor=world.admin,
            person=people.kent,
            type=kind,
            occurred_on=day,
            check=False,
            role="care_worker",
            detail="note",
        )
    before = report()
    client = client_as("regional_lead")
    bad = client.post(reverse("participants:erase", args=[people.kent.pk]), {"reason": ""}).content.decode()
    assert "Say why the details are being erased" in bad
    client.post(reverse("participants:erase", args=[people.kent.pk]), {"reason": "Her request of 3 March"})
    person = YoungPerson.objects.get(pk=people.kent.pk)
    assert (person.given_name, person.email, person.phone, person.postcode, person.reference) == (
        "Erased",
        "",
        "",
        "",
        "",
    )
    assert person.date_of_birth == D(2004, 7, 1) and person.lsoa11 and person.erased_at
    assert not person.events.exclude(detail="").exists()
    assert report() == before
    from onramp.geography import services as geography

    geography.refresh(YoungPerson.objects.all())
    assert report() == before  # a data refresh does not touch an erased record's area


def test_retention_is_a_dry_run_until_applied(world, people):
    out = io.StringIO()
    call_command("retention", "--years", "1", stdout=out)
    assert "2 young people had their last contact more than 1 years ago" in out.getvalue()
    assert "Dry run: nothing changed" in out.getvalue()
    assert not YoungPerson.objects.filter(erased_at__isnull=False).exists()
    call_command("retention", "--years", "1", "--apply", stdout=out, stderr=io.StringIO())
    assert YoungPerson.objects.filter(erased_at__isnull=False).count() == 2
    assert erasure.expired(years=1) == []
