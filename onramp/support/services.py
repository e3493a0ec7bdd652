"""Every write about support in work: the check-in schedule, check-ins, leaving and progression. ``left_work``
and ``progressed`` are written to the journey through the participants services."""

from __future__ import annotations

import csv
import datetime
import io
import secrets
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.checks.models import Employment
from onramp.core import audit
from onramp.core.dates import add_months
from onramp.journey.models import EventType
from onramp.journey.services import record_event
from onramp.participants.models import ConsentPurpose, SurveyResponse, YoungPerson
from onramp.participants.schedule import parse_schedule
from onramp.support import notices
from onramp.support.models import (
    CheckIn,
    CheckInStatus,
    EmployerIssue,
    EmployerIssueStatus,
    Leaving,
    LeavingReason,
    Mentor,
    MentoringSession,
    MentorMatch,
    Outcome,
    Party,
    Progression,
    Survey,
    SurveyInvitation,
    WellbeingReferral,
    WellbeingUsage,
)


def due_date(start: datetime.date, days: int, months: int) -> datetime.date:
    """A check-in's date: the start plus days, or plus calendar months clipped to the month's end."""
    return add_months(start, months) + datetime.timedelta(days=days)


@transaction.atomic
def schedule_check_ins(*, actor: User | None, employment: Employment) -> list[CheckIn]:
    """The programme's schedule (by default week 1 and months 1, 3, 6 and 12), each with the young person and,
    separately, the employer."""
    made = []
    schedule = parse_schedule(employment.offer.application.young_person.programme.check_in_schedule)
    for point, _label, days, months in schedule:
        for party in Party:
            made.append(
                CheckIn.objects.create(
                    employment=employment,
                    party=party,
                    point=point,
                    due_on=due_date(employment.started_on, days, months),
                )
            )
    audit.record(
        actor=actor,
        action="check_ins.scheduled",
        target=employment.offer.application.young_person,
        detail={"employment": employment.pk, "count": len(made)},
    )
    return made


@transaction.atomic
def record_check_in(
    *,
    actor: User,
    check_in: CheckIn,
    held_on: datetime.date,
    outcome: str,
    actions: str = "",
    left_on: datetime.date | None = None,
    leaving_reason: str = "",
    stayed_in_sector: bool | None = None,
) -> CheckIn:
    """A check-in held. "Has left" records the leaving as well (``record_leaving``: ``left_work`` on the journey
    on the last day at work, the job's later check-ins cancelled), so it needs what that asks for."""
    employment = check_in.employment
    leaving = Leaving.objects.filter(employment=employment).first()
    problems: dict[str, str] = {}
    if leaving is not None and held_on > leaving.left_on:
        problems["held_on"] = (
            f"{employment.offer.application.young_person.full_name} left this job on "
            f"{leaving.left_on.day} {leaving.left_on:%B %Y}: there are no check-ins after that"
        )
    if check_in.status == CheckInStatus.CANCELLED:
        problems["held_on"] = "This check-in was cancelled when they left work"
    if held_on < employment.started_on:
        problems["held_on"] = "A check-in is on or after the start"
    if held_on > timezone.localdate():
        problems["held_on"] = "The date must be today or in the past"
    if outcome not in Outcome.values:
        problems["outcome"] = "Choose the outcome"
    if outcome == Outcome.AT_RISK and not actions.strip():
        problems["actions"] = "Say what will be done about the risk"
    if outcome == Outcome.LEFT and leaving is None:
        if left_on is None:
            problems["left_on"] = "Give their last day at work"
        elif left_on > held_on:
            problems["left_on"] = "Their last day at work must be on or before the check-in"
        if leaving_reason not in LeavingReason.values:
            problems["leaving_reason"] = "Choose why they left"
        if stayed_in_sector is None:
            problems["stayed_in_sector"] = "Say whether they are still working in health or care"
    if problems:
        raise ValidationError(problems)
    check_in.status = CheckInStatus.HELD
    check_in.held_on = held_on
    check_in.outcome = outcome
    check_in.actions = actions.strip()
    check_in.recorded_by = actor
    check_in.save()
    audit.record(
        actor=actor,
        action="check_in.recorded",
        target=employment.offer.application.young_person,
        detail={"check_in": check_in.pk, "point": check_in.point, "party": check_in.party, "outcome": outcome},
    )
    if outcome == Outcome.LEFT and leaving is None and left_on is not None:
        record_leaving(
            actor=actor,
            employment=employment,
            left_on=left_on,
            reason=leaving_reason,
            stayed_in_sector=bool(stayed_in_sector),
        )
    return check_in


