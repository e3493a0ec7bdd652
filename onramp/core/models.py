"""The audit trail: who did what to which record, and who looked at what."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def about(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))


class AuditEntry(models.Model):
    """One line of the audit trail. Written by ``onramp.core.audit.record`` (or ``record_many``) only; never edited."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Kept if the account is removed.")
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    source_ip = models.GenericIPAddressField(
        "from", null=True, blank=True, help_text="The address the request came from."
    )
    # Filled when the entry is sealed into the chain (``onramp.core.audit.seal``), not when it is written, so that
    # writing an entry takes no lock: its place in the chain, the hash of the entry before, and its own hash.
    position = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="HMAC-SHA-256 over this entry and the last."
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"


class AuditChainHead(models.Model):
    """The newest sealed entry of the audit chain (one row). Locked while entries are sealed, so that they are
    chained one after another even when sealing runs in two processes at once."""

    last_hash = models.CharField(max_length=64, blank=True)
    last_position = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.last_hash or "empty"
