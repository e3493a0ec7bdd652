"""Reads for the core pages."""

from __future__ import annotations

from django.db import models

from onramp.core.models import AuditEntry


def audit_entries(*, action: str = "", actor: str = "") -> models.QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    return entries
