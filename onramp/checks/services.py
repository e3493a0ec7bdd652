"""Every write from an accepted offer to the start: the six checks, onboarding and confirming the start.
``checks_cleared`` and ``started_work`` are written to the journey through the participants services."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.checks.models import (
    DEFAULT_ONBOARDING,
    CheckChange,
    CheckKind,
    CheckStatus,
    Employment,
    OnboardingTask,
    OnboardingTemplate,
    PreEmploymentCheck,
)
from onramp.core import audit
from onramp.journey.models import EventType
from onramp.journey.services import record_event
from onramp.recruitment.models import Offer, OfferStatus


@transaction.atomic
def open_checks(*, actor: User | None, offer: Offer) -> list[PreEmploymentCheck]:
    """The six checks and the provider's onboarding tasks for an accepted offer (once)."""
    if offer.status != OfferStatus.ACCEPTED:
        raise ValidationError({"__all__": "Checks start when the offer is accepted"})
    if offer.checks.exists():
        return list(offer.checks.all())
    checks = [PreEmploymentCheck.objects.create(offer=offer, kind=kind) for kind in CheckKind]
    provider = offer.application.vacancy.provider
    template = OnboardingTemplate.objects.filter(provider=provider).first()
    lines = template.parsed() if template else OnboardingTemplate(tasks=DEFAULT_ONBOARDING).parsed()
    for title, owner, days_before in lines:
        due = offer.proposed_start - datetime.timedelta(days=days_before) if offer.proposed_start else None
        OnboardingTask.objects.create(offer=offer, title=title, owner=owner, due_on=due)
    audit.record(actor=actor, action="checks.opened", target=offer.application.young_person, detail={"offer": offer.pk})
    return checks


@transaction.atomic
def update_check(
    *,
    actor: User,
    check: PreEmploymentCheck,
    status: str,
    on: datetime.date,
    acted_on_by: str | None = None,
    dbs_level: str | None = None,
    barred_lists: bool | None = None,
    blockers: str | None = None,
    notes: str | None = None,
    evidence: str = "",
) -> PreEmploymentCheck:
    """Move a check to a new status, with what was seen. When every check is cleared or not required, the
    journey gets ``checks_cleared`` on the day the last one cleared."""
    problems = check.problems_moving_to(
        status,
        dbs_level=check.dbs_level if dbs_level is None else dbs_level,
        evidence=evidence,
        blockers=blockers or "",
    )
    if on > timezone.localdate():
        problems["on"] = "The date must be today or in the past"
    if problems:
        raise ValidationError(problems)
    before = check.status
    check.status = status
    if acted_on_by is not None:
        check.acted_on_by = acted_on_by
    if dbs_level is not None:
        check.dbs_level = dbs_level
    if barred_lists is not None:
        check.barred_lists = barred_lists
    if blockers is not None:
        check.blockers = blockers.strip()
    if notes is not None:
        check.notes = notes.strip()
    _dates(check, status, on)
    if evidence.strip():
        check.evidence = evidence.strip()
        check.evidence_seen_by = actor
        check.evidence_seen_on = on
    check.full_clean()
    check.save()
    if before != status:
        CheckChange.objects.create(
            check_item=check, from_status=before, to_status=status, changed_on=on, changed_by=actor
        )
    audit.record(
        actor=actor,
        action="check.updated",
        target=check.offer.application.young_person,
        detail={"check": check.kind, "from": before, "to": status, "evidence_seen": bool(evidence.strip())},
    )
    _maybe_cleared(actor=actor, offer=check.offer)
    return check


def _dates(check: PreEmploymentCheck, status: str, on: datetime.date) -> None:
    if status in {CheckStatus.REQUESTED, CheckStatus.IN_PROGRESS, CheckStatus.CLEARED}:
        check.requested_on = check.requested_on or on
    if status == CheckStatus.CLEARED:
        check.cleared_on = on
    elif status != CheckStatus.NOT_REQUIRED:
        check.cleared_on = None


