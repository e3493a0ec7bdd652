"""Write the audit trail. Services call ``record`` inside their transaction.

The trail is a hash chain signed with ONRAMP_AUDIT_KEY (HMAC-SHA-256), so that whoever can write to the database
but does not hold the key cannot change, remove or reorder an entry unseen. Writing an entry takes no lock: ``seal``
chains the entries written since it last ran, in the order it finds them committed; ``checkpoint`` writes the
chain's head to the log and to ONRAMP_AUDIT_CHECKPOINT_FILE, so that even a rewrite with the key is caught
against an earlier checkpoint; ``verify`` checks both. docs/security.md, "The audit trail", says why.
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, models, transaction
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
    "audit.pseudonymised": "pseudonymised an erased person throughout the audit trail",
    "personal_data.viewed": "viewed young people's personal data",
}


CURRENT_IP: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)

logger = logging.getLogger("onramp.audit")

SEAL_BATCH = 2000
MAX_PROBLEMS = 20


def entry_hash(entry: Any, *, key: str | None = None) -> str:
    """HMAC-SHA-256, with the audit key, over the entry's content, its place in the chain and the previous entry's
    hash: change any stored field of any entry and its hash, and every later link, no longer match; and without
    the key nobody can work out new ones. Never change what is hashed: every stored chain would stop verifying."""
    content = json.dumps(
        [
            entry.position,
            entry.pk,
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
    secret = (key if key is not None else settings.AUDIT_KEY).encode()
    return hmac.new(secret, content.encode(), hashlib.sha256).hexdigest()


def _actor(actor: Any, actor_label: str | None) -> tuple[Any, str]:
    user = None if actor is None or isinstance(actor, AnonymousUser) else actor
    return user, actor_label or (user.get_username() if user is not None else "system")


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Write one entry. It is a single insert with no lock (``seal`` chains it a few seconds later), so requests
    that write entries at the same time do not wait for one another."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to onramp.core.audit.ACTIONS.")
    user, label = _actor(actor, actor_label)
    return AuditEntry.objects.create(
        at=timezone.now(),
        actor=user,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        detail=json.loads(json.dumps(detail or {}, default=str)),  # stored as it will be read back
        source_ip=CURRENT_IP.get(),
    )


def record_many(
    *,
    actor: Any,
    action: str,
    model: type[models.Model],
    entries: Iterable[tuple[Any, str, dict[str, Any]]],
    actor_label: str | None = None,
) -> int:
    """One entry per (target's pk, target's label, detail) about records of ``model``: the entries ``record``
    would write one by one, in one bulk insert (for imports of thousands of rows). Returns how many were written."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to onramp.core.audit.ACTIONS.")
    user, label = _actor(actor, actor_label)
    source_ip = CURRENT_IP.get()
    at = timezone.now()
    target_type = model._meta.label_lower
    actor_id = user.pk if user is not None else None
    rows = []
    for pk, target_label, detail in entries:
        text = json.dumps(detail or {}, default=str)  # stored as it will be read back
        rows.append((at, actor_id, label, action, target_type, str(pk), target_label[:200], text, source_ip, "", ""))
    columns = ["at", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label", "detail"]
    Writer(AuditEntry, [*columns, "source_ip", "previous_hash", "hash"]).write(rows)
    return len(rows)


def seal() -> int:
    """Chain every committed entry not yet chained, oldest id first, after the chain's head; returns how many.

    Entries get their place in the chain here, not their id's place: on PostgreSQL an id is taken when a row is
    inserted but the row is seen only when its transaction commits, so a lower id can appear after a higher one
    has been sealed. It is then simply sealed next, after it, and nothing is ever sealed past a gap. The head's
    row lock makes two sealers take turns."""
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            batch = list(AuditEntry.objects.filter(position__isnull=True).order_by("id")[:SEAL_BATCH])
            if not batch:
                return sealed
            previous, position = head.last_hash, head.last_position
            for entry in batch:
                position += 1
                entry.position, entry.previous_hash = position, previous
                entry.hash = previous = entry_hash(entry)
            AuditEntry.objects.bulk_update(batch, ["position", "previous_hash", "hash"], batch_size=500)
            head.last_hash, head.last_position = previous, position
            head.save(update_fields=["last_hash", "last_position"])
        sealed += len(batch)


def _sealed_from(position: int) -> Iterable[list[AuditEntry]]:
    """Sealed entries from ``position`` on, a page at a time (each page read whole, so that it may be rewritten
    before the next is read)."""
    while True:
        page = list(AuditEntry.objects.filter(position__gte=position).order_by("position")[:SEAL_BATCH])
        if not page:
            return
        yield page
        position = page[-1].position + 1  # type: ignore[operator]


# Checkpoints ---------------------------------------------------------------------------------------------------


def _signed(line: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps(line, sort_keys=True, separators=(",", ":"))
    return {**line, "mac": hmac.new(settings.AUDIT_KEY.encode(), body.encode(), hashlib.sha256).hexdigest()}


def _signature_holds(line: dict[str, Any]) -> bool:
    unsigned = {key: value for key, value in line.items() if key != "mac"}
    return hmac.compare_digest(str(line.get("mac", "")), _signed(unsigned)["mac"])


def _append(line: dict[str, Any]) -> None:
    logger.info("audit checkpoint %s", json.dumps(line, sort_keys=True))
    path: Path | None = settings.AUDIT_CHECKPOINT_FILE
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(line, sort_keys=True) + "\n")
        file.flush()


def _chain_end() -> tuple[int, str]:
    last = AuditEntry.objects.filter(position__isnull=False).order_by("-position").values_list("position", "hash")
    found = last.first()
    return (found[0] or 0, found[1]) if found else (0, "")


def checkpoint() -> dict[str, Any]:
    """Seal, then write the chain's end (position and hash, signed with the key) to the log and the checkpoint
    file. Kept where the database's administrators cannot rewrite it, a checkpoint catches a later rewrite of the
    entries before it, even by someone holding the key."""
    seal()
    position, digest = _chain_end()
    line = _signed(
        {"kind": "checkpoint", "at": timezone.now().astimezone(datetime.UTC).isoformat(), "position": position}
        | {"hash": digest}
    )
    _append(line)
    return line


def _read_checkpoints(path: Path | None) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    if path is None or not path.exists():
        return [], []
    lines, problems = [], []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
            valid = (
                isinstance(line, dict)
                and line.get("kind") in {"checkpoint", "reseal"}
                and isinstance(line.get("position"), int)
                and isinstance(line.get("hash"), str)
                and (line["kind"] == "checkpoint" or isinstance(line.get("from_position"), int))
                and (line["kind"] == "checkpoint" or isinstance(line.get("entry_position"), int))
            )
        except json.JSONDecodeError:
            valid = False
        if not valid:
            problems.append(f"checkpoint file line {number}: not a checkpoint Onramp wrote")
        elif not _signature_holds(line):
            problems.append(f"checkpoint file line {number}: its signature does not match (changed, or forged)")
        else:
            lines.append((number, line))
    return lines, problems


def verify() -> tuple[int, list[str]]:
    """Seal, then walk the chain in order and check every checkpoint in ONRAMP_AUDIT_CHECKPOINT_FILE:
    (entries checked, problems naming the first broken entries and every checkpoint that no longer matches)."""
    seal()
    lines, problems = _read_checkpoints(settings.AUDIT_CHECKPOINT_FILE)
    wanted = {line["position"] for _, line in lines} | {line.get("entry_position") for _, line in lines}
    seen: dict[int, AuditEntry] = {}
    previous, checked = "", 0
    for page in _sealed_from(1):
        for entry in page:
            checked += 1
            problem = None
            if entry.previous_hash != previous:
                problem = f"entry {entry.pk}: its link to the entry before does not match (one was removed or changed)"
            elif entry.position != checked:
                problem = f"entry {entry.pk}: it is at place {entry.position} in the chain, not {checked}"
            elif entry.hash != entry_hash(entry):
                problem = f"entry {entry.pk}: its content does not match its hash (it was changed)"
            if problem and len(problems) < MAX_PROBLEMS:
                problems.append(problem)
            if entry.position in wanted:
                seen[checked] = entry
            previous = entry.hash
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", "last_position").first()
    if not problems and checked and head is not None and head != (previous, checked):
        problems.append("the newest entries were removed: the chain ends before its recorded head")
    problems += _checkpoint_problems(lines, seen, checked)
    return checked, problems


def _checkpoint_problems(lines: list[tuple[int, dict[str, Any]]], seen: dict[int, AuditEntry], end: int) -> list[str]:
    problems = []
    for index, (number, line) in enumerate(lines):
        # A recorded re-seal (pseudonymise) rewrote the chain from its from_position on: earlier checkpoints past
        # that point describe a chain that no longer exists, and the re-seal's own line takes their place.
        if any(
            later["kind"] == "reseal" and later["from_position"] <= line["position"] for _, later in lines[index + 1 :]
        ):
            continue
        where = f"checkpoint file line {number} ({line.get('at', 'no time')})"
        position = line["position"]
        if position > end:
            problems.append(f"{where}: the chain had {position:,} entries then and has {end:,} now (entries removed)")
        elif position and (position not in seen or seen[position].hash != line["hash"]):
            problems.append(f"{where}: the entry at place {position:,} has changed since (the chain was rewritten)")
        if line["kind"] == "reseal":
            entry = seen.get(line["entry_position"])
            if (
                entry is None
                or entry.action != "audit.pseudonymised"
                or entry.detail.get("from_position") != line["from_position"]
            ):
                problems.append(f"{where}: a re-seal the audit trail does not record")
    return problems


# Pseudonymisation ----------------------------------------------------------------------------------------------


def _scrub(value: Any, pattern: re.Pattern[str], replacement: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda _: replacement, value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):  # a phone or NHS number stored as a number
        return pattern.sub(lambda _: replacement, str(value)) if pattern.search(str(value)) else value
    if isinstance(value, list):
        return [_scrub(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {_scrub(k, pattern, replacement): _scrub(v, pattern, replacement) for k, v in value.items()}
    return value


def pseudonymise(*, target_type: str, target_id: str, words: Iterable[str], replacement: str, actor: Any = None) -> int:
    """For an erased person: replace each of ``words`` (their names, e-mail address, phone and NHS numbers…), as
    whole words, in any case, a run of them at once, in every entry's labels and detail (keys and values) with
    ``replacement`` ("erased young person #12"), re-seal the chain from the first entry changed, and record that it
    was done (with no personal details). Returns how many entries were rewritten.

    Re-sealing changes the hashes earlier checkpoints name, so a signed re-seal line goes to the checkpoint file
    once this commits: ``verify`` sets aside the checkpoints it supersedes only when the trail records it."""
    terms = sorted({word.strip() for word in words}, key=len, reverse=True)
    for word in terms:
        if len(word) < 2:
            raise ValueError(f"pseudonymise: {word!r} is too short to replace safely (words of 2 characters or more).")
    if not terms:
        raise ValueError("pseudonymise: give at least one word to replace (a name, an e-mail address…).")
    if not replacement.strip():
        raise ValueError("pseudonymise: the replacement must not be blank.")
    # Whole words only ("Khan", not the start of "Khanate"); a run of them ("Aisha Khan") becomes one replacement.
    any_word = "(?:" + "|".join(re.escape(word) for word in terms) + ")"
    pattern = re.compile(rf"(?<!\w){any_word}(?:\s+{any_word})*(?!\w)", re.IGNORECASE)
    fields = ["actor_label", "target_label", "detail"]
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        seal()
        rewritten, first, previous = 0, None, ""
        for page in _sealed_from(1):
            changed = []
            for entry in page:
                new = {name: _scrub(getattr(entry, name), pattern, replacement) for name in fields}
                new["actor_label"], new["target_label"] = new["actor_label"][:200], new["target_label"][:200]
                if any(new[name] != getattr(entry, name) for name in fields):
                    for name in fields:
                        setattr(entry, name, new[name])
                    rewritten += 1
                    first = entry.position if first is None else first
                if first is not None:  # from the first change on, every later link changes too
                    entry.previous_hash = previous
                    entry.hash = entry_hash(entry)
                    changed.append(entry)
                previous = entry.hash
            AuditEntry.objects.bulk_update(changed, [*fields, "previous_hash", "hash"], batch_size=500)
        if first is not None:
            head.refresh_from_db()
            head.last_hash = previous
            head.save(update_fields=["last_hash"])
        user, label = _actor(actor, None)
        note = AuditEntry.objects.create(
            at=timezone.now(),
            actor=user,
            actor_label=label,
            action="audit.pseudonymised",
            target_type=target_type,
            target_id=str(target_id),
            target_label=replacement[:200],
            detail={"entries_rewritten": rewritten, "from_position": first},
            source_ip=CURRENT_IP.get(),
        )
        seal()
        note.refresh_from_db()
        if first is not None:
            position, digest = _chain_end()
            line: dict[str, Any] = {"kind": "reseal", "at": timezone.now().astimezone(datetime.UTC).isoformat()}
            line |= {"from_position": first, "entry_position": note.position, "position": position, "hash": digest}
            transaction.on_commit(lambda: _append(_signed(line)))
    return rewritten


# The schedule --------------------------------------------------------------------------------------------------


class Schedule:
    """Seals every few seconds and writes a checkpoint every ONRAMP_AUDIT_CHECKPOINT_MINUTES, from ``onramp
    serve``'s loop. A database that is away is logged and tried again at the next turn."""

    def __init__(
        self,
        *,
        seal_seconds: float = 5.0,
        checkpoint_minutes: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.seal_seconds = seal_seconds
        minutes = settings.AUDIT_CHECKPOINT_MINUTES if checkpoint_minutes is None else checkpoint_minutes
        self.checkpoint_seconds = minutes * 60
        now = clock()
        self.next_seal = now
        self.next_checkpoint = now + self.checkpoint_seconds

    def tick(self) -> None:
        now = self.clock()
        try:
            if now >= self.next_seal:
                self.next_seal = now + self.seal_seconds
                seal()
            if self.checkpoint_seconds and now >= self.next_checkpoint:
                self.next_checkpoint = now + self.checkpoint_seconds
                checkpoint()
        except DatabaseError as error:
            logger.warning("Could not seal the audit trail (will try again): %s", error)
            connection.close()


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