@transaction.atomic
def record_leaving(
    *, actor: User, employment: Employment, left_on: datetime.date, reason: str, stayed_in_sector: bool
) -> Leaving:
    """``left_work`` on the journey with the reason; check-ins after the leaving date are cancelled."""
    problems: dict[str, str] = {}
    if Leaving.objects.filter(employment=employment).exists():
        problems["__all__"] = "Leaving has already been recorded for this job"
    if left_on < employment.started_on:
        problems["left_on"] = "The leaving date must be on or after the start"
    if left_on > timezone.localdate():
        problems["left_on"] = "The date must be today or in the past"
    if problems:
        raise ValidationError(problems)
    leaving = Leaving(
        employment=employment, left_on=left_on, reason=reason, stayed_in_sector=stayed_in_sector, recorded_by=actor
    )
    leaving.full_clean()
    leaving.save()
    application = employment.offer.application
    record_event(
        actor=actor,
        person=application.young_person,
        type=EventType.LEFT_WORK,
        occurred_on=left_on,
        organisation=application.vacancy.provider,
        detail=f"{leaving.get_reason_display()}; "
        + ("stayed in health or care work" if stayed_in_sector else "left health and care work"),
        subject=leaving,
        date_field="left_on",
    )
    audit.record(
        actor=actor,
        action="leaving.recorded",
        target=application.young_person,
        detail={"employment": employment.pk, "reason": reason, "stayed_in_sector": stayed_in_sector},
    )
    return leaving


@transaction.atomic
def record_progression(
    *,
    actor: User | None,
    person: YoungPerson,
    kind: str,
    progressed_on: datetime.date,
    detail: str = "",
    role: str = "",
    employer: Organisation | None = None,
) -> Progression:
    """A progression and its ``progressed`` event (same date, role and employer), so that every counting
    ``progressed`` event written here has its progression. ``role`` and ``employer``: the job it leads to, if any."""
    if progressed_on > timezone.localdate():
        raise ValidationError({"progressed_on": "The date must be today or in the past"})
    progression = Progression(
        young_person=person,
        kind=kind,
        progressed_on=progressed_on,
        role=role,
        employer=employer,
        detail=detail.strip(),
        recorded_by=actor,
    )
    progression.full_clean()
    progression.save()
    record_event(
        actor=actor,
        person=person,
        type=EventType.PROGRESSED,
        occurred_on=progressed_on,
        role=role,
        organisation=employer,
        detail=f"{progression.get_kind_display()}" + (f": {progression.detail}" if progression.detail else ""),
        date_field="progressed_on",
    )
    audit.record(
        actor=actor,
        action="progression.recorded",
        target=person,
        detail={"kind": kind, "role": role, "employer": employer.pk if employer else None},
    )
    return progression


@transaction.atomic
def raise_issue(*, actor: User, provider: Organisation, summary: str, raised_on: datetime.date) -> EmployerIssue:
    if raised_on > timezone.localdate():
        raise ValidationError({"raised_on": "The date must be today or in the past"})
    issue = EmployerIssue(provider=provider, summary=summary.strip(), raised_on=raised_on, raised_by=actor)
    issue.full_clean()
    issue.save()
    audit.record(actor=actor, action="employer_issue.raised", target=provider, detail={"issue": issue.pk})
    return issue


@transaction.atomic
def resolve_issue(*, actor: User, issue: EmployerIssue, resolution: str, resolved_on: datetime.date) -> EmployerIssue:
    problems = {}
    if issue.status == EmployerIssueStatus.RESOLVED:
        problems["__all__"] = "This issue is already resolved"
    if not resolution.strip():
        problems["resolution"] = "Say how it was resolved"
    if resolved_on < issue.raised_on:
        problems["resolved_on"] = "It cannot be resolved before it was raised"
    if problems:
        raise ValidationError(problems)
    issue.status = EmployerIssueStatus.RESOLVED
    issue.resolution = resolution.strip()
    issue.resolved_on = resolved_on
    issue.save()
    audit.record(actor=actor, action="employer_issue.resolved", target=issue.provider, detail={"issue": issue.pk})
    return issue


