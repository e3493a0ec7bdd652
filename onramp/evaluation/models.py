"""What evaluation stores: the editable words of a learning story, and SROI configurations with provenance.
Every figure is computed from the journey event log when asked for; none is stored here."""

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