def _maybe_cleared(*, actor: User, offer: Offer) -> None:
    checks = list(offer.checks.all())
    if not checks or not all(c.done for c in checks):
        return
    person = offer.application.young_person
    provider = offer.application.vacancy.provider
    if (
        person.events.counting()
        .filter(type=EventType.CHECKS_CLEARED, organisation=provider, occurred_on__gte=offer.made_on)
        .exists()
    ):
        return
    cleared = [c.cleared_on for c in checks if c.cleared_on]
    day = max(cleared) if cleared else timezone.localdate()
    record_event(
        actor=actor,
        person=person,
        type=EventType.CHECKS_CLEARED,
        occurred_on=day,
        organisation=provider,
        date_field="on",
    )


def all_cleared(offer: Offer) -> bool:
    checks = list(offer.checks.all())
    return bool(checks) and all(c.done for c in checks)


@transaction.atomic
def complete_task(*, actor: User, task: OnboardingTask, done_on: datetime.date) -> OnboardingTask:
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date must be today or in the past"})
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    audit.record(
        actor=actor,
        action="onboarding.done",
        target=task.offer.application.young_person,
        detail={"task": task.title, "done_on": done_on.isoformat()},
    )
    return task


@transaction.atomic
def confirm_start(*, actor: User, offer: Offer, started_on: datetime.date, reason: str = "") -> Employment:
    """The young person has started: ``started_work`` on the journey and the check-in schedule. A start before
    every check is cleared, or with onboarding tasks not done, needs a recorded reason (kept on the employment)."""
    problems: dict[str, str] = {}
    if offer.status != OfferStatus.ACCEPTED:
        problems["__all__"] = "Only an accepted offer can start"
    if Employment.objects.filter(offer=offer).exists():
        problems["__all__"] = "The start has already been recorded"
    if started_on < offer.made_on:
        problems["started_on"] = "The start date must be on or after the offer"
    if started_on > timezone.localdate():
        problems["started_on"] = "Record the start on or after the day it happens"
    cleared = all_cleared(offer)
    unfinished = [task.title for task in offer.onboarding.all() if task.done_on is None]
    if not cleared and not reason.strip():
        problems["reason"] = "Not every check is cleared: say why they are starting before, or clear the checks first"
    elif unfinished and not reason.strip():
        problems["reason"] = (
            f"Onboarding is not finished ({', '.join(unfinished)}): say why they are starting before, or mark the "
            "tasks done first"
        )
    if problems:
        raise ValidationError(problems)
    exception = [] if cleared else ["checks cleared"]
    exception += ["onboarding finished"] if unfinished else []
    employment = Employment.objects.create(
        offer=offer, started_on=started_on, started_before_checks_reason=reason.strip() if exception else ""
    )
    application = offer.application
    record_event(
        actor=actor,
        person=application.young_person,
        type=EventType.STARTED_WORK,
        occurred_on=started_on,
        role=offer.role,
        organisation=application.vacancy.provider,
        detail=employment.started_before_checks_reason
        and f"Started before {' and '.join(exception)}: {employment.started_before_checks_reason}",
        subject=employment,
        date_field="started_on",
    )
    audit.record(
        actor=actor,
        action="start.confirmed",
        target=application.young_person,
        detail={
            "offer": offer.pk,
            "started_on": started_on.isoformat(),
            "before_checks": not cleared,
            "onboarding_unfinished": unfinished,
        },
    )
    return employment


@transaction.atomic
def set_onboarding_template(*, actor: User, provider: Organisation, tasks: str) -> OnboardingTemplate:
    template = OnboardingTemplate.objects.filter(provider=provider).first() or OnboardingTemplate(provider=provider)
    template.tasks = tasks.strip()
    template.full_clean()
    template.save()
    audit.record(
        actor=actor, action="onboarding_template.saved", target=provider, detail={"tasks": len(template.parsed())}
    )
    return template