# --- surveys ----------------------------------------------------------------------------------------------


@transaction.atomic
def save_survey(*, actor: User, code: str, title: str, introduction: str, questions: str) -> Survey:
    survey = Survey(
        code=code.strip(), title=title.strip(), introduction=introduction.strip(), questions=questions.strip()
    )
    survey.full_clean()
    survey.save()
    audit.record(actor=actor, action="survey.saved", target=survey, detail={"questions": len(survey.parsed())})
    return survey


@transaction.atomic
def send_survey(
    *, actor: User, survey: Survey, person: YoungPerson, link_for: Callable[[str], str]
) -> SurveyInvitation:
    """A personal link, sent to the young person the way they asked to be contacted. Needs their consent to
    surveys, in force, and an email address or phone number."""
    problems = {}
    if not person.consents.in_force().filter(purpose=ConsentPurpose.SURVEYS).exists():
        problems["survey"] = f"Record {person.full_name}'s consent to surveys before sending one"
    elif not person.email and not person.phone:
        problems["survey"] = f"{person.full_name} has no email address or phone number to send the link to"
    if problems:
        raise ValidationError(problems)
    invitation = SurveyInvitation.objects.create(
        survey=survey,
        young_person=person,
        token=secrets.token_urlsafe(32),
        sent_on=timezone.localdate(),
        sent_by=actor,
    )
    notices.survey_sent(invitation, link=link_for(invitation.token))
    audit.record(actor=actor, action="survey.sent", target=person, detail={"survey": survey.code})
    return invitation


@transaction.atomic
def answer_survey(*, invitation: SurveyInvitation, answers: dict[str, str]) -> None:
    """Store the answers against the young person. A link is answered once."""
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered_on is not None:
        raise ValidationError({"__all__": "These answers have already been sent. Thank you."})
    today = timezone.localdate()
    questions = invitation.survey.parsed()
    problems = {}
    for code, kind, text in questions:
        answer = answers.get(code, "").strip()
        if kind == "yes_no" and answer not in {"yes", "no"}:
            problems[code] = f"Answer yes or no: {text}"
        if kind == "scale" and answer not in {"1", "2", "3", "4", "5"}:
            problems[code] = f"Choose from 1 to 5: {text}"
    if problems:
        raise ValidationError(problems)
    for code, _kind, _text in questions:
        answer = answers.get(code, "").strip()
        if answer:
            SurveyResponse.objects.update_or_create(
                young_person=invitation.young_person,
                survey=invitation.survey.code,
                question=code,
                answered_on=today,
                defaults={"answer": answer, "source": "web"},
            )
    invitation.answered_on = today
    invitation.save(update_fields=["answered_on"])
    audit.record(
        actor=None,
        actor_label="young person (survey link)",
        action="survey.answered",
        target=invitation.young_person,
        detail={"survey": invitation.survey.code},
    )


# --- mentoring and wellbeing ------------------------------------------------------------------------------


@transaction.atomic
def save_mentor(
    *,
    actor: User,
    name: str,
    kind: str,
    email: str = "",
    organisation: Organisation | None = None,
    roles: list[str] | None = None,
    icss: list[Organisation] | None = None,
) -> Mentor:
    mentor = Mentor(
        name=name.strip(), kind=kind, email=email.strip().lower(), organisation=organisation, roles=roles or []
    )
    mentor.full_clean()
    mentor.save()
    mentor.icss.set(icss or [])
    audit.record(actor=actor, action="mentor.saved", target=mentor)
    return mentor


