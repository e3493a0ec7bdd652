"""Recruitment with providers: vacancies, referrals through a stage pipeline (configurable per provider), the
guaranteed interview scheme, values-based interviews scored on the NHS Constitution's six values, and offers.
Every step that is a journey milestone writes its event through the participants services."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from onramp.accounts.models import Organisation
from onramp.journey.models import Role
from onramp.participants.models import Programme, YoungPerson
from onramp.training.models import Cohort


class Vacancy(models.Model):
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="vacancies", limit_choices_to={"kind": "provider"}
    )
    programmes = models.ManyToManyField(Programme, related_name="vacancies", blank=True)
    title = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=Role.choices)
    band_or_pay = models.CharField("band or pay", max_length=100, help_text="For example, Band 3, or £12.60 an hour.")
    hours = models.CharField(max_length=100, help_text="For example, 37.5 hours a week, or part time, 22.5 hours.")
    location = models.CharField(max_length=200)
    closing_on = models.DateField(help_text="The last day to be referred.")
    posts = models.PositiveSmallIntegerField(default=1)
    closed = models.BooleanField(default=False, help_text="Filled or withdrawn: no more referrals or offers.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking (onramp.core.concurrency): moved on by every change made through a service.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["closed", "closing_on", "title"]
        verbose_name_plural = "vacancies"

    def __str__(self) -> str:
        return f"{self.title}, {self.provider}"

    def clean(self) -> None:
        if self.posts is not None and self.posts < 1:
            raise ValidationError({"posts": "A vacancy has at least one post"})

    def open_for_referrals(self, today: datetime.date) -> bool:
        return not self.closed and self.closing_on >= today


class PipelineSettings(models.Model):
    """How a provider runs its recruitment: whether it screens before interviewing."""

    provider = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="pipeline")
    uses_screening = models.BooleanField(default=True, help_text="A screening stage before interviews.")

    def __str__(self) -> str:
        return f"{self.provider} pipeline"


class Stage(models.TextChoices):
    REFERRED = "referred", "Referred"
    SCREENING = "screening", "Screening"
    INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
    INTERVIEWED = "interviewed", "Interviewed"
    OFFERED = "offered", "Offered"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_STAGES = {Stage.UNSUCCESSFUL, Stage.WITHDRAWN}
NEXT_STAGES: dict[str, list[str]] = {
    Stage.REFERRED: [Stage.SCREENING, Stage.INTERVIEW_SCHEDULED],
    Stage.SCREENING: [Stage.INTERVIEW_SCHEDULED],
    Stage.INTERVIEW_SCHEDULED: [Stage.INTERVIEWED],
    Stage.INTERVIEWED: [Stage.OFFERED],
    Stage.OFFERED: [],
    Stage.UNSUCCESSFUL: [],
    Stage.WITHDRAWN: [],
}


class Application(models.Model):
    """A young person referred to a vacancy, and where they are in the provider's pipeline."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="applications")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.REFERRED)
    reason = models.CharField(max_length=300, blank=True, help_text="Why unsuccessful or withdrawn.")
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-referred_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["young_person", "vacancy"], name="application_once_per_vacancy"),
        ]

    def __str__(self) -> str:
        return f"{self.young_person} for {self.vacancy.title}"

    def next_stages(self) -> list[str]:
        """The stages this application may move to next (closing it is always possible while it is open)."""
        if self.stage in CLOSED_STAGES or self.stage == Stage.OFFERED:
            return []
        options = list(NEXT_STAGES[self.stage])
        settings_ = PipelineSettings.objects.filter(provider_id=self.vacancy.provider_id).first()
        if settings_ is not None and not settings_.uses_screening and Stage.SCREENING in options:
            options.remove(Stage.SCREENING)
        return [*options, Stage.UNSUCCESSFUL, Stage.WITHDRAWN]


class StageChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    reason = models.CharField(max_length=300, blank=True)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["application", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or 'New'} to {self.get_to_stage_display()} on {self.changed_on}"


