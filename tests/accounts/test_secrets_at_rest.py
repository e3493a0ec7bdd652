"""Two-factor secrets are encrypted in the database, under keys that can be rotated."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from onramp.accounts.models import User
from onramp.core import crypto, totp
from onramp.env import encryption_keys


def _stored(user):
    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret_encrypted FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def test_the_secret_is_stored_encrypted_and_read_back(world):
    user = world.coordinator_kent
    secret = totp.new_secret()
    user.totp_secret = secret
    user.save(update_fields=["totp_secret_encrypted"])
    stored = _stored(user)
    assert stored and secret not in stored
    assert User.objects.get(pk=user.pk).totp_secret == secret
    user.totp_secret = ""
    assert user.totp_secret_encrypted == ""


def test_keys_rotate_without_losing_secrets(world, settings):
    old, new = settings.ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    user = world.coordinator_kent
    secret = totp.new_secret()
    user.totp_secret = secret
    user.save(update_fields=["totp_secret_encrypted"])
    settings.ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("encryption_key", rotate=True, stdout=out)
    assert "Re-encrypted 1 two-factor secrets" in out.getvalue()
    settings.ENCRYPTION_KEYS = [new]
    assert User.objects.get(pk=user.pk).totp_secret == secret
    settings.ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        User.objects.get(pk=user.pk).totp_secret  # noqa: B018


def test_the_command_prints_a_usable_key(db):
    out = io.StringIO()
    call_command("encryption_key", stdout=out)
    key = out.getvalue().strip()
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"


def test_keys_are_read_from_the_environment_or_made_once(tmp_path, monkeypatch):
    monkeypatch.delenv("ONRAMP_ENCRYPTION_KEYS", raising=False)
    made = encryption_keys(tmp_path)
    assert encryption_keys(tmp_path) == made and (tmp_path / "encryption_key").stat().st_mode & 0o777 == 0o600
    good = Fernet.generate_key().decode()
    monkeypatch.setenv("ONRAMP_ENCRYPTION_KEYS", f"{good}, not-a-key")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key"):
        encryption_keys(tmp_path)
    monkeypatch.setenv("ONRAMP_ENCRYPTION_KEYS", good)
    assert encryption_keys(tmp_path) == [good]


def test_the_empty_secret_stays_empty():
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""
