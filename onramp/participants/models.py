"""Young people, the programmes they join, their consents, and the journey event log.

The journey event log is the spine of Onramp: every milestone is an immutable ``JourneyEvent``; a mistake is
put right by voiding (``EventVoid``) and, for a correction, recording a new event. Every figure in evaluation
is computed from these events.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from onramp.accounts.models import Organisation
from onramp.geography.models import LocatedByPostcode
from onramp.participants.schedule import parse_schedule


class Programme(models.Model):
    """A programme of the partnership, with its eligibility rules."""

    name = models.CharField(max_length=200, unique=True)
    icss = models.ManyToManyField(
        Organisation,
        related_name="programmes",
        limit_choices_to={"kind": "ics"},
        verbose_name="integrated care systems",
    )
    min_age = models.PositiveSmallIntegerField(default=16)
    max_age = models.PositiveSmallIntegerField(default=30, help_text="Eligible up to the day before turning max + 1.")
    require_residence_in_icss = models.BooleanField(
        default=True, help_text="Only young people living in one of the programme's ICSs are eligible."
    )
    interview_deadline_working_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days a provider has to hold a guaranteed interview after the course ends."
    )
    check_in_schedule = models.CharField(
        max_length=200,
        default="week 1, month 1, month 3, month 6, month 12",
        help_text="When to check in after a start, with the young person and with the employer.",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programmes",
        limit_choices_to={"kind": "funder"},
    )
    delivery_partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delivered_programmes",
        limit_choices_to={"kind": "delivery_partner"},
    )
    # Optimistic locking (onramp.core.concurrency): moved on by every change made through a service.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            parse_schedule(self.check_in_schedule)
        except ValueError as error:
            raise ValidationError({"check_in_schedule": f"Check-in schedule: {error}"}) from None


class ProgrammePhase(models.Model):
    """A funded phase of a programme (a first phase, an extension), with its own targets."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=100)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["programme", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="phase_name_unique_per_programme"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be the same as or after the start date"})
        if self.starts_on and self.ends_on and self.programme_id:
            overlapping = ProgrammePhase.objects.filter(
                programme_id=self.programme_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
            ).exclude(pk=self.pk)
            clash = overlapping.first()
            if clash is not None:
                dates = f"{clash.starts_on.day} {clash.starts_on:%B %Y} to {clash.ends_on.day} {clash.ends_on:%B %Y}"
                raise ValidationError({"starts_on": f"The dates overlap {clash.name} ({dates})"})


class TargetMetric(models.TextChoices):
    """The headline figures a target can be set on (docs/metrics.md)."""

    SUPPORTED = "supported", "Young people supported"
    OFFERED = "offered", "Young people offered jobs"
    STARTERS = "starters", "Young people starting work"
    OFFERED_HCA_OR_CARE_WORKER = "offered_hca_or_care_worker", "Offers as healthcare assistant or care worker"
    ETHNIC_MINORITY = "ethnic_minority", "Supported from ethnic minority backgrounds"
    NON_WHITE = "non_white", "Supported from outside the White groups"
    IMD_QUINTILE_1_STARTERS = "imd_quintile_1_starters", "Starters from the most deprived fifth of areas"
    RETAINED_3_MONTHS = "retained_3_months", "Starters still in post after 3 months"


COUNT_METRICS = {TargetMetric.SUPPORTED, TargetMetric.OFFERED, TargetMetric.STARTERS}


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"


class Target(models.Model):
    """A phase's target on one headline figure: a count (at least 600 offered) or a share in per cent (ethnic
    minority at least 10%)."""

    phase = models.ForeignKey(ProgrammePhase, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(max_length=40, choices=TargetMetric.choices)
    comparison = models.CharField(max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST)
    value = models.DecimalField(
        max_digits=9, decimal_places=2, help_text="A number of young people, or a percentage for a share."
    )

    class Meta:
        ordering = ["phase", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "metric", "comparison"], name="target_unique_per_phase"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.describe()}"

    @property
    def is_count(self) -> bool:
        return self.metric in COUNT_METRICS

    def describe(self) -> str:
        words = self.get_comparison_display().lower()
        if self.is_count:
            return f"{words} {int(self.value):,}"
        return f"{words} {self.value.normalize():f}%"

    def clean(self) -> None:
        if self.value is None or not self.metric:
            return
        if self.value < 0:
            raise ValidationError({"value": "The target must be 0 or more"})
        if self.is_count and self.value != int(self.value):
            raise ValidationError({"value": "A target number of young people must be a whole number"})
        if not self.is_count and self.value > 100:
            raise ValidationError({"value": "A percentage target must be between 0 and 100"})

    def met_by(self, achieved: float) -> bool:
        """``achieved`` is a count, or a share from 0 to 1."""
        goal = float(self.value) if self.is_count else float(self.value) / 100
        return achieved >= goal if self.comparison == Comparison.AT_LEAST else achieved <= goal


