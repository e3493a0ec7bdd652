"""Reads for the core pages."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from onramp.core.models import AuditEntry


def audit_entries(
    *,
    action: str = "",
    actor: str = "",
    record: str = "",
    target: tuple[str, str] | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> models.QuerySet[AuditEntry]:
    """The audit trail, filtered: by action, by who (part of their name), by record (part of its label, or one
    record exactly as ``(type, id)``) and by the days it happened on (UK time, both ends included)."""
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if record:
        entries = entries.filter(target_label__icontains=record)
    if target is not None:
        entries = entries.filter(target_type=target[0], target_id=target[1])
    zone = timezone.get_current_timezone()
    if date_from is not None:
        entries = entries.filter(at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone))
    if date_to is not None:
        next_day = date_to + datetime.timedelta(days=1)
        entries = entries.filter(at__lt=datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zone))
    return entries
