"""Grants' messages (``grants/notices.py``): the young person is told of the decision, approved with the amount or
declined with the reason, through GOV.UK Notify (a fake client checks every payload) or Django's e-mail."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from onramp.notifications.models import Notification

D = datetime.date


def _log(**filters) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(**filters).order_by("pk").values_list("kind", "channel", "status"))


@pytest.fixture
def grant(world, people):
    from onramp.grants import services as grants
    from onramp.participants.models import ProgrammePhase, YoungPerson

    YoungPerson.objects.filter(pk=people.kent.pk).update(coordinator=world.coordinator_kent)
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="First phase", starts_on=D(2023, 1, 1), ends_on=D(2099, 12, 31)
    )
    grants.set_budget(actor=world.admin, phase=phase, ics=world.kent, amount=Decimal("500"))
    grants.set_limit(actor=world.admin, user=world.regional_lead, limit=Decimal("100"))
    return grants.request_grant(
        actor=world.coordinator_kent,
        person=people.kent,
        category="travel",
        amount=Decimal("45"),
        need="Bus pass",
        requested_on=timezone.localdate(),
    )


def test_grant_approved_through_notify(world, grant, notify, sent):
    from onramp.grants import services as grants

    sent(grants.decide, actor=world.regional_lead, grant=grant, approve=True)
    [email] = notify.emails
    assert email["subject"] == "Your grant has been approved"
    assert "We will pay £45 for travel." in email["body"]
    assert _log() == [("grant_decided", "email", "sent")]
    assert Notification.objects.get().about_id == str(grant.pk)


def test_grant_declined_without_notify_gives_the_reason(world, grant, mailoutbox, sent):
    from onramp.grants import services as grants

    sent(grants.decide, actor=world.regional_lead, grant=grant, approve=False, note="The college pays for bus passes.")
    [message] = mailoutbox
    assert message.subject == "Your grant request"
    assert "We cannot pay for travel this time." in message.body
    assert "This is why: The college pays for bus passes." in message.body
    assert _log() == [("grant_decided", "email", "sent")]
