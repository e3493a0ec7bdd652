"""The journey event log, the spine of Onramp.

Every milestone in a young person's journey is one immutable ``JourneyEvent``, written by ``journey.services``; a
mistake is put right by voiding (``EventVoid``) and, for a correction, recording a new event. Every consequence of
a milestone in another stage is a reaction (``journey.reactions``), and every figure in evaluation is computed from
these events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onramp.accounts.models import Organisation
from onramp.participants.models import Source, YoungPerson


class EventType(models.TextChoices):
    """The pinned vocabulary, shared with imports and reports."""

    REGISTERED = "registered", "Registered"
    PLAN_AGREED = "plan_agreed", "Development plan agreed"
    COURSE_STARTED = "course_started", "Started a course"
    COURSE_COMPLETED = "course_completed", "Completed a course"
    INTERVIEW_GUARANTEED = "interview_guaranteed", "Guaranteed an interview"
    INTERVIEW_ATTENDED = "interview_attended", "Attended an interview"
    JOB_OFFERED = "job_offered", "Offered a job"
    OFFER_ACCEPTED = "offer_accepted", "Accepted the offer"
    OFFER_DECLINED = "offer_declined", "Declined the offer"
    CHECKS_CLEARED = "checks_cleared", "Pre-employment checks cleared"
    STARTED_WORK = "started_work", "Started work"
    LEFT_WORK = "left_work", "Left work"
    WITHDRAWN = "withdrawn", "Withdrew from the programme"
    PROGRESSED = "progressed", "Progressed (education, training or another job)"


class Role(models.TextChoices):
    """Job roles for job_offered and started_work. Extend by adding a choice here."""

    HEALTHCARE_ASSISTANT = "healthcare_assistant", "Healthcare assistant"
    CARE_WORKER = "care_worker", "Care worker"
    ADMINISTRATIVE = "administrative", "Administrative"
    ESTATES_FACILITIES = "estates_facilities", "Estates and facilities"
    AMBULANCE = "ambulance", "Ambulance"
    OTHER = "other", "Other"


EVENTS_WITH_ROLE = {EventType.JOB_OFFERED, EventType.STARTED_WORK}
# Steps refused for someone registered but not eligible (and not overridden), whichever path records them: the
# start of a course (an enrolment) and a job offer (docs/metrics.md, "Who counts").
EVENTS_NEEDING_ELIGIBILITY = {EventType.COURSE_STARTED, EventType.JOB_OFFERED}

# Each event's place in the journey; the stage is the furthest place reached by the latest events.
JOURNEY_ORDER = {event: position for position, event in enumerate(EventType.values)}

# What must already have happened (on or before the same date) for an event to make sense.
PREREQUISITES: dict[str, tuple[tuple[str, ...], str]] = {
    EventType.COURSE_COMPLETED: ((EventType.COURSE_STARTED,), "a course completed before any course started"),
    EventType.OFFER_ACCEPTED: ((EventType.JOB_OFFERED,), "an offer accepted before any job offer"),
    EventType.OFFER_DECLINED: ((EventType.JOB_OFFERED,), "an offer declined before any job offer"),
    EventType.CHECKS_CLEARED: ((EventType.JOB_OFFERED,), "checks cleared before any job offer"),
    EventType.STARTED_WORK: ((EventType.JOB_OFFERED,), "a start before any job offer"),
    EventType.LEFT_WORK: ((EventType.STARTED_WORK,), "leaving work before any start"),
}

STAGE_LABELS: dict[str, str] = {
    EventType.REGISTERED: "Registered",
    EventType.PLAN_AGREED: "Plan agreed",
    EventType.COURSE_STARTED: "In training",
    EventType.COURSE_COMPLETED: "Training completed",
    EventType.INTERVIEW_GUARANTEED: "Interview guaranteed",
    EventType.INTERVIEW_ATTENDED: "Interviewed",
    EventType.JOB_OFFERED: "Offered a job",
    EventType.OFFER_ACCEPTED: "Offer accepted",
    EventType.OFFER_DECLINED: "Offer declined",
    EventType.CHECKS_CLEARED: "Checks cleared",
    EventType.STARTED_WORK: "In work",
    EventType.LEFT_WORK: "Left work",
    EventType.WITHDRAWN: "Withdrawn",
    EventType.PROGRESSED: "Progressed",
}


class JourneyEventQuerySet(models.QuerySet["JourneyEvent"]):
    def counting(self) -> JourneyEventQuerySet:
        """Events that count: not voided."""
        return self.filter(void__isnull=True)

    def in_journey_order(self) -> JourneyEventQuerySet:
        return self.order_by("occurred_on", "position", "recorded_at", "pk")


class JourneyEvent(models.Model):
    """One milestone in a young person's journey. Immutable: written once by a service, never updated."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=EventType.choices, db_index=True)
    position = models.PositiveSmallIntegerField(editable=False, help_text="Its place in the journey order.")
    occurred_on = models.DateField(db_index=True, help_text="When it happened; may be before it was recorded.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="journey_events"
    )
    employer_code = models.CharField(
        max_length=20, blank=True, help_text="The employer code as written in an import, matched or not."
    )
    # The training cohort a course event belongs to. Training owns cohorts and the link (``training.selectors``):
    # the journey keeps only the id, so the event log knows no stage's models (a foreign key in the database).
    cohort_id = models.PositiveBigIntegerField(
        null=True, blank=True, db_column="cohort_id", help_text="The training cohort a course event belongs to."
    )
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    detail = models.TextField(blank=True)
    correction_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The voided event this one corrects.",
    )
    import_checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the imported file.")

    objects = JourneyEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "position", "recorded_at", "pk"]
        db_table = "participants_journeyevent"  # the table is older than this app (docs/adr/0002-journey-app.md)
        indexes = [models.Index(fields=["young_person", "type", "occurred_on"], name="participant_young_p_c87a1d_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(type__in=sorted(EVENTS_WITH_ROLE)) | ~models.Q(role=""),
                name="journey_event_role_required",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} on {self.occurred_on:%-d %b %Y}"

    @property
    def is_void(self) -> bool:
        return hasattr(self, "void")

    @property
    def employer_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.employer_code


class EventVoid(models.Model):
    """Marks an event as void. The event stays in the history, shown struck through."""

    event = models.OneToOneField(JourneyEvent, on_delete=models.PROTECT, related_name="void")
    reason = models.CharField(max_length=300)
    voided_at = models.DateTimeField(auto_now_add=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "participants_eventvoid"

    def __str__(self) -> str:
        return f"void: {self.event}"


def stage_label(event_type: str | None) -> str:
    return STAGE_LABELS.get(event_type or "", "Not started")
