"""From an accepted offer to the first day: the six NHS Employment Check Standards, onboarding tasks, and the
start. Evidence is recorded as seen (by whom, when, what); no document images are stored."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from onramp.accounts.models import Organisation
from onramp.core.working_days import add_working_days
from onramp.recruitment.models import Offer


class CheckKind(models.TextChoices):
    """The NHS Employment Check Standards."""

    IDENTITY = "identity", "Identity"
    RIGHT_TO_WORK = "right_to_work", "Right to work"
    REGISTRATION = "registration", "Professional registration and qualifications"
    EMPLOYMENT_HISTORY = "employment_history", "Employment history and references"
    CRIMINAL_RECORD = "criminal_record", "Criminal record (DBS)"
    WORK_HEALTH = "work_health", "Work health assessment"


class CheckStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    REQUESTED = "requested", "Requested"
    IN_PROGRESS = "in_progress", "In progress"
    CLEARED = "cleared", "Cleared"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    NOT_REQUIRED = "not_required", "Not required"


DONE = {CheckStatus.CLEARED, CheckStatus.NOT_REQUIRED}
# Which statuses may follow which: a check can always be put back to in progress or flagged.
NEXT_STATUS: dict[str, set[str]] = {
    # Cleared straight away when the evidence is seen on the spot (an identity document at a meeting, say).
    CheckStatus.NOT_STARTED: {
        CheckStatus.REQUESTED,
        CheckStatus.IN_PROGRESS,
        CheckStatus.CLEARED,
        CheckStatus.NOT_REQUIRED,
    },
    CheckStatus.REQUESTED: {CheckStatus.IN_PROGRESS, CheckStatus.CLEARED, CheckStatus.NEEDS_ATTENTION},
    CheckStatus.IN_PROGRESS: {CheckStatus.CLEARED, CheckStatus.NEEDS_ATTENTION},
    CheckStatus.NEEDS_ATTENTION: {CheckStatus.IN_PROGRESS, CheckStatus.CLEARED, CheckStatus.NOT_REQUIRED},
    CheckStatus.CLEARED: {CheckStatus.NEEDS_ATTENTION},
    CheckStatus.NOT_REQUIRED: {CheckStatus.IN_PROGRESS},
}


class Actor(models.TextChoices):
    PROVIDER = "provider", "The employer"
    CHARITY = "charity", "The charity"
    YOUNG_PERSON = "young_person", "The young person"


class DbsLevel(models.TextChoices):
    BASIC = "basic", "Basic"
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"


EVIDENCE_NEEDED = {CheckKind.IDENTITY, CheckKind.RIGHT_TO_WORK}  # cleared only with evidence seen
OVERDUE_WORKING_DAYS = 15  # a requested check not cleared within this many working days is overdue


class PreEmploymentCheck(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=30, choices=CheckKind.choices)
    status = models.CharField(max_length=20, choices=CheckStatus.choices, default=CheckStatus.NOT_STARTED)
    acted_on_by = models.CharField("who acts next", max_length=20, choices=Actor.choices, default=Actor.PROVIDER)
    requested_on = models.DateField(null=True, blank=True)
    cleared_on = models.DateField(null=True, blank=True)
    dbs_level = models.CharField("DBS level", max_length=20, choices=DbsLevel.choices, blank=True)
    barred_lists = models.BooleanField("barred lists checked", default=False)
    blockers = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    evidence_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_seen_on = models.DateField(null=True, blank=True)
    evidence = models.CharField(max_length=300, blank=True, help_text="What was seen, for example a passport.")

    class Meta:
        ordering = ["offer", "pk"]
        constraints = [models.UniqueConstraint(fields=["offer", "kind"], name="one_check_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display().lower()}"

    @property
    def done(self) -> bool:
        return self.status in DONE

    def days_to_clear(self) -> int | None:
        if self.cleared_on and self.requested_on:
            return (self.cleared_on - self.requested_on).days
        return None

    def problems_moving_to(self, status: str, *, dbs_level: str, evidence: str, blockers: str) -> dict[str, str]:
        """What stops this check moving to ``status``, by field: the allowed order, the DBS level and the
        evidence seen to clear, and a reason for needing attention."""
        problems: dict[str, str] = {}
        if status != self.status and status not in NEXT_STATUS[self.status]:
            allowed = ", ".join(sorted(CheckStatus(s).label.lower() for s in NEXT_STATUS[self.status]))
            problems["status"] = f"From {self.get_status_display().lower()} it can move to {allowed}"
        if status == CheckStatus.CLEARED:
            if self.kind == CheckKind.CRIMINAL_RECORD and not dbs_level:
                problems["dbs_level"] = "Choose the DBS level checked"
            if self.kind in EVIDENCE_NEEDED and not (evidence.strip() or self.evidence):
                problems["evidence"] = f"Say what evidence of {self.get_kind_display().lower()} was seen"
        if status == CheckStatus.NEEDS_ATTENTION and not (blockers.strip() or self.blockers):
            problems["blockers"] = "Say what needs attention"
        return problems

    def overdue(self, today: datetime.date) -> bool:
        return (
            not self.done
            and self.requested_on is not None
            and add_working_days(self.requested_on, OVERDUE_WORKING_DAYS) < today
        )


class CheckChange(models.Model):
    check_item = models.ForeignKey(PreEmploymentCheck, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=CheckStatus.choices)
    to_status = models.CharField(max_length=20, choices=CheckStatus.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["check_item", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} to {self.get_to_status_display()}"


class OnboardingTemplate(models.Model):
    """A provider's usual onboarding tasks: one a line as "task | owner | days before the start"."""

    provider = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="onboarding_template")
    tasks = models.TextField(
        help_text="One task a line: what, who (provider, charity or young person), days before the start. "
        "For example: ID badge | provider | 3"
    )

    def __str__(self) -> str:
        return f"Onboarding at {self.provider}"

    def parsed(self) -> list[tuple[str, str, int]]:
        """(task, owner, days before the start); raises ValidationError naming the line at fault."""
        out = []
        for number, line in enumerate(self.tasks.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or parts[1] not in Actor.values or not parts[2].lstrip("-").isdigit():
                raise ValidationError(
                    {"tasks": f"Line {number}: write it as task | provider, charity or young_person | days before"}
                )
            out.append((parts[0], parts[1], int(parts[2])))
        return out

    def clean(self) -> None:
        self.parsed()


DEFAULT_ONBOARDING = "\n".join(
    [
        "Induction date confirmed | provider | 10",
        "Uniform ordered | provider | 7",
        "ID badge | provider | 3",
        "First rota | provider | 5",
        "IT account | provider | 3",
        "Travel to work planned | charity | 5",
    ]
)


class OnboardingTask(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="onboarding")
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=20, choices=Actor.choices)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["offer", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Employment(models.Model):
    """A start in work from an accepted offer: the job that the check-ins follow."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="employment")
    started_on = models.DateField()
    started_before_checks_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.offer.application.young_person} at {self.offer.application.vacancy.provider}"
