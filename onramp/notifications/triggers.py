"""What is sent, when, and to whom: each trigger builds its message's context and calls ``services.notify``.

Services in other apps call the single-record triggers inside their transaction (the message goes once it
commits); the management commands call the reminder runs, which are safe to run more than once a day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from onramp.core.working_days import add_working_days
from onramp.notifications.services import notify

if TYPE_CHECKING:
    from onramp.grants.models import Grant
    from onramp.participants.models import YoungPerson
    from onramp.recruitment.models import Interview
    from onramp.support.models import SurveyInvitation


def when_words(day: datetime.date, time: datetime.time | None = None) -> str:
    """Tuesday 12 March 2024 at 10:30am (NHS.UK style for dates and times)."""
    words = f"{day:%A} {day.day} {day:%B %Y}"
    if time is not None:
        if (time.hour, time.minute) == (12, 0):
            return f"{words} at midday"
        hour, suffix = time.hour % 12 or 12, "am" if time.hour < 12 else "pm"
        words += f" at {hour}{suffix}" if time.minute == 0 else f" at {hour}:{time:%M}{suffix}"
    return words


def contact_for(person: YoungPerson) -> str:
    """Who a young person should contact: their coordinator, by name and email address."""
    coordinator = person.coordinator
    if coordinator is None:
        return "your coordinator"
    name = coordinator.get_full_name() or "your coordinator"
    return f"{name} at {coordinator.email}" if coordinator.email else name


def _interview_context(interview: Interview) -> dict[str, Any]:
    application = interview.application
    vacancy = application.vacancy
    return {
        "job": vacancy.title,
        "employer": vacancy.provider.name,
        "when": when_words(interview.held_on, interview.starts_at),
        "day": f"{interview.held_on:%A} {interview.held_on.day} {interview.held_on:%B}",
        "place": interview.place or vacancy.location,
        "contact": contact_for(application.young_person),
    }


# --- single records, called from the services that change them ------------------------------------------------


def interview_scheduled(interview: Interview, *, today: datetime.date | None = None) -> None:
    """Invite the young person to an interview scheduled for today or later (not one recorded afterwards)."""
    if interview.held_on < (today or timezone.localdate()):
        return
    notify(
        kind="interview_invitation",
        young_person=interview.application.young_person,
        about=interview,
        context=_interview_context(interview),
    )


def grant_decided(grant: Grant) -> None:
    """Tell the young person: approved with the amount, or declined with the reason the decider wrote for them."""
    from onramp.grants.models import GrantStatus

    approved = grant.status == GrantStatus.APPROVED
    context = {
        "amount": f"£{grant.amount:,.2f}".replace(".00", ""),
        "what": grant.get_category_display().lower(),
        "reason": grant.decision_note,
        "contact": contact_for(grant.young_person),
    }
    notify(
        kind="grant_approved" if approved else "grant_declined",
        young_person=grant.young_person,
        about=grant,
        context=context,
    )


def survey_sent(invitation: SurveyInvitation, *, link: str) -> None:
    survey = invitation.survey
    notify(
        kind="survey_invitation",
        young_person=invitation.young_person,
        about=invitation,
        context={
            "title": survey.title,
            "introduction": survey.introduction or "We would like to know how things are going.",
            "link": link,
        },
    )


# --- reminder runs, from the daily commands ---------------------------------------------------------------------


@dataclass
class Run:
    """What a reminder run did (or, dry, would do)."""

    sent: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)


def interview_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> Run:
    """Remind young people of an interview on the next working day (or a weekend or holiday before it), once."""
    from onramp.recruitment.models import Interview, Stage

    today = today or timezone.localdate()
    until = add_working_days(today, 1)
    interviews = Interview.objects.filter(
        held_on__gt=today,
        held_on__lte=until,
        application__stage__in=[Stage.SCREENING, Stage.INTERVIEW_SCHEDULED],
        application__young_person__erased_at__isnull=True,
    ).select_related("application__young_person__coordinator", "application__vacancy__provider")
    run = Run()
    for interview in interviews:
        person = interview.application.young_person
        if dry_run:
            run.lines.append(f"Would remind young person {person.pk} of interview {interview.pk}")
            continue
        rows = notify(
            kind="interview_reminder",
            young_person=person,
            about=interview,
            context=_interview_context(interview),
            once="ever",
        )
        run.sent += bool(rows)
        run.skipped += not rows
    return run


def entitlement_deadline_warnings(
    *, today: datetime.date | None = None, dry_run: bool = False, warn: Callable[[str], None] = print
) -> Run:
    """Tell each provider's key contacts, on both sides, how many guaranteed interviews are near or past their
    deadline: counts only, never names. Once a day per contact."""
    from onramp.accounts.models import ContactRole, KeyContact
    from onramp.recruitment.models import Entitlement
    from onramp.recruitment.selectors import needing_attention

    today = today or timezone.localdate()
    flagged = needing_attention(Entitlement.objects.select_related("provider"), today=today)
    by_provider: dict[int, list[Any]] = {}
    for item in flagged:
        by_provider.setdefault(item.entitlement.provider_id, []).append(item)
    run = Run()
    for items in by_provider.values():
        provider = items[0].entitlement.provider
        contacts: dict[str, KeyContact] = {}
        for contact in KeyContact.objects.filter(organisation=provider).exclude(email="").order_by("role", "pk"):
            # Both sides: the provider's own contacts and the charity's lead for this provider.
            if contact.role != ContactRole.ONBOARDING_CONTACT:
                contacts.setdefault(contact.email.strip().lower(), contact)
        if not contacts:
            warn(f"{provider.name}: no key contact with an email address; add one on its page.")
            continue
        overdue = sum(1 for item in items if item.overdue)
        count = len(items)
        summary = (
            f"{count} guaranteed interview{'s are' if count != 1 else ' is'} near or past the deadline "
            f"({overdue} past it)."
        )
        for address, contact in sorted(contacts.items()):
            if dry_run:
                run.lines.append(f"Would tell {address}: {count} guaranteed interviews with {provider.name}")
                continue
            rows = notify(
                kind="entitlement_deadline",
                key_contact=contact,
                about=provider,
                context={"provider": provider.name, "count": count, "summary": summary},
                once="day",
                today=today,
            )
            run.sent += bool(rows)
            run.skipped += not rows
    return run


def check_in_reminders(
    *, today: datetime.date | None = None, dry_run: bool = False, warn: Callable[[str], None] = print
) -> tuple[Run, Run]:
    """Coordinators: how many check-ins in their caseload are missed or due in the next 7 days (counts only, once
    a day). Young people: their own check-in due in the next 7 days (once per check-in)."""
    from onramp.support.models import CheckIn, CheckInStatus, Party

    today = today or timezone.localdate()
    due = CheckIn.objects.filter(
        status=CheckInStatus.DUE, due_on__lte=today + datetime.timedelta(days=7)
    ).select_related(
        "employment__offer__application__young_person__coordinator", "employment__offer__application__vacancy__provider"
    )
    by_coordinator: dict[int, tuple[Any, int, int]] = {}
    unassigned = 0
    people = Run()
    for item in due:
        person = item.employment.offer.application.young_person
        if item.party == Party.YOUNG_PERSON and item.due_on >= today and person.erased_at is None:
            if dry_run:
                people.lines.append(f"Would remind young person {person.pk} of check-in {item.pk}")
            else:
                rows = notify(
                    kind="check_in_reminder",
                    young_person=person,
                    about=item,
                    context={
                        "employer": item.employment.offer.application.vacancy.provider.name,
                        "due": when_words(item.due_on),
                        "contact": contact_for(person),
                    },
                    once="ever",
                )
                people.sent += bool(rows)
                people.skipped += not rows
        coordinator = person.coordinator
        if coordinator is None or not coordinator.email:
            unassigned += 1
            continue
        _, missed, soon = by_coordinator.get(coordinator.pk, (coordinator, 0, 0))
        if item.due_on < today:
            missed += 1
        else:
            soon += 1
        by_coordinator[coordinator.pk] = (coordinator, missed, soon)
    staff = Run()
    for coordinator, missed, soon in by_coordinator.values():
        summary = (
            f"{missed} check-in{'s' if missed != 1 else ''} in your caseload {'are' if missed != 1 else 'is'} "
            f"missed and {soon} {'are' if soon != 1 else 'is'} due in the next 7 days."
        )
        if dry_run:
            staff.lines.append(f"Would tell {coordinator.email}: {missed} missed, {soon} due this week")
            continue
        rows = notify(
            kind="check_in_due",
            user=coordinator,
            about=coordinator,
            context={"missed": missed, "soon": soon, "summary": summary},
            once="day",
            today=today,
        )
        staff.sent += bool(rows)
        staff.skipped += not rows
    if unassigned:
        warn(f"{unassigned} check-ins belong to young people with no coordinator (or no email).")
    return staff, people
