"""``audit.pseudonymise`` takes an erased person's details out of every audit entry, re-seals the chain from the
first entry it changed, records that it did, and leaves ``onramp audit verify`` passing, checkpoints and all."""

import json

import pytest

from onramp.core import audit
from onramp.core.models import AuditChainHead, AuditEntry


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


def _mentions(text):
    return [
        entry.pk
        for entry in AuditEntry.objects.all()
        if text.lower() in f"{entry.actor_label} {entry.target_label} {json.dumps(entry.detail)}".lower()
    ]


def _pseudonymise(person, **kwargs):
    return audit.pseudonymise(
        target_type="participants.youngperson",
        target_id=str(person.pk),
        words=["Aisha", "Khan", "aisha@example.org", "07700 900123"],
        replacement=f"erased young person #{person.pk}",
        **kwargs,
    )


def test_every_mention_is_replaced_and_the_chain_still_verifies(
    world, people, checkpoints, django_capture_on_commit_callbacks
):
    kent = people.kent
    audit.record(actor=world.admin, action="user.viewed", detail={"note": "rang AISHA about Khanate", "n": 7700})
    audit.record(actor=world.admin, action="user.viewed", detail={"Aisha Khan": ["aisha@example.org", 1]})
    audit.record(actor=world.admin, action="user.viewed", actor_label="Khan", detail={"phone": "07700 900123"})
    audit.checkpoint()
    before = audit.verify()
    assert before[1] == [] and _mentions("aisha")
    with django_capture_on_commit_callbacks(execute=True):
        rewritten = _pseudonymise(kent, actor=world.admin)
    assert rewritten >= 4 and _mentions("aisha") == [] and _mentions("07700") == []
    tag = f"erased young person #{kent.pk}"
    assert AuditEntry.objects.filter(target_label=tag, action="young_person.registered").exists()
    details = [entry.detail for entry in AuditEntry.objects.filter(action="user.viewed").order_by("id")]
    # Whole words only, in any case, a run of them at once: "Khanate" and the number 7700 are left alone.
    assert details[-3:] == [
        {"note": f"rang {tag} about Khanate", "n": 7700},
        {tag: [tag, 1]},
        {"phone": tag},
    ]
    note = AuditEntry.objects.get(action="audit.pseudonymised")
    assert (note.target_type, note.target_id, note.target_label) == ("participants.youngperson", str(kent.pk), tag)
    assert note.detail["entries_rewritten"] == rewritten and "Aisha" not in json.dumps(note.detail)
    lines = [json.loads(line) for line in checkpoints.read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["checkpoint", "reseal"]
    assert lines[1]["entry_position"] == note.position and lines[1]["from_position"] == note.detail["from_position"]
    assert audit.verify() == (AuditEntry.objects.count(), [])


def test_a_checkpoint_before_the_first_change_still_catches_a_rewrite(
    world, people, checkpoints, django_capture_on_commit_callbacks
):
    audit.seal()
    first_mention = AuditEntry.objects.filter(position__isnull=False, pk__in=_mentions("aisha")).order_by("position")
    early = first_mention.first().position - 1
    assert early >= 1
    audit.checkpoint()
    # Only what the checkpoint at the end covers is superseded; one at an earlier position is still checked.
    line = json.loads(checkpoints.read_text())
    early_line = audit._signed(
        {**{k: v for k, v in line.items() if k != "mac"}, "position": early}
        | {"hash": AuditEntry.objects.get(position=early).hash}
    )
    with checkpoints.open("a") as file:
        file.write(json.dumps(early_line) + "\n")
    with django_capture_on_commit_callbacks(execute=True):
        _pseudonymise(people.kent)
    assert audit.verify()[1] == []
    # Someone holding the key rewrites the entry at that position and re-hashes everything after it.
    victim = AuditEntry.objects.get(position=early)
    AuditEntry.objects.filter(pk=victim.pk).update(detail={"changed": True})
    previous = AuditEntry.objects.get(position=early - 1).hash if early > 1 else ""
    for entry in AuditEntry.objects.filter(position__gte=early).order_by("position"):
        entry.previous_hash = previous
        entry.hash = previous = audit.entry_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=entry.previous_hash, hash=entry.hash)
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)
    _, problems = audit.verify()
    assert problems[0].startswith("checkpoint file line 2 (") and "has changed since" in problems[0]


def test_a_reseal_line_the_trail_does_not_record_supersedes_nothing(world, people, checkpoints):
    """Someone holding the key who rewrites the chain cannot excuse it with a re-seal line of their own: verify
    accepts a re-seal only when the trail records the pseudonymisation at the place the line names."""
    audit.checkpoint()
    victim = AuditEntry.objects.get(position=3)
    AuditEntry.objects.filter(pk=victim.pk).update(detail={"changed": True})
    previous = AuditEntry.objects.get(position=2).hash
    for entry in AuditEntry.objects.filter(position__gte=3).order_by("position"):
        entry.previous_hash = previous
        entry.hash = previous = audit.entry_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=entry.previous_hash, hash=entry.hash)
    end = AuditEntry.objects.order_by("-position").first()
    forged = audit._signed(
        {"kind": "reseal", "at": "now", "from_position": 3, "entry_position": end.position}
        | {"position": end.position, "hash": end.hash}
    )
    AuditChainHead.objects.filter(pk=1).update(last_hash=end.hash)
    with checkpoints.open("a") as file:
        file.write(json.dumps(forged) + "\n")
    _, problems = audit.verify()
    assert problems == ["checkpoint file line 2 (now): a re-seal the audit trail does not record"]


def test_nothing_to_replace_is_recorded_and_writes_no_reseal(world, people, checkpoints):
    audit.checkpoint()
    assert audit.pseudonymise(target_type="x", target_id="1", words=["Zebedee"], replacement="erased #1") == 0
    assert AuditEntry.objects.get(action="audit.pseudonymised").detail == {
        "entries_rewritten": 0,
        "from_position": None,
    }
    assert [json.loads(line)["kind"] for line in checkpoints.read_text().splitlines()] == ["checkpoint"]
    assert audit.verify()[1] == []


@pytest.mark.parametrize(
    ("words", "replacement", "message"),
    [
        ([], "erased #1", "give at least one word"),
        (["A", "Khan"], "erased #1", "'A' is too short"),
        (["Khan"], " ", "replacement must not be blank"),
    ],
)
def test_bad_arguments_are_refused(world, words, replacement, message):
    with pytest.raises(ValueError, match=message):
        audit.pseudonymise(target_type="x", target_id="1", words=words, replacement=replacement)
