"""Support after the start, so that the job lasts: check-ins with the young person and, separately, with the
employer, on a schedule made at the start; leaving (with a reason) and progression."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from onramp.checks.models import Employment
from onramp.journey.models import Role as JobRole
from onramp.participants.schedule import DEFAULT_SCHEDULE, parse_schedule


class Party(models.TextChoices):
    YOUNG_PERSON = "young_person", "The young person"
    EMPLOYER = "employer", "The employer"


SCHEDULE: list[tuple[str, int, int]] = [
    (code, days, months) for code, _, days, months in parse_schedule(DEFAULT_SCHEDULE)
]


class Outcome(models.TextChoices):
    GOING_WELL = "going_well", "Going well"
    AT_RISK = "at_risk", "At risk"
    LEFT = "left", "Has left"


class CheckInStatus(models.TextChoices):
    DUE = "due", "Due"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled (left work)"


class CheckIn(models.Model):
    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="check_ins")
    party = models.CharField(max_length=20, choices=Party.choices)
    point = models.CharField(max_length=20, help_text="week_1, month_3 and so on, from the programme's schedule.")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=CheckInStatus.choices, default=CheckInStatus.DUE)
    held_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    actions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["employment", "due_on", "party"]
        constraints = [
            models.UniqueConstraint(fields=["employment", "party", "point"], name="one_check_in_per_point"),
        ]

    def __str__(self) -> str:
        return f"{self.point_label} check-in with {self.get_party_display().lower()}"

    @property
    def point_label(self) -> str:
        unit, _, number = self.point.partition("_")
        return f"{unit.capitalize()} {number}"

    def missed(self, today: datetime.date) -> bool:
        return self.status == CheckInStatus.DUE and self.due_on < today


class LeavingReason(models.TextChoices):
    CAREER_CHANGE = "career_change", "Career change"
    MOVED_AWAY = "moved_away", "Moved away"
    HEALTH = "health", "Health"
    CARING = "caring", "Caring responsibilities"
    DISMISSED = "dismissed", "Dismissed"
    CONTRACT_ENDED = "contract_ended", "Contract ended"
    STUDY = "study", "Went to study"
    BETTER_JOB = "better_job", "Better job"
    OTHER = "other", "Other"


class Leaving(models.Model):
    employment = models.OneToOneField(Employment, on_delete=models.CASCADE, related_name="leaving")
    left_on = models.DateField()
    reason = models.CharField(max_length=20, choices=LeavingReason.choices)
    stayed_in_sector = models.BooleanField("stayed in health or care work")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return f"Left on {self.left_on}: {self.get_reason_display().lower()}"


class ProgressionKind(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    BAND_CHANGE = "band_change", "Band change or promotion"
    QUALIFICATION = "qualification", "Qualification"
    TRAINING_PLACE = "training_place", "Training place (for example a nursing degree)"


class Progression(models.Model):
    """A step up after the start (an apprenticeship, a band change, …), with the job it leads to where there is one;
    its ``progressed`` event on the journey carries the same date, role and employer."""

    young_person = models.ForeignKey("participants.YoungPerson", on_delete=models.CASCADE, related_name="progressions")
    kind = models.CharField(max_length=20, choices=ProgressionKind.choices)
    progressed_on = models.DateField()
    role = models.CharField(max_length=30, choices=JobRole.choices, blank=True, help_text="The job it leads to.")
    employer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progressions",
        help_text="The employer of the job it leads to.",
    )
    detail = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-progressed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.progressed_on}"


class EmployerIssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class EmployerIssue(models.Model):
    """Support for employers too: an issue a provider raises (or the charity notices), and how it was resolved."""

    provider = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="support_issues")
    raised_on = models.DateField()
    summary = models.CharField(max_length=300)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=EmployerIssueStatus.choices, default=EmployerIssueStatus.OPEN)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["status", "-raised_on"]

    def __str__(self) -> str:
        return self.summary


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    SCALE = "scale", "1 to 5"
    TEXT = "text", "Free text"


class Survey(models.Model):
    """A simple survey sent by a personal link. Answers are stored against the young person as
    ``participants.SurveyResponse`` rows (survey code, question code, answer); yes/no answers feed evaluation."""

    code = models.SlugField(max_length=50, unique=True, help_text="Short and fixed, for example wellbeing_2025.")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    questions = models.TextField(
        help_text="One question a line: code | yes_no, scale or text | the question. "
        "For example: would_have_left | yes_no | Without the app, would you have looked for another job?"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def parsed(self) -> list[tuple[str, str, str]]:
        """(code, kind, text); raises ValidationError naming the line at fault."""
        out: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for number, line in enumerate(self.questions.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|", 2)]
            if len(parts) != 3 or parts[1] not in QuestionKind.values or not parts[0] or not parts[2]:
                raise ValidationError(
                    {"questions": f"Line {number}: write it as code | yes_no, scale or text | the question"}
                )
            if parts[0] in seen:
                raise ValidationError({"questions": f"Line {number}: the code {parts[0]} is used twice"})
            seen.add(parts[0])
            out.append((parts[0], parts[1], parts[2]))
        if not out:
            raise ValidationError({"questions": "Enter at least one question"})
        return out

    def clean(self) -> None:
        self.parsed()


class SurveyInvitation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    young_person = models.ForeignKey(
        "participants.YoungPerson", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.survey} for {self.young_person}"


class MentorKind(models.TextChoices):
    STAFF = "staff", "Staff"
    VOLUNTEER = "volunteer", "Volunteer"


class Mentor(models.Model):
    """A mentor: the charity's staff or volunteers, or people at a provider."""

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=MentorKind.choices)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="mentors"
    )
    roles = models.JSONField(default=list, blank=True, help_text="Job roles they know (participants.Role codes).")
    icss = models.ManyToManyField(
        "accounts.Organisation", related_name="area_mentors", blank=True, limit_choices_to={"kind": "ics"}
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MentorMatch(models.Model):
    young_person = models.ForeignKey("participants.YoungPerson", on_delete=models.CASCADE, related_name="mentoring")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.young_person}"


class MentoringSession(models.Model):
    match = models.ForeignKey(MentorMatch, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Mentoring on {self.held_on}"


class WellbeingReferral(models.Model):
    young_person = models.ForeignKey(
        "participants.YoungPerson", on_delete=models.CASCADE, related_name="wellbeing_referrals"
    )
    service = models.CharField(max_length=150, default="Wellbeing app")
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-referred_on"]

    def __str__(self) -> str:
        return f"{self.service} from {self.referred_on}"


class WellbeingUsage(models.Model):
    """Sessions a month in the wellbeing app, imported from the provider's CSV."""

    young_person = models.ForeignKey(
        "participants.YoungPerson", on_delete=models.CASCADE, related_name="wellbeing_usage"
    )
    month = models.DateField(help_text="The first day of the month.")
    sessions = models.PositiveIntegerField()
    import_checksum = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["young_person", "month"]
        constraints = [models.UniqueConstraint(fields=["young_person", "month"], name="usage_once_a_month")]

    def __str__(self) -> str:
        return f"{self.sessions} sessions in {self.month:%B %Y}"
