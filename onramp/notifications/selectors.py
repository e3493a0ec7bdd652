"""Reads of the log of messages sent, always through the access policy."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from onramp.accounts import policy
from onramp.accounts.models import User
from onramp.notifications.models import Notification


def log(
    *,
    user: User,
    kind: str = "",
    channel: str = "",
    status: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> models.QuerySet[Notification]:
    rows = policy.visible(user, Notification).select_related(
        "young_person", "user", "key_contact__organisation", "about_type"
    )
    filters: dict[str, Any] = {}
    if kind:
        filters["kind"] = kind
    if channel:
        filters["channel"] = channel
    if status:
        filters["status"] = status
    if since:
        filters["created_at__date__gte"] = since
    if until:
        filters["created_at__date__lte"] = until
    return rows.filter(**filters)


def for_record(*, user: User, young_person: Any) -> models.QuerySet[Notification]:
    """The messages sent to one young person, for their record page."""
    return policy.visible(user, Notification).filter(young_person=young_person)
