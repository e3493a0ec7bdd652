"""In-work support's messages: survey invitations and check-in reminders. Each builds its message's context and
calls ``notifications.services.notify``.

``services.send_survey`` calls ``survey_sent`` inside its transaction (the message goes once it commits);
``onramp check_ins remind`` calls ``check_in_reminders``, which is safe to run more than once a day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from onramp.notifications.services import notify
from onramp.notifications.wording import Run, contact_for, when_words
from onramp.support.models import CheckIn, CheckInStatus, Party, SurveyInvitation


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


def check_in_reminders(
    *, today: datetime.date | None = None, dry_run: bool = False, warn: Callable[[str], None] = print
) -> tuple[Run, Run]:
    """Coordinators: how many check-ins in their caseload are missed or due in the next 7 days (counts only, once
    a day). Young people: their own check-in due in the next 7 days (once per check-in)."""
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
