"""The grants pages: asking, deciding with refusals shown on the form, paying, the register."""

import csv
import datetime
import io
from decimal import Decimal

from django.urls import reverse

from onramp.grants import services
from onramp.grants.models import Grant
from onramp.participants.models import ProgrammePhase

D = datetime.date


def test_ask_decide_pay_and_the_register(client_as, world, people):
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="Now", starts_on=D(2020, 1, 1), ends_on=D(2099, 12, 31)
    )
    # client_as re-signs the one test client in, so each step signs in as whoever acts.
    client_as("regional_lead").post(
        reverse("grants:budget"), {"phase": phase.pk, "ics": world.kent.pk, "amount": "300"}
    )
    services.set_limit(actor=world.admin, user=world.regional_lead, limit=Decimal("250"))
    coordinator = client_as("coordinator_kent")
    html = coordinator.post(reverse("grants:request", args=[people.kent.pk]), {"amount": "abc"}).content.decode()
    assert "Choose what the grant is for" in html and "Enter an amount in pounds, like 45.50" in html
    coordinator.post(
        reverse("grants:request", args=[people.kent.pk]),
        {"category": "uniform", "amount": "260", "need": "Work shoes and trousers"},
    )
    grant = Grant.objects.get()
    own = coordinator.get(reverse("grants:detail", args=[grant.pk])).content.decode()
    assert "Decide the grant" not in own
    lead = client_as("regional_lead")
    refused = lead.post(reverse("grants:decide", args=[grant.pk]), {"decision": "approve"}).content.decode()
    assert "£260.00 is over your approval limit of £250.00" in refused
    services.set_limit(actor=world.admin, user=world.regional_lead, limit=Decimal("500"))
    lead.post(reverse("grants:decide", args=[grant.pk]), {"decision": "approve"})
    grant.refresh_from_db()
    assert grant.status == "approved"
    client_as("coordinator_kent").post(
        reverse("grants:pay", args=[grant.pk]),
        {"amount": "260", "paid_on_day": "2", "paid_on_month": "3", "paid_on_year": "2025", "reference": "F-9"},
    )
    grant.refresh_from_db()
    assert grant.status == "paid"
    lead = client_as("regional_lead")
    listing = lead.get(reverse("grants:list")).content.decode()
    assert "NHS Kent and Medway ICB, Now" in listing and "£260.00" in listing
    register = lead.get(reverse("grants:register", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(register.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["participant_id"] == "KM-001" and rows[0]["paid"] == "260.00" and rows[0]["status"] == "Paid"
