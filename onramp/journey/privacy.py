"""The journey's part of a young person (registered by ``JourneyConfig.ready``): every event is kept,
pseudonymised with the person, so the figures for past periods do not change; only its free text goes. The
latest event is the last contact the retention rule counts from."""

from __future__ import annotations

from django.db import models

from onramp.journey.models import EventVoid, JourneyEvent
from onramp.participants import privacy
from onramp.participants.models import YoungPerson


def erase(person: YoungPerson) -> None:
    JourneyEvent.objects.filter(young_person=person).update(detail="")


def last_contact() -> models.Subquery:
    """The date of the person's latest event (voided or not: it was contact), for a ``YoungPerson`` queryset."""
    latest = JourneyEvent.objects.filter(young_person=models.OuterRef("pk")).order_by("-occurred_on")
    return models.Subquery(latest.values("occurred_on")[:1])


privacy.register(
    app="journey",
    records={JourneyEvent: ("young_person",), EventVoid: ("event__young_person",)},
    erase=erase,
    last_contact=last_contact,
)
