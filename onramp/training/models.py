"""Training cohorts: a course co-designed with a provider, run for a group of young people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from onramp.accounts.models import Organisation
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import Programme


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class CohortQuerySet(models.QuerySet["Cohort"]):
    def with_journey_counts(self) -> CohortQuerySet:
        """Each cohort's number of young people who started and who completed it, from the journey's course events
        (counting ones only), one subquery each."""

        def people(event_type: str) -> models.Subquery:
            return models.Subquery(
                JourneyEvent.objects.counting()
                .filter(cohort_id=models.OuterRef("pk"), type=event_type)
                .order_by()
                .values("cohort_id")
                .annotate(people=models.Count("young_person", distinct=True))
                .values("people")[:1],
                output_field=models.IntegerField(),
            )

        return self.annotate(
            started=models.functions.Coalesce(people(EventType.COURSE_STARTED), 0),
            completed=models.functions.Coalesce(people(EventType.COURSE_COMPLETED), 0),
        )


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
    venue = models.CharField(max_length=200, blank=True)
    facilitator = models.CharField(max_length=150, blank=True)
    capacity = models.PositiveSmallIntegerField(default=12, help_text="The most young people it can take.")
    min_attendance_percent = models.PositiveSmallIntegerField(
        "attendance needed to complete (%)",
        default=80,
        help_text="Of the sessions held; late counts as attended. Every required session must also be attended.",
    )

    objects = CohortQuerySet.as_manager()

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


class Session(models.Model):
    """One session of a cohort's course: a day or part of one."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    title = models.CharField(max_length=200, help_text="The module or topic.")
    required = models.BooleanField(default=False, help_text="Must be attended to complete the course.")

    class Meta:
        ordering = ["cohort", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on.day} {self.held_on:%B %Y}"

    def clean(self) -> None:
        if self.held_on and self.cohort_id and not self.cohort.starts_on <= self.held_on <= self.cohort.ends_on:
            raise ValidationError({"held_on": "The session must be within the cohort's dates"})


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"


class Enrolment(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    young_person = models.ForeignKey("participants.YoungPerson", on_delete=models.CASCADE, related_name="enrolments")
    enrolled_on = models.DateField()
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["cohort", "young_person__family_name", "young_person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "young_person"], name="enrolment_once_per_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.young_person} in {self.cohort}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(max_length=300, blank=True, help_text="Why they were absent.")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.session}"

    @property
    def attended(self) -> bool:
        return self.status in {AttendanceStatus.PRESENT, AttendanceStatus.LATE}


class CourseTemplate(models.Model):
    """A course co-designed with a provider: its modules, length, delivery and venue. Cohorts run it."""

    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="course_templates", limit_choices_to={"kind": "provider"}
    )
    name = models.CharField(max_length=200)
    modules = models.TextField(help_text="One module a line, in order.")
    length_days = models.PositiveSmallIntegerField(help_text="From 1 to 21 days.")
    delivery_mode = models.CharField(max_length=20, choices=DeliveryMode.choices)
    venue = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["provider__name", "name"]
        constraints = [models.UniqueConstraint(fields=["provider", "name"], name="course_template_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    def clean(self) -> None:
        if self.length_days is not None and not 1 <= self.length_days <= 21:
            raise ValidationError({"length_days": "Courses last from one day to three weeks (21 days)"})
        if not self.module_list:
            raise ValidationError({"modules": "Enter at least one module"})

    @property
    def module_list(self) -> list[str]:
        return [line.strip() for line in (self.modules or "").splitlines() if line.strip()]
