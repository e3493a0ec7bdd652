"""Training cohorts: a course co-designed with a provider, run for a group of young people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from onramp.accounts.models import Organisation
from onramp.participants.models import Programme


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200)
    ics = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cohorts",
        limit_choices_to={"kind": "ics"},
        verbose_name="integrated care system",
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "provider"},
        help_text="The employer it was designed with.",
    )
    delivery_mode = models.CharField(max_length=20, choices=DeliveryMode.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date"})
        if self.starts_on and self.ends_on and (self.ends_on - self.starts_on).days > 21:
            raise ValidationError({"ends_on": "Courses last from one day to three weeks"})

    @property
    def length_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