def suggest_mentors(person: YoungPerson) -> list[tuple[Mentor, int]]:
    """Active mentors ranked by fit: 2 points for knowing the role of the person's latest offer or start,
    1 for working in their ICS. Mentors with no fit at all are listed last."""
    latest = (
        person.events.counting()
        .filter(type__in=[EventType.JOB_OFFERED, EventType.STARTED_WORK])
        .exclude(role="")
        .order_by("-occurred_on", "-position")
        .values_list("role", flat=True)
        .first()
    )
    ranked = []
    for mentor in Mentor.objects.filter(active=True).prefetch_related("icss"):
        score = (2 if latest and latest in mentor.roles else 0) + (
            1 if person.ics_id and any(ics.pk == person.ics_id for ics in mentor.icss.all()) else 0
        )
        ranked.append((mentor, score))
    return sorted(ranked, key=lambda item: (-item[1], item[0].name))


@transaction.atomic
def match_mentor(*, actor: User, person: YoungPerson, mentor: Mentor, started_on: datetime.date) -> MentorMatch:
    if person.mentoring.filter(mentor=mentor, ended_on__isnull=True).exists():
        raise ValidationError({"mentor": f"{mentor.name} is already mentoring {person.full_name}"})
    match = MentorMatch.objects.create(young_person=person, mentor=mentor, started_on=started_on)
    audit.record(actor=actor, action="mentor.matched", target=person, detail={"mentor": mentor.name})
    return match


@transaction.atomic
def log_mentoring(*, actor: User, match: MentorMatch, held_on: datetime.date, notes: str = "") -> MentoringSession:
    if held_on < match.started_on:
        raise ValidationError({"held_on": "A session is on or after the match started"})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date must be today or in the past"})
    session = MentoringSession.objects.create(match=match, held_on=held_on, notes=notes.strip(), recorded_by=actor)
    audit.record(actor=actor, action="mentoring.logged", target=match.young_person, detail={"session": session.pk})
    return session


@transaction.atomic
def refer_wellbeing(
    *, actor: User, person: YoungPerson, referred_on: datetime.date, service: str = "Wellbeing app"
) -> WellbeingReferral:
    referral = WellbeingReferral.objects.create(
        young_person=person, service=service.strip() or "Wellbeing app", referred_on=referred_on, referred_by=actor
    )
    audit.record(actor=actor, action="wellbeing.referred", target=person, detail={"service": referral.service})
    return referral


USAGE_HEADER = ["participant_id", "month", "sessions"]


def read_usage(text: str, *, people: Any) -> tuple[list[tuple[YoungPerson, datetime.date, int]], list[str]]:
    """Check a usage CSV (``participant_id``, ``month`` as YYYY-MM, ``sessions``): every row, naming the row
    and column of each problem. ``people`` is the queryset the importer may see."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in USAGE_HEADER if name not in header]
    if missing:
        return [], [f"The file needs the columns {', '.join(USAGE_HEADER)}; missing: {', '.join(missing)}"]
    rows, problems, seen = [], [], set()
    by_reference = {p.reference: p for p in people.exclude(reference="")}
    for number, record in enumerate(reader, start=2):
        key = (record.get("participant_id") or "").strip()
        person = by_reference.get(key) or (people.filter(pk=int(key)).first() if key.isdigit() else None)
        if person is None:
            problems.append(f"Row {number}: participant_id: no young person {key!r} that you can see")
            continue
        try:
            month = datetime.date.fromisoformat((record.get("month") or "").strip() + "-01")
        except ValueError:
            problems.append(f"Row {number}: month: write it as YYYY-MM, like 2025-03")
            continue
        sessions_text = (record.get("sessions") or "").strip()
        if not sessions_text.isdigit():
            problems.append(f"Row {number}: sessions: a whole number, 0 or more")
            continue
        if (person.pk, month) in seen:
            problems.append(f"Row {number}: {key} {month:%Y-%m} appears twice in the file")
            continue
        seen.add((person.pk, month))
        rows.append((person, month, int(sessions_text)))
    return rows, problems


@transaction.atomic
def import_usage(*, actor: User, rows: list[tuple[YoungPerson, datetime.date, int]], checksum: str) -> int:
    for person, month, sessions in rows:
        WellbeingUsage.objects.update_or_create(
            young_person=person, month=month, defaults={"sessions": sessions, "import_checksum": checksum}
        )
    audit.record(actor=actor, action="wellbeing.imported", detail={"rows": len(rows), "checksum": checksum})
    return len(rows)
