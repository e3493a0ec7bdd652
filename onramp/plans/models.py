"""Personalised development plans: needs, goals and actions, agreed in versions, and their reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onramp.participants.models import YoungPerson


class Barrier(models.TextChoices):
    CONFIDENCE = "confidence", "Confidence"
    TRAVEL = "travel", "Travel"
    CHILDCARE = "childcare", "Childcare or caring responsibilities"
    ENGLISH_MATHS = "english_maths", "English and maths"
    DIGITAL = "digital", "Digital access or skills"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    MONEY = "money", "Money"
    OTHER = "other", "Other"


class ActionOwner(models.TextChoices):
    YOUNG_PERSON = "young_person", "The young person"
    COORDINATOR = "coordinator", "Their coordinator"
    EMPLOYER = "employer", "The employer"
    OTHER = "other", "Someone else"


class DevelopmentPlan(models.Model):
    """One agreed version of a young person's plan. A revision is a new version; old versions are kept."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=True)
    barriers = models.JSONField(default=list, blank=True, help_text="Barrier codes from the needs assessment.")
    barrier_notes = models.TextField(blank=True)
    goals = models.TextField()
    agreed_on = models.DateField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["young_person", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["young_person"], condition=models.Q(is_current=True), name="plan_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan version {self.version}"

    @property
    def barrier_labels(self) -> list[str]:
        labels = dict(Barrier.choices)
        return [labels.get(code, code) for code in self.barriers]


class PlanAction(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=20, choices=ActionOwner.choices)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class PlanReview(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    notes = models.TextField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on}"


class SupportKind(models.TextChoices):
    APPLICATION_FORM = "application_form", "Application form"
    CV = "cv", "CV"
    INTERVIEW_PRACTICE = "interview_practice", "Interview practice"
    SCREENING_INTERVIEW = "screening_interview", "Screening interview"


class SupportOutcome(models.TextChoices):
    READY = "ready", "Ready for the next step"
    MORE_SUPPORT = "more_support", "Needs another session"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class SupportSession(models.Model):
    """Help with applications and interviews: one session, by type, with its outcome."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="support_sessions")
    kind = models.CharField(max_length=30, choices=SupportKind.choices)
    held_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=SupportOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"
