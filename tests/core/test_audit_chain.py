"""The audit trail is a hash chain signed with the audit key, sealed after entries are written and checkpointed
outside the database: it verifies, and a changed, removed or reordered entry is detected, even when whoever changed
it re-hashed the rest, with plain SHA-256 or with the key (docs/security.md, "The audit trail")."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from onramp.core import audit
from onramp.core.models import AuditChainHead, AuditEntry
from onramp.participants.models import YoungPerson


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


def _chain():
    return list(AuditEntry.objects.filter(position__isnull=False).order_by("position"))


def _rehash_from(position, digest):
    """What a tamperer with write access to the database does: re-hash every entry from ``position`` on with
    ``digest`` and move the head to match."""
    previous = AuditEntry.objects.get(position=position - 1).hash if position > 1 else ""
    for entry in AuditEntry.objects.filter(position__gte=position).order_by("position"):
        entry.previous_hash = previous
        entry.hash = previous = digest(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=entry.previous_hash, hash=entry.hash)
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def _plain_sha256(entry):
    content = [entry.position, entry.pk, entry.previous_hash, entry.at.astimezone(datetime.UTC).isoformat()]
    content += [entry.actor_id, entry.actor_label, entry.action, entry.target_type, entry.target_id]
    content += [entry.target_label, entry.detail, entry.source_ip]
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def test_the_chain_verifies_then_detects_tampering(world, people):
    checked, problems = audit.verify()
    assert problems == [] and checked == AuditEntry.objects.count() > 5
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "The audit trail verifies" in out.getvalue()
    victim = _chain()[3]
    AuditEntry.objects.filter(pk=victim.pk).update(detail={"changed": True})
    _, problems = audit.verify()
    assert problems == [f"entry {victim.pk}: its content does not match its hash (it was changed)"]
    with pytest.raises(CommandError, match="tampered with"):
        call_command("audit", "verify", stdout=out)


def test_entries_are_written_unsealed_and_sealed_in_order(world, people):
    entry = audit.record(actor=world.admin, action="audit.viewed")
    assert (entry.position, entry.hash) == (None, "")
    assert audit.seal() > 0 and audit.seal() == 0
    chain = _chain()
    assert [e.position for e in chain] == list(range(1, len(chain) + 1))
    assert [e.pk for e in chain] == sorted(e.pk for e in chain)  # committed in id order here, so sealed in id order
    assert AuditChainHead.objects.get(pk=1).last_position == len(chain)


def test_a_lower_id_committed_after_a_higher_one_is_chained_after_it(world, people):
    """On PostgreSQL a transaction that took a lower id can commit after one that took a higher id was sealed: the
    late entry is sealed next, after it, and the chain still verifies."""
    audit.seal()
    top = AuditEntry.objects.order_by("-id").first().pk
    fields = {"at": timezone.now(), "actor_label": "system", "action": "audit.viewed"}
    AuditEntry.objects.create(pk=top + 10, **fields)
    audit.seal()
    AuditEntry.objects.create(pk=top + 5, **fields)
    audit.seal()
    assert [e.pk for e in _chain()[-2:]] == [top + 10, top + 5]
    assert audit.verify()[1] == []


def test_a_removed_entry_breaks_the_next_link(world, people):
    audit.seal()
    entries = _chain()
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    _, problems = audit.verify()
    assert problems[0].startswith(f"entry {entries[3].pk}: its link to the entry before does not match")


def test_removing_the_newest_entries_is_detected(world, people):
    audit.seal()
    AuditEntry.objects.filter(position__isnull=False).order_by("-position").first().delete()
    _, problems = audit.verify()
    assert problems == ["the newest entries were removed: the chain ends before its recorded head"]


def test_entries_record_where_a_request_came_from(client_as, world, people):
    client_as("coordinator_kent").get(reverse("site:record", args=[people.kent.pk]), REMOTE_ADDR="203.0.113.9")
    entry = AuditEntry.objects.filter(action="young_person.viewed").latest("id")
    assert entry.source_ip == "203.0.113.9"
    assert audit.verify()[1] == []


def test_re_hashing_the_rest_with_plain_sha256_is_detected(world, people):
    audit.seal()
    victim = _chain()[3]
    AuditEntry.objects.filter(pk=victim.pk).update(detail={"changed": True})
    _rehash_from(victim.position, _plain_sha256)
    _, problems = audit.verify()
    assert problems[0] == f"entry {victim.pk}: its content does not match its hash (it was changed)"


def test_re_hashing_everything_with_the_key_is_caught_by_an_earlier_checkpoint(world, people, checkpoints):
    audit.checkpoint()
    audit.record(actor=world.admin, action="audit.viewed")
    audit.checkpoint()
    victim = _chain()[3]
    AuditEntry.objects.filter(pk=victim.pk).update(detail={"changed": True})
    _rehash_from(victim.position, audit.entry_hash)
    _, problems = audit.verify()
    assert len(problems) == 2
    assert all("has changed since (the chain was rewritten)" in problem for problem in problems)
    assert problems[0].startswith("checkpoint file line 1 (")


def test_deleting_the_newest_entries_and_the_head_is_caught_by_a_checkpoint(world, people, checkpoints):
    audit.checkpoint()
    newest = _chain()[-2:]
    AuditEntry.objects.filter(pk__in=[entry.pk for entry in newest]).delete()
    AuditChainHead.objects.filter(pk=1).update(last_hash=_chain()[-1].hash, last_position=len(_chain()))
    _, problems = audit.verify()
    end = newest[-1].position
    assert problems == [
        f"checkpoint file line 1 ({json.loads(checkpoints.read_text())['at']}): the chain had {end:,} entries "
        f"then and has {end - 2:,} now (entries removed)"
    ]


def test_a_clean_chain_with_checkpoints_verifies(world, people, checkpoints):
    out = io.StringIO()
    call_command("audit", "checkpoint", stdout=out)
    assert f"written to {checkpoints}" in out.getvalue()
    audit.record(actor=world.admin, action="audit.viewed")
    audit.checkpoint()
    lines = [json.loads(line) for line in checkpoints.read_text().splitlines()]
    assert [line["position"] for line in lines] == [lines[0]["position"], lines[0]["position"] + 1]
    assert {line["kind"] for line in lines} == {"checkpoint"} and all(len(line["mac"]) == 64 for line in lines)
    call_command("audit", "verify", stdout=out)
    assert f"against the checkpoints in {checkpoints}" in out.getvalue()


def test_a_forged_checkpoint_line_is_reported(world, people, checkpoints):
    line = audit.checkpoint()
    checkpoints.write_text(json.dumps({**line, "position": 1}) + "\nnot json\n")
    _, problems = audit.verify()
    assert problems == [
        "checkpoint file line 1: its signature does not match (changed, or forged)",
        "checkpoint file line 2: not a checkpoint Onramp wrote",
    ]


def test_record_many_and_record_interleaved_verify(world, people, checkpoints):
    young = list(YoungPerson.objects.order_by("pk"))
    audit.record(actor=world.admin, action="audit.viewed")
    audit.record_many(
        actor=world.admin,
        action="import.completed",
        model=YoungPerson,
        entries=[(person.pk, str(person), {"row": number}) for number, person in enumerate(young, start=2)],
    )
    audit.checkpoint()
    audit.record(actor=world.admin, action="audit.viewed")
    audit.record_many(actor=None, action="import.completed", model=YoungPerson, entries=[(young[0].pk, "x", {})])
    audit.record(actor=world.admin, action="audit.viewed")
    assert audit.verify() == (AuditEntry.objects.count(), [])
    assert [e.action for e in _chain()[-3:]] == ["audit.viewed", "import.completed", "audit.viewed"]


def test_the_schedule_seals_and_checkpoints(world, people, checkpoints, caplog):
    now = [0.0]
    schedule = audit.Schedule(seal_seconds=5, checkpoint_minutes=60, clock=lambda: now[0])
    schedule.tick()
    assert not AuditEntry.objects.filter(position__isnull=True).exists() and not checkpoints.exists()
    audit.record(actor=world.admin, action="audit.viewed")
    now[0] = 4
    schedule.tick()
    assert AuditEntry.objects.filter(position__isnull=True).count() == 1  # not yet: every 5 seconds
    now[0] = 3600
    with caplog.at_level("INFO", logger="onramp.audit"):
        schedule.tick()
    assert not AuditEntry.objects.filter(position__isnull=True).exists()
    assert json.loads(checkpoints.read_text())["position"] == len(_chain())
    assert "audit checkpoint" in caplog.text


def test_the_schedule_survives_the_database_going_away(monkeypatch, caplog):
    def fail():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(audit, "seal", fail)
    with caplog.at_level("WARNING", logger="onramp.audit"):
        audit.Schedule(clock=lambda: 0.0).tick()
    assert "Could not seal the audit trail (will try again): connection refused" in caplog.text
