"""Secrets kept in the database, encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under ENCRYPTION_KEYS.

The first key encrypts; every key is tried when decrypting, so a new key can be put first and old rows
re-encrypted with ``onramp encryption_key --rotate`` before the old key is dropped.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def encrypt(text: str) -> str:
    """The text encrypted; the empty string stays empty (nothing to hide, and "not set" stays visible)."""
    if not text:
        return ""
    return _current().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "A secret in the database cannot be decrypted with ONRAMP_ENCRYPTION_KEYS: was the key changed "
            "without keeping the old one?"
        ) from None


def rotate(token: str) -> str:
    """The token re-encrypted under the first key."""
    if not token:
        return ""
    try:
        return _current().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise ImproperlyConfigured(
            "A secret in the database cannot be decrypted with ONRAMP_ENCRYPTION_KEYS."
        ) from None