class EntitlementStatus(models.TextChoices):
    OPEN = "open", "Waiting for an interview"
    SCHEDULED = "scheduled", "Interview scheduled"
    FULFILLED = "fulfilled", "Interviewed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Entitlement(models.Model):
    """A guaranteed interview: earned by completing a course, owed by a provider by a deadline in working days."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="entitlements")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="entitlements")
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_on = models.DateField()
    deadline = models.DateField(help_text="The last working day for the interview.")
    status = models.CharField(max_length=20, choices=EntitlementStatus.choices, default=EntitlementStatus.OPEN)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    fulfilled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"Guaranteed interview with {self.provider} for {self.young_person}"

    @property
    def is_live(self) -> bool:
        return self.status in {EntitlementStatus.OPEN, EntitlementStatus.SCHEDULED}


class InterviewKind(models.TextChoices):
    SCREENING = "screening", "Screening interview"
    FORMAL = "formal", "Formal interview"


class Interview(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=20, choices=InterviewKind.choices, default=InterviewKind.FORMAL)
    held_on = models.DateField()
    starts_at = models.TimeField("time", null=True, blank=True)
    place = models.CharField(
        "where, or how",
        max_length=200,
        blank=True,
        help_text="For example, Ward 5, Maidstone Hospital, or by video call. Left empty, the vacancy's location.",
    )
    entitlement = models.ForeignKey(
        Entitlement, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="interview_panels", blank=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on.day} {self.held_on:%B %Y}"


class Value(models.TextChoices):
    """The six values of the NHS Constitution."""

    WORKING_TOGETHER = "working_together", "Working together for patients"
    RESPECT_AND_DIGNITY = "respect_and_dignity", "Respect and dignity"
    QUALITY_OF_CARE = "quality_of_care", "Commitment to quality of care"
    COMPASSION = "compassion", "Compassion"
    IMPROVING_LIVES = "improving_lives", "Improving lives"
    EVERYONE_COUNTS = "everyone_counts", "Everyone counts"


QUESTIONS: dict[str, str] = {
    Value.WORKING_TOGETHER: "Tell us about a time you worked with others to help someone. What did you do?",
    Value.RESPECT_AND_DIGNITY: "How would you make sure someone felt respected when they needed personal care?",
    Value.QUALITY_OF_CARE: "Tell us about a time you noticed something was not right. What did you do about it?",
    Value.COMPASSION: "How would you support someone who is frightened or upset?",
    Value.IMPROVING_LIVES: "What difference would you like to make to people's lives in this job?",
    Value.EVERYONE_COUNTS: "How would you make sure everyone you care for is treated fairly?",
}
SCORE_WORDS = {1: "Little or no evidence", 2: "Some evidence", 3: "Good evidence", 4: "Strong evidence"}


class ValuesScore(models.Model):
    """One interviewer's score (1 to 4) for one value, with the evidence they heard."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scores")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=30, choices=Value.choices)
    score = models.PositiveSmallIntegerField()
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer", "value"], name="score_once_per_value"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="score_from_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.score}"


class ConsensusScore(models.Model):
    """The panel's agreed score for one value."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="consensus")
    value = models.CharField(max_length=30, choices=Value.choices)
    score = models.PositiveSmallIntegerField()
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "value"], name="consensus_once_per_value"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="consensus_from_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.score} (panel)"


class OfferStatus(models.TextChoices):
    MADE = "made", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Offer(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="offer")
    role = models.CharField(max_length=30, choices=Role.choices)
    hours = models.CharField(max_length=100)
    band_or_pay = models.CharField("band or pay", max_length=100)
    proposed_start = models.DateField(null=True, blank=True)
    conditional = models.BooleanField(default=True, help_text="Subject to pre-employment checks.")
    made_on = models.DateField()
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.MADE)
    answered_on = models.DateField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Offer of {self.get_role_display().lower()} to {self.application.young_person}"


class EmploymentNeed(models.Model):
    """A provider's local employment need: how many people it wants in a role, and by when."""

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="employment_needs")
    role = models.CharField(max_length=30, choices=Role.choices)
    number = models.PositiveSmallIntegerField()
    needed_by = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider__name", "role"]

    def __str__(self) -> str:
        return f"{self.number} × {self.get_role_display().lower()} at {self.provider}"

    def clean(self) -> None:
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": "Enter how many people are needed, 1 or more"})
