"""Who sees which messages in the log of messages sent (registered by ``NotificationsConfig.ready``)."""

from __future__ import annotations

from django.db import models

from onramp.accounts.models import Organisation, Role, User
from onramp.accounts.policy import scope_for, visible
from onramp.notifications.models import Notification
from onramp.participants.models import YoungPerson


@scope_for(Notification)
def notifications(user: User, queryset: models.QuerySet[Notification]) -> models.QuerySet[Notification]:
    """Administrators: every message. A regional lead: messages to the young people of their region and to the
    key contacts of providers they can see. A coordinator: messages to the young people they can see (shown on
    their records). Messages to staff accounts and to bare addresses (sign-in links): administrators only."""
    match user.role:
        case Role.ADMINISTRATOR:
            return queryset
        case Role.REGIONAL_LEAD:
            people = models.Q(young_person__in=visible(user, YoungPerson).values("pk"))
            contacts = models.Q(key_contact__organisation__in=visible(user, Organisation).values("pk"))
            return queryset.filter(people | contacts)
        case Role.COORDINATOR:
            return queryset.filter(young_person__in=visible(user, YoungPerson).values("pk"))
        case _:
            return queryset.none()
