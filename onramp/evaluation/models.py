"""What evaluation stores: the editable words of a learning story, and SROI configurations with provenance.
Every figure is computed from the journey event log; built reports are kept as snapshots (ReportSnapshot)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onramp.participants.models import Programme


class LearningStory(models.Model):
    """A programme's learning story: the words people write. Its figures come from live data when shown."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="learning_story")
    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="Why the partnership exists: its aims and drivers.")
    delivery = models.TextField(blank=True, help_text="What the work has involved, in words.")
    lessons = models.TextField(blank=True, help_text="One lesson a paragraph.")
    next_steps = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "learning stories"

    def __str__(self) -> str:
        return self.title


class SroiConfiguration(models.Model):
    """A social return on investment configuration (the pinned JSON of docs/metrics.md) and where it came from."""

    name = models.CharField(max_length=200, unique=True)
    config = models.JSONField(help_text="The configuration: investment, discount rate and outcomes.")
    provenance = models.TextField(help_text="Where the investment and the values come from, and who checked them.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportSnapshot(models.Model):
    """A built evaluation report, stored so that the dashboards and the funder return read it instead of
    aggregating the whole event log on every request (docs/metrics.md, "When the figures are computed").

    One row per (exact or published, period, as-of day, ICB scope). It lives in the database, so every app
    server reads and refreshes the same one. ``report`` is the serialised ``report.Report``."""

    published = models.BooleanField()
    start = models.DateField()
    end = models.DateField()
    as_of = models.DateField()
    scope = models.CharField(
        max_length=1000, blank=True, help_text="ICB ODS codes, sorted, comma-separated; blank: national."
    )
    report = models.JSONField()
    computed_at = models.DateTimeField(help_text="When the computation began: events recorded later are not in it.")
    seconds = models.FloatField(help_text="How long the computation took.")
    refresh_queued_at = models.DateTimeField(null=True, blank=True, help_text="When a refresh was last queued.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["published", "start", "end", "as_of", "scope"], name="one_report_snapshot")
        ]

    def __str__(self) -> str:
        kind = "published" if self.published else "exact"
        return f"{kind} figures {self.start} to {self.end} ({self.scope or 'national'}) at {self.computed_at}"
