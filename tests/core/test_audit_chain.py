"""The audit trail is a hash chain: it verifies, and a changed, removed or reordered entry is detected."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from onramp.core import audit
from onramp.core.models import AuditEntry


def test_the_chain_verifies_then_detects_tampering(world, people):
    checked, problems = audit.verify()
    assert problems == [] and checked == AuditEntry.objects.count() > 5
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "The audit trail verifies" in out.getvalue()
    victim = AuditEntry.objects.order_by("id")[3]
    AuditEntry.objects.filter(pk=victim.pk).update(detail={"changed": True})
    _, problems = audit.verify()
    assert problems == [f"entry {victim.pk}: its content does not match its hash (it was changed)"]
    with pytest.raises(CommandError, match="tampered with"):
        call_command("audit", "verify", stdout=out)


def test_a_removed_entry_breaks_the_next_link(world, people):
    entries = list(AuditEntry.objects.order_by("id"))
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    _, problems = audit.verify()
    assert problems[0].startswith(f"entry {entries[3].pk}: its link to the entry before does not match")


def test_removing_the_newest_entries_is_detected(world, people):
    AuditEntry.objects.order_by("-id").first().delete()
    _, problems = audit.verify()
    assert problems == ["the newest entries were removed: the chain ends before its recorded head"]


def test_entries_record_where_a_request_came_from(client_as, world, people):
    client_as("coordinator_kent").get(reverse("site:record", args=[people.kent.pk]), REMOTE_ADDR="203.0.113.9")
    entry = AuditEntry.objects.filter(action="young_person.viewed").latest("id")
    assert entry.source_ip == "203.0.113.9"
    assert audit.verify()[1] == []
