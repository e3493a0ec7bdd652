"""The message log's part of a young person (registered by ``NotificationsConfig.ready``): the rows stay (what
was sent, when, whether it arrived) without the masked address."""

from __future__ import annotations

from onramp.notifications.models import Notification
from onramp.participants import privacy
from onramp.participants.models import YoungPerson


def erase(person: YoungPerson) -> None:
    Notification.objects.filter(young_person=person).update(address="")


privacy.register(app="notifications", records={Notification: ("young_person",)}, erase=erase)
