"""Training: cohorts, their sessions, enrolments, registers and the completion rule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.core import audit
from onramp.journey.models import EventType
from onramp.journey.services import before_registration, date_problem, record_event
from onramp.participants.models import Programme, YoungPerson
from onramp.training.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CourseTemplate,
    Enrolment,
    EnrolmentStatus,
    Session,
)


@transaction.atomic
def create_cohort(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    ics: Organisation,
    delivery_mode: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    provider: Organisation | None = None,
    venue: str = "",
    facilitator: str = "",
    capacity: int = 12,
    min_attendance_percent: int = 80,
) -> Cohort:
    cohort = Cohort(
        programme=programme,
        name=name.strip(),
        ics=ics,
        provider=provider,
        delivery_mode=delivery_mode,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        facilitator=facilitator.strip(),
        capacity=capacity,
        min_attendance_percent=min_attendance_percent,
    )
    cohort.full_clean()
    cohort.save()
    audit.record(
        actor=actor,
        action="cohort.created",
        target=cohort,
        detail={"ics": ics.code, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return cohort


# --- sessions, enrolments, registers and completion ------------------------------------------------------


@transaction.atomic
def add_session(*, actor: User, cohort: Cohort, held_on: datetime.date, title: str, required: bool = False) -> Session:
    session = Session(cohort=cohort, held_on=held_on, title=title.strip(), required=required)
    session.full_clean()
    session.save()
    audit.record(
        actor=actor,
        action="session.added",
        target=cohort,
        detail={"session": session.pk, "held_on": held_on.isoformat(), "title": session.title, "required": required},
    )
    return session


@transaction.atomic
def enrol(*, actor: User, cohort: Cohort, person: YoungPerson, enrolled_on: datetime.date) -> Enrolment:
    """Enrol a young person; refused when the cohort is full, they are already enrolled, or they are registered
    but not eligible (``YoungPerson.require_eligible``)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)  # one enrolment at a time per cohort
    if Enrolment.objects.filter(cohort=cohort, young_person=person).exists():
        raise ValidationError({"young_person": f"{person.full_name} is already enrolled in {cohort.name}"})
    taken = cohort.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).count()
    if taken >= cohort.capacity:
        raise ValidationError({"young_person": f"{cohort.name} is full: all {cohort.capacity} places are taken"})
    if person.programme_id != cohort.programme_id:
        raise ValidationError({"young_person": f"{person.full_name} is not on {cohort.programme.name}"})
    person.require_eligible()
    enrolment = Enrolment(cohort=cohort, young_person=person, enrolled_on=enrolled_on)
    enrolment.full_clean()
    enrolment.save()
    audit.record(actor=actor, action="enrolment.created", target=person, detail={"cohort": cohort.pk})
    return enrolment


@dataclass(frozen=True)
class Mark:
    status: str
    reason: str = ""


@transaction.atomic
def take_register(
    *, actor: User, session: Session, marks: dict[int, Mark], today: datetime.date | None = None
) -> list[Attendance]:
    """Record a session's register: present, late, or absent with a reason, for enrolled young people. All or
    nothing. A young person's first attendance in the cohort records their ``course_started`` event."""
    today = today or timezone.localdate()
    if session.held_on > today:
        raise ValidationError({"__all__": f"The register for {session} cannot be taken before the session is held"})
    enrolments = {e.pk: e for e in session.cohort.enrolments.select_related("young_person")}
    problems: dict[str, str] = {}
    for enrolment_pk, mark in marks.items():
        enrolment = enrolments.get(enrolment_pk)
        if enrolment is None:
            problems[f"mark_{enrolment_pk}"] = "This young person is not enrolled in the cohort"
        elif enrolment.status == EnrolmentStatus.WITHDRAWN:
            problems[f"mark_{enrolment_pk}"] = f"{enrolment.young_person.full_name} has withdrawn from the cohort"
        elif mark.status not in AttendanceStatus.values:
            problems[f"mark_{enrolment_pk}"] = f"Choose present, late or absent for {enrolment.young_person.full_name}"
        elif mark.status == AttendanceStatus.ABSENT and not mark.reason.strip():
            problems[f"reason_{enrolment_pk}"] = f"Say why {enrolment.young_person.full_name} was absent"
        elif mark.status != AttendanceStatus.ABSENT and (
            words := before_registration(
                person=enrolment.young_person, day=session.held_on, name=enrolment.young_person.full_name
            )
        ):
            problems[f"mark_{enrolment_pk}"] = f"{words}: they cannot have attended this session"
    if problems:
        raise ValidationError(problems)
    saved = []
    for enrolment_pk, mark in marks.items():
        enrolment = enrolments[enrolment_pk]
        attendance, _ = Attendance.objects.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={
                "status": mark.status,
                "reason": mark.reason.strip() if mark.status == AttendanceStatus.ABSENT else "",
                "recorded_by": actor,
            },
        )
        saved.append(attendance)
        started = enrolment.young_person.events.counting().filter(
            type=EventType.COURSE_STARTED, cohort_id=session.cohort_id
        )
        if attendance.attended and not started.exists():
            first = (
                Attendance.objects.filter(enrolment=enrolment, status__in=ATTENDED)
                .order_by("session__held_on")
                .values_list("session__held_on", flat=True)
                .first()
            )
            record_event(
                actor=actor,
                person=enrolment.young_person,
                type=EventType.COURSE_STARTED,
                occurred_on=first or session.held_on,
                cohort_id=session.cohort_id,
                organisation=session.cohort.provider,
                date_field=f"mark_{enrolment.pk}",
            )
    audit.record(
        actor=actor,
        action="register.taken",
        target=session.cohort,
        detail={"session": session.pk, "marks": {str(k): v.status for k, v in marks.items()}},
    )
    return saved


