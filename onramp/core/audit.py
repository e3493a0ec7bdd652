"""Write the audit trail. Services call ``record`` inside their transaction."""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from onramp.core.bulk import Writer
from onramp.core.models import AuditChainHead, AuditEntry

# Every action the trail may hold, with the words shown to administrators.
ACTIONS: dict[str, str] = {
    "signed_in": "signed in",
    "signed_out": "signed out",
    "sign_in_failed": "failed to sign in",
    "password_reset_requested": "asked for a password reset",
    "password_changed": "changed a password",
    "portal.signed_up": "signed themselves up",
    "portal.sign_up_existing": "tried to sign up again (sent a sign-in link)",
    "portal.link_requested": "asked for a sign-in link",
    "portal.link_sent": "was sent a sign-in link",
    "portal.interest": "said they are interested in a job",
    "portal.interest_withdrawn": "said they are no longer interested in a job",
    "two_factor.set_up": "set up two-factor sign-in",
    "two_factor.reset": "reset someone's two-factor sign-in",
    "organisation.created": "created an organisation",
    "organisation.updated": "changed an organisation",
    "user.created": "created an account",
    "user.updated": "changed an account",
    "user.viewed": "viewed an account",
    "audit.viewed": "viewed the audit trail",
    "notifications.viewed": "viewed the log of messages sent",
    "demo.loaded": "loaded the demo programme",
    "young_person.registered": "registered a young person",
    "young_person.updated": "changed a young person's details",
    "young_person.viewed": "viewed a young person's record",
    "young_person.erased": "erased a young person's personal details",
    "young_person.eligibility_overridden": "overrode eligibility",
    "journey.recorded": "recorded a journey event",
    "journey.voided": "voided a journey event",
    "consent.recorded": "recorded consent",
    "consent.withdrawn": "recorded a consent withdrawal",
    "plan.agreed": "agreed a development plan",
    "plan.reviewed": "reviewed a development plan",
    "import.completed": "imported a file",
    "token.created": "created an API token",
    "cohort.created": "created a training cohort",
    "token.revoked": "revoked an API token",
    "export.downloaded": "downloaded an export",
    "sar.exported": "exported a subject access request",
    "learning_story.saved": "saved a learning story",
    "evaluation.figures_refreshed": "asked for the evaluation figures to be refreshed",
    "session.added": "added a course session",
    "support.recorded": "recorded help with applications or interviews",
    "campaign.saved": "saved a campaign",
    "pipeline.saved": "changed a provider's recruitment pipeline",
    "checks.opened": "opened pre-employment checks",
    "check.updated": "updated a pre-employment check",
    "onboarding.done": "ticked off an onboarding task",
    "start.confirmed": "confirmed a start in work",
    "check_ins.scheduled": "scheduled check-ins",
    "check_in.recorded": "recorded a check-in",
    "leaving.recorded": "recorded leaving work",
    "progression.recorded": "recorded a progression",
    "grant_budget.saved": "set a grants budget",
    "employer_issue.raised": "logged an employer's issue",
    "employer_issue.resolved": "resolved an employer's issue",
    "onboarding_template.saved": "changed a provider's onboarding tasks",
    "mentor.saved": "saved a mentor",
    "mentor.matched": "matched a mentor",
    "mentoring.logged": "logged a mentoring session",
    "survey.saved": "saved a survey",
    "survey.sent": "sent a survey link",
    "survey.answered": "received survey answers",
    "wellbeing.referred": "referred to wellbeing support",
    "wellbeing.imported": "imported wellbeing app usage",
    "grant_limit.saved": "set a grant approval limit",
    "grant.requested": "asked for a grant",
    "grant.decided": "decided a grant",
    "grant.paid": "recorded a grant payment",
    "course_template.saved": "saved a course template",
    "employment_need.saved": "saved a local employment need",
    "enrolment.created": "enrolled a young person",
    "register.taken": "took a register",
    "cohort.completions_recorded": "recorded course completions",
    "contact.saved": "saved a key contact",
    "contact.removed": "removed a key contact",
    "vacancy.saved": "saved a vacancy",
    "application.created": "referred a young person to a vacancy",
    "application.moved": "moved an application on",
    "interview.granted": "granted a guaranteed interview",
    "interview.withdrawn": "withdrew a guaranteed interview",
    "interview.scheduled": "scheduled an interview",
    "interview.scored": "scored an interview",
    "interview.consensus": "agreed a panel's scores",
    "offer.made": "made a job offer",
    "offer.answered": "recorded an answer to an offer",
    "sroi.configuration_created": "added an SROI configuration",
    "programme.saved": "saved a programme",
    "programme_phase.saved": "saved a programme phase",
    "target.saved": "set a target",
    "target.removed": "removed a target",
    "personal_data.viewed": "viewed young people's personal data",
}


