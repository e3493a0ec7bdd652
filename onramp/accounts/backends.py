"""Sign in with an e-mail address (or a username) and a password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from onramp.accounts.models import User


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        login = (username or kwargs.get("email") or "").strip()
        if not login or password is None:
            return None
        field = "email__iexact" if "@" in login else "username__iexact"
        user = User.objects.filter(**{field: login}).first()
        if user is None:
            # Spend the same time hashing as a real check, so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