ATTENDED = [AttendanceStatus.PRESENT, AttendanceStatus.LATE]


@dataclass(frozen=True)
class Progress:
    enrolment: Enrolment
    held: int
    attended: int
    missing_required: list[str]
    meets_rule: bool

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.held) if self.held else None


def progress(cohort: Cohort, *, today: datetime.date | None = None) -> list[Progress]:
    """Each enrolment against the cohort's completion rule, over the sessions held so far."""
    today = today or timezone.localdate()
    held = list(cohort.sessions.filter(held_on__lte=today))
    required = {s.pk: s for s in held if s.required}
    out = []
    for enrolment in cohort.enrolments.select_related("young_person").prefetch_related("attendances"):
        went = {a.session_id for a in enrolment.attendances.all() if a.attended}
        attended = sum(1 for s in held if s.pk in went)
        missing = [str(s) for pk, s in required.items() if pk not in went]
        enough = bool(held) and 100 * attended >= cohort.min_attendance_percent * len(held)
        out.append(Progress(enrolment, len(held), attended, missing, enough and not missing))
    return out


@transaction.atomic
def record_completions(*, actor: User, cohort: Cohort, completed_on: datetime.date) -> list[Enrolment]:
    """For every enrolled young person who meets the completion rule: the ``course_completed`` event, to which
    recruitment reacts with the guaranteed interview it entitles them to (with the cohort's provider). Refused
    before the course's last day, or when no session has been held."""
    if completed_on < cohort.ends_on:
        raise ValidationError(
            {"completed_on": f"Completions are recorded from the course's last day, {cohort.ends_on}"}
        )
    if not cohort.sessions.exists():
        raise ValidationError({"__all__": "Add the course's sessions and take their registers first"})
    items = [
        item
        for item in progress(cohort, today=completed_on)
        if item.enrolment.status == EnrolmentStatus.ENROLLED and item.meets_rule
    ]
    for item in items:
        person = item.enrolment.young_person
        words = date_problem(person=person, occurred_on=completed_on, name=person.full_name)
        if words:
            raise ValidationError({"completed_on": words})
    done = []
    for item in items:
        enrolment = item.enrolment
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.save(update_fields=["status"])
        record_event(
            actor=actor,
            person=enrolment.young_person,
            type=EventType.COURSE_COMPLETED,
            occurred_on=completed_on,
            cohort_id=cohort.pk,
            organisation=cohort.provider,
            date_field="completed_on",
        )
        done.append(enrolment)
    audit.record(
        actor=actor, action="cohort.completions_recorded", target=cohort, detail={"completed": [e.pk for e in done]}
    )
    return done


# --- course templates -----------------------------------------------------------------------------------

TEMPLATE_FIELDS = ("provider", "name", "modules", "length_days", "delivery_mode", "venue")


@transaction.atomic
def save_template(*, actor: User, template: CourseTemplate | None = None, **values: Any) -> CourseTemplate:
    unknown = set(values) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"save_template() got unexpected fields: {', '.join(sorted(unknown))}.")
    created = template is None
    template = template or CourseTemplate()
    diff = {} if created else audit.changes(template, values)
    for field, value in values.items():
        setattr(template, field, value.strip() if isinstance(value, str) else value)
    template.full_clean()
    template.save()
    audit.record(
        actor=actor, action="course_template.saved", target=template, detail={"created": created, "changes": diff}
    )
    return template


@transaction.atomic
def sessions_from_template(*, actor: User, cohort: Cohort, template: CourseTemplate) -> list[Session]:
    """One required session per module of the template, spread over the cohort's days in order (several modules
    share a day when there are more modules than days)."""
    modules = template.module_list
    days = cohort.length_days
    made = []
    for index, module in enumerate(modules):
        day = cohort.starts_on + datetime.timedelta(days=index * days // len(modules))
        made.append(add_session(actor=actor, cohort=cohort, held_on=day, title=module, required=True))
    return made
