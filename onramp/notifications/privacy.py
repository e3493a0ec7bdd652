"""The message log's part of a young person (registered by ``NotificationsConfig.ready``): the rows stay (what
was sent, when, whether it arrived) without the masked address; a message still waiting is not sent."""

from __future__ import annotations

from onramp.notifications.models import Notification, Status
from onramp.participants import privacy
from onramp.participants.models import YoungPerson


def erase(person: YoungPerson) -> None:
    rows = Notification.objects.filter(young_person=person)
    # A message still waiting is not sent now: its encrypted address and words go with the rest.
    rows.filter(status=Status.QUEUED).update(status=Status.NOT_SENT, reason="record erased")
    rows.update(address="", payload="")


privacy.register(app="notifications", records={Notification: ("young_person",)}, erase=erase)
