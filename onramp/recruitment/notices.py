"""Recruitment's messages: what is sent about interviews and guaranteed interviews, when, and to whom. Each
builds its message's context and calls ``notifications.services.notify``.

``services.schedule_interview`` calls ``interview_scheduled`` inside its transaction (the message goes once it
commits); ``onramp remind interviews`` calls the two reminder runs, which are safe to run more than once a day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from onramp.accounts.models import ContactRole, KeyContact
from onramp.core.working_days import add_working_days
from onramp.notifications.services import notify
from onramp.notifications.wording import Run, contact_for, when_words
from onramp.recruitment.models import Entitlement, Interview, Stage
from onramp.recruitment.selectors import needing_attention


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


def interview_reminders(*, today: datetime.date | None = None, dry_run: bool = False) -> Run:
    """Remind young people of an interview on the next working day (or a weekend or holiday before it), once."""
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
