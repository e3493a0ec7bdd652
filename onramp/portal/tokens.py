"""Sign-in links for young people: signed, for one account, good for LINK_MINUTES and for one sign-in.

Built on Django's password-reset tokens with their own salt: the token covers the account's last sign-in, so
signing in with it (which moves ``last_login``) spends it, and a changed password or e-mail address spends it too.
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from onramp.accounts.models import User

LINK_MINUTES = 30


class SignInLinkTokens(PasswordResetTokenGenerator):
    key_salt = "onramp.portal.tokens.SignInLinkTokens"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        assert token is not None
        issued = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - issued <= LINK_MINUTES * 60


links = SignInLinkTokens()


def link_path(user: User) -> tuple[str, str]:
    """The (uidb64, token) pair for a user's sign-in link."""
    return urlsafe_base64_encode(force_bytes(user.pk)), links.make_token(user)