CURRENT_IP: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the entry's content and the previous entry's hash: change any stored field of any entry and
    its hash, and every later link, no longer match (``onramp audit verify``)."""
    content = json.dumps(
        [
            entry.previous_hash,
            entry.at.astimezone(datetime.UTC).isoformat(),
            entry.actor_id,
            entry.actor_label,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_label,
            entry.detail,
            entry.source_ip,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to onramp.core.audit.ACTIONS.")
    user = None if actor is None or isinstance(actor, AnonymousUser) else actor
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=user,
            actor_label=actor_label or (user.get_username() if user is not None else "system"),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=str(target)[:200] if target is not None else "",
            detail=json.loads(json.dumps(detail or {}, default=str)),  # stored as it will be read back
            source_ip=CURRENT_IP.get(),
            previous_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.last_hash = entry.hash
        head.save(update_fields=["last_hash"])
    return entry


def record_many(
    *,
    actor: Any,
    action: str,
    model: type[models.Model],
    entries: Iterable[tuple[Any, str, dict[str, Any]]],
    actor_label: str | None = None,
) -> int:
    """One entry per (target's pk, target's label, detail) about records of ``model``: the entries ``record``
    would write one by one, chained in order, written in one bulk insert (for imports of thousands of rows).
    Returns how many were written."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to onramp.core.audit.ACTIONS.")
    user = None if actor is None or isinstance(actor, AnonymousUser) else actor
    label = actor_label or (user.get_username() if user is not None else "system")
    source_ip = CURRENT_IP.get()
    rows = []
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        previous = head.last_hash
        at = timezone.now()
        target_type = model._meta.label_lower
        actor_id = user.pk if user is not None else None
        when = at.astimezone(datetime.UTC).isoformat()
        for pk, target_label, detail in entries:
            text = json.dumps(detail or {}, default=str)  # stored as it will be read back
            target_id, label_ = str(pk), target_label[:200]
            # What entry_hash hashes (test_audit checks the chain with verify).
            content = [previous, when, actor_id, label, action, target_type, target_id, label_, json.loads(text)]
            content.append(source_ip)
            digest = hashlib.sha256(
                json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode()
            ).hexdigest()
            rows.append(
                (at, actor_id, label, action, target_type, target_id, label_, text, source_ip, previous, digest)
            )
            previous = digest
        if not rows:
            return 0
        # Ids follow the order of the rows (one insert, under the chain head's lock), so the chain reads in order.
        columns = ["at", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label", "detail"]
        Writer(AuditEntry, [*columns, "source_ip", "previous_hash", "hash"]).write(rows)
        head.last_hash = previous
        head.save(update_fields=["last_hash"])
    return len(rows)


def verify() -> tuple[int, list[str]]:
    """Walk the chain in order: (entries checked, problems naming the first broken entries)."""
    problems: list[str] = []
    previous = ""
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if entry.previous_hash != previous:
            problems.append(
                f"entry {entry.pk}: its link to the entry before does not match (one was removed or changed)"
            )
        elif entry.hash != entry_hash(entry):
            problems.append(f"entry {entry.pk}: its content does not match its hash (it was changed)")
        previous = entry.hash
        if len(problems) >= 20:
            break
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    if not problems and checked and head not in (None, previous):
        problems.append("the newest entries were removed: the chain ends before its recorded head")
    return checked, problems


def changes(obj: models.Model, new_values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields ``new_values`` would change on ``obj``, as {field: {"old", "new"}}."""
    diff: dict[str, dict[str, Any]] = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old != new:
            diff[field] = {"old": _plain(old), "new": _plain(new)}
    return diff


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