class CampaignChannel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", "Social media"
    SCHOOL_OR_COLLEGE = "school_or_college", "School or college"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    COMMUNITY = "community", "Community event or group"
    PROVIDER = "provider", "Provider's own channels"
    REFERRAL_PARTNER = "referral_partner", "Referral partner"
    OTHER = "other", "Other"


class Campaign(models.Model):
    """A targeted recruitment campaign; young people who sign up through it are attributed to it."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=30, choices=CampaignChannel.choices)
    audience = models.CharField(max_length=300, help_text="Who it is for, for example care leavers in Medway.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        limit_choices_to={"kind": "provider"},
    )
    ics = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "ics"},
        verbose_name="integrated care system",
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be the same as or after the start date"})


class EthnicGroup(models.TextChoices):
    """ONS Census 2021 ethnic group, 19 categories, plus prefer not to say. The value is the ONS code."""

    BANGLADESHI = "1", "Asian, Asian British or Asian Welsh: Bangladeshi"
    CHINESE = "2", "Asian, Asian British or Asian Welsh: Chinese"
    INDIAN = "3", "Asian, Asian British or Asian Welsh: Indian"
    PAKISTANI = "4", "Asian, Asian British or Asian Welsh: Pakistani"
    OTHER_ASIAN = "5", "Asian, Asian British or Asian Welsh: Other Asian"
    AFRICAN = "6", "Black, Black British, Black Welsh, Caribbean or African: African"
    CARIBBEAN = "7", "Black, Black British, Black Welsh, Caribbean or African: Caribbean"
    OTHER_BLACK = "8", "Black, Black British, Black Welsh, Caribbean or African: Other Black"
    WHITE_ASIAN = "9", "Mixed or Multiple ethnic groups: White and Asian"
    WHITE_BLACK_AFRICAN = "10", "Mixed or Multiple ethnic groups: White and Black African"
    WHITE_BLACK_CARIBBEAN = "11", "Mixed or Multiple ethnic groups: White and Black Caribbean"
    OTHER_MIXED = "12", "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups"
    WHITE_BRITISH = "13", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "14", "White: Irish"
    GYPSY_TRAVELLER = "15", "White: Gypsy or Irish Traveller"
    ROMA = "16", "White: Roma"
    OTHER_WHITE = "17", "White: Other White"
    ARAB = "18", "Other ethnic group: Arab"
    ANY_OTHER = "19", "Other ethnic group: Any other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


ETHNIC_GROUP_5 = {
    **dict.fromkeys(["1", "2", "3", "4", "5"], "Asian, Asian British or Asian Welsh"),
    **dict.fromkeys(["6", "7", "8"], "Black, Black British, Black Welsh, Caribbean or African"),
    **dict.fromkeys(["9", "10", "11", "12"], "Mixed or Multiple ethnic groups"),
    **dict.fromkeys(["13", "14", "15", "16", "17"], "White"),
    **dict.fromkeys(["18", "19"], "Other ethnic group"),
}


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class GenderIdentity(models.TextChoices):
    """ONS 2021: is the gender you identify with the same as your sex registered at birth?"""

    SAME = "same", "Yes, the same as my sex registered at birth"
    DIFFERENT = "different", "No, different from my sex registered at birth"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class EmploymentStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", "Unemployed and looking for work"
    EDUCATION = "education", "In education or training"
    PART_TIME = "part_time", "Employed part-time"
    FULL_TIME = "full_time", "Employed full-time"
    INACTIVE = "inactive", "Not working and not looking for work"


class ReferralSource(models.TextChoices):
    CAMPAIGN = "campaign", "Recruitment campaign"
    JOBCENTRE = "jobcentre", "Jobcentre"
    SCHOOL = "school", "School or college"
    SELF = "self", "Self-referral"
    OTHER = "other", "Other"


class ContactBy(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    BOTH = "both", "Email and text message"


# Who counts (docs/metrics.md, "Who counts"): a young person's journey begins when they were eligible on the day
# they registered, or when a regional lead or an administrator overrode that with a written reason. Everyone else
# is "registered, not eligible": recorded and shown, never in a figure. The rule is here once, as a condition on
# the person table (``counting()``), and as the same condition in SQL for evaluation's raw queries
# (``counting_sql``); a test holds the two equal.
COUNTS = models.Q(eligible=True) | ~models.Q(eligibility_override="")


def counting_sql(alias: str) -> str:
    """``COUNTS`` in SQL, on the young person table under ``alias`` (both columns are NOT NULL)."""
    return f"({alias}.eligible = TRUE OR {alias}.eligibility_override <> '')"


class YoungPersonQuerySet(models.QuerySet["YoungPerson"]):
    def counting(self) -> YoungPersonQuerySet:
        """The people whose journey counts: eligible on the day they registered, or overridden with a reason."""
        return self.filter(COUNTS)

    def registered_not_eligible(self) -> YoungPersonQuerySet:
        """Everyone else: registered, not eligible, and not overridden."""
        return self.exclude(COUNTS)

    def search(self, text: str) -> YoungPersonQuerySet:
        text = text.strip()
        if not text:
            return self
        query = models.Q(reference__iexact=text)
        for word in text.split():
            query |= models.Q(given_name__icontains=word) | models.Q(family_name__icontains=word)
        if len(text.split()) > 1:
            first, *rest = text.split()
            query |= models.Q(given_name__icontains=first, family_name__icontains=" ".join(rest))
        return self.filter(query)

    def possible_duplicates(
        self, *, given_name: str, family_name: str, date_of_birth: datetime.date | None, email: str, phone: str
    ) -> YoungPersonQuerySet:
        """Same name and date of birth, or the same e-mail address, or the same phone number."""
        query = models.Q(pk__in=[])
        if given_name and family_name and date_of_birth:
            query |= models.Q(
                given_name__iexact=given_name.strip(),
                family_name__iexact=family_name.strip(),
                date_of_birth=date_of_birth,
            )
        if email:
            query |= models.Q(email__iexact=email.strip())
        if phone:
            query |= models.Q(phone_digits=digits(phone))
        return self.filter(query)


def digits(phone: str) -> str:
    """A phone number reduced to its digits, with +44 written as 0: how duplicates are matched."""
    only = "".join(ch for ch in phone if ch.isdigit())
    return "0" + only[2:] if only.startswith("44") and len(only) > 10 else only


class YoungPerson(LocatedByPostcode):
    """One young person on a programme. Their journey is in ``events``; their stage is derived from it."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="young_people")
    reference = models.CharField(
        "partner's reference", max_length=50, blank=True, help_text="participant_id in imports; unique when given."
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    phone_digits = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    contact_by = models.CharField(
        "how they want messages",
        max_length=10,
        choices=ContactBy.choices,
        default=ContactBy.EMAIL,
        help_text="How Onramp sends them interview invitations, reminders and other messages.",
    )
    ics = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="young_people",
        limit_choices_to={"kind": "ics"},
        null=True,
        blank=True,
        verbose_name="caseload ICS",
        help_text="The integrated care system whose coordinators support them.",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="caseload"
    )
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text="When personal details were erased; the journey stays, pseudonymised."
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="young_person",
        help_text="Their own sign-in, when they have one.",
    )
    registered_on = models.DateField()
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(max_length=20, choices=GenderIdentity.choices, blank=True)
    disability = models.CharField("disability or long-term condition", max_length=20, choices=YesNo.choices, blank=True)
    care_leaver = models.CharField(max_length=20, choices=YesNo.choices, blank=True)
    employment_status = models.CharField(
        "employment or education at registration", max_length=20, choices=EmploymentStatus.choices, blank=True
    )
    receiving_benefits = models.CharField(
        "receiving benefits at registration", max_length=20, choices=YesNo.choices, blank=True
    )
    referral_source = models.CharField(max_length=20, choices=ReferralSource.choices, blank=True)
    campaign = models.ForeignKey(
        "participants.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="young_people",
        help_text="The campaign they signed up through, if any.",
    )
    eligible = models.BooleanField()
    eligibility_reasons = models.JSONField(default=list, blank=True, help_text="Why not eligible, in plain words.")
    eligibility_override = models.TextField(blank=True, help_text="A regional lead's written justification.")
    eligibility_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic locking (onramp.core.concurrency): moved on by every change made through a service.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = YoungPersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name_plural = "young people"
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="young_person_reference_unique"
            ),
        ]
        indexes = [
            models.Index(Lower("family_name"), Lower("given_name"), "date_of_birth", name="young_person_name_dob"),
            models.Index(Lower("email"), name="young_person_email"),
            # The caseload's order, whole (administrators, regional leads) and per caseload ICS (coordinators):
            # a page of 25 is read from the index, whatever the number of young people.
            models.Index(fields=["family_name", "given_name", "id"], name="young_person_caseload"),
            models.Index(fields=["ics", "family_name", "given_name", "id"], name="young_person_ics_caseload"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    @property
    def counts_as_eligible(self) -> bool:
        """``COUNTS`` for one person: eligible when they registered, or overridden with a reason."""
        return self.eligible or bool(self.eligibility_override)

    def not_eligible_words(self) -> str:
        """Why a step of the journey (an enrolment, a referral, an offer) is refused for this person, naming them
        and the reasons; empty when they count as eligible."""
        if self.counts_as_eligible:
            return ""
        reasons = " ".join(reason.rstrip(".") + "." for reason in self.eligibility_reasons).rstrip(".")
        because = f" ({reasons[0].lower()}{reasons[1:]})" if reasons else ""
        return f"{self} is registered but not eligible{because}. A regional lead can override this on their record."

    def require_eligible(self, field: str = "young_person") -> None:
        """Refuse (``ValidationError`` on ``field``) a step of the journey for someone registered but not eligible
        and not overridden (``not_eligible_words``)."""
        words = self.not_eligible_words()
        if words:
            raise ValidationError({field: words})

    @property
    def ethnic_group_5(self) -> str:
        return ETHNIC_GROUP_5.get(self.ethnic_group, "")


# --- eligibility ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str]


def evaluate_eligibility(
    *,
    programme: Programme,
    date_of_birth: datetime.date,
    registered_on: datetime.date,
    icb_ods: str,
    programme_ics_codes: set[str] | None = None,
    to_applicant: bool = False,
) -> Eligibility:
    """The programme's rules, with every reason a person is not eligible, in plain words: about them for staff,
    or, ``to_applicant``, to the young person signing themselves up ("you")."""
    reasons = []
    years = (
        registered_on.year
        - date_of_birth.year
        - ((registered_on.month, registered_on.day) < (date_of_birth.month, date_of_birth.day))
    )
    ages = f"{programme.min_age} to {programme.max_age}"
    if years < programme.min_age:
        reasons.append(
            f"You are {years}. You can join when you are {programme.min_age}."
            if to_applicant
            else f"They were {years} on the registration date: the programme starts at {programme.min_age}."
        )
    elif years > programme.max_age:
        reasons.append(
            f"You are {years}. This programme is for people aged {ages}."
            if to_applicant
            else f"They were {years} on the registration date: the programme is for people up to {programme.max_age}."
        )
    if programme.require_residence_in_icss:
        codes = (
            programme_ics_codes
            if programme_ics_codes is not None
            else set(programme.icss.values_list("code", flat=True))
        )
        if not icb_ods:
            reasons.append(
                "We could not find your postcode in an area this programme covers."
                if to_applicant
                else "Their postcode does not place them in an integrated care system the programme covers."
            )
        elif icb_ods not in codes:
            reasons.append(
                "You live in an area this programme does not cover yet."
                if to_applicant
                else f"They live in an integrated care system ({icb_ods}) that the programme does not cover."
            )
    return Eligibility(eligible=not reasons, reasons=reasons)


# --- consent -------------------------------------------------------------------------------------------


class ConsentPurpose(models.TextChoices):
    DELIVERY = "programme_delivery", "Programme delivery"
    SHARE_WITH_EMPLOYER = "share_with_employer", "Sharing with a named employer"
    SURVEYS = "surveys", "Surveys"
    EVALUATION_CONTACT = "evaluation_contact", "Contact for evaluation"


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent (UK GDPR article 6(1)(a))"
    CONTRACT = "contract", "Contract (6(1)(b))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (6(1)(c))"
    PUBLIC_TASK = "public_task", "Public task (6(1)(e))"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (6(1)(f))"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """Consent (or another lawful basis) for one purpose. Withdrawal is recorded, never deleted."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For sharing with an employer: which one.",
    )
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    given_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.CharField(max_length=300, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="share_with_employer") | models.Q(organisation__isnull=False),
                name="consent_share_names_employer",
            ),
            models.UniqueConstraint(
                fields=["young_person", "purpose", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True, organisation__isnull=False),
                name="consent_one_in_force_per_employer",
            ),
            models.UniqueConstraint(
                fields=["young_person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True, organisation__isnull=True),
                name="consent_one_in_force_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        target = f" ({self.organisation})" if self.organisation_id else ""
        return f"{self.get_purpose_display()}{target}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class Source(models.TextChoices):
    WEB = "web", "Web"
    IMPORT = "import", "Import"
    API = "api", "API"


class SurveyResponse(models.Model):
    """One answer to one survey question from a young person. Yes/no answers feed the survey figures."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="survey_responses")
    survey = models.CharField(max_length=50)
    question = models.CharField(max_length=50)
    answer = models.TextField()
    answered_on = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    import_checksum = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "survey", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "survey", "question", "answered_on"], name="survey_response_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey}/{self.question}: {self.answer}"
