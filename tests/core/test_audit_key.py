"""ONRAMP_AUDIT_KEY and the checkpoint settings: read from the environment, refused loudly when malformed."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from onramp import env
from onramp.core import audit
from onramp.core.models import AuditEntry


def test_the_key_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ONRAMP_AUDIT_KEY", "k" * 20 + "-audit-key-" + "z" * 20)
    assert env.audit_key(tmp_path) == "k" * 20 + "-audit-key-" + "z" * 20
    assert not (tmp_path / "audit_key").exists()


@pytest.mark.parametrize("value", ["short", "a" * 40])
def test_a_weak_key_is_refused(monkeypatch, tmp_path, value):
    monkeypatch.setenv("ONRAMP_AUDIT_KEY", value)
    with pytest.raises(ImproperlyConfigured, match="ONRAMP_AUDIT_KEY must be at least 32 characters"):
        env.audit_key(tmp_path)


def test_unset_a_key_is_generated_once_under_var(monkeypatch, tmp_path):
    monkeypatch.delenv("ONRAMP_AUDIT_KEY", raising=False)
    key = env.audit_key(tmp_path)
    assert len(key) >= 32 and env.audit_key(tmp_path) == key
    assert (tmp_path / "audit_key").stat().st_mode & 0o777 == 0o600


def test_the_checkpoint_file_must_be_an_absolute_file(monkeypatch, tmp_path):
    monkeypatch.delenv("ONRAMP_AUDIT_CHECKPOINT_FILE", raising=False)
    assert env.audit_checkpoint_file() is None
    monkeypatch.setenv("ONRAMP_AUDIT_CHECKPOINT_FILE", str(tmp_path / "checkpoints.jsonl"))
    assert env.audit_checkpoint_file() == tmp_path / "checkpoints.jsonl"
    monkeypatch.setenv("ONRAMP_AUDIT_CHECKPOINT_FILE", "checkpoints.jsonl")
    with pytest.raises(ImproperlyConfigured, match="must be an absolute path"):
        env.audit_checkpoint_file()
    monkeypatch.setenv("ONRAMP_AUDIT_CHECKPOINT_FILE", str(tmp_path))
    with pytest.raises(ImproperlyConfigured, match="names a directory"):
        env.audit_checkpoint_file()


def test_checkpoint_minutes_must_not_be_negative(monkeypatch):
    monkeypatch.setenv("ONRAMP_AUDIT_CHECKPOINT_MINUTES", "-1")
    with pytest.raises(ImproperlyConfigured, match="ONRAMP_AUDIT_CHECKPOINT_MINUTES must be 0 or more"):
        env.audit_checkpoint_minutes()


def test_a_chain_sealed_with_another_key_does_not_verify(world, settings):
    """The key is what makes the chain unforgeable: the same entries, checked with another key, fail."""
    assert audit.verify()[1] == []
    settings.AUDIT_KEY = "another-key-" + "q" * 30
    _, problems = audit.verify()
    first = AuditEntry.objects.get(position=1)
    assert problems[0] == f"entry {first.pk}: its content does not match its hash (it was changed)"


def test_the_upgrade_re_seals_a_sha256_chain_with_the_key(world):
    """Migration 0003 seals the entries of the old, plain SHA-256 chain with the key, oldest first."""
    import importlib

    from django.apps import apps

    from onramp.core.models import AuditChainHead

    upgrade = importlib.import_module("onramp.core.migrations.0003_audit_sealed_with_key")
    AuditEntry.objects.update(position=None, previous_hash="", hash="0" * 64)  # as 0002 left them, near enough
    AuditChainHead.objects.all().delete()
    upgrade.seal_existing_with_the_key(apps, None)
    chain = list(AuditEntry.objects.order_by("position"))
    assert [entry.pk for entry in chain] == sorted(entry.pk for entry in chain)
    assert AuditChainHead.objects.get(pk=1).last_position == len(chain) > 5
    assert audit.verify() == (len(chain), [])
