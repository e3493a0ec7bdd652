"""API tokens: created, found by their hash, expired and revoked."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import ApiToken, User
from onramp.core import audit


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor: User | None, user: User, name: str = "", expires_in_days: int | None = None) -> str:
    """Create a token and return it: the only time it is ever shown."""
    prefix = secrets.token_hex(4)
    token = f"onr_{prefix}_{secrets.token_urlsafe(32)}"
    expires = timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
    record = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash(token), expires_at=expires)
    audit.record(
        actor=actor,
        action="token.created",
        target=user,
        detail={"prefix": record.prefix, "expires_at": expires.isoformat() if expires else None},
    )
    return token


@transaction.atomic
def revoke_token(*, actor: User | None, prefix: str) -> ApiToken:
    record = ApiToken.objects.select_for_update().get(prefix=prefix)
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="token.revoked", target=record.user, detail={"prefix": prefix})
    return record


def user_for(token: str) -> User | None:
    """The active user a token belongs to, or None if it is unknown, expired or revoked."""
    if not token.startswith("onr_"):
        return None
    record = ApiToken.objects.usable().select_related("user").filter(key_hash=_hash(token)).first()
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
