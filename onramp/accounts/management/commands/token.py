"""``onramp token create USERNAME`` (prints only the token), ``onramp token revoke PREFIX``, ``onramp token list``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onramp.accounts import tokens
from onramp.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create a token for a user and print it (only the token).")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for.")
        create.add_argument("--expires-days", type=int, help="Days until it expires (default: never).")
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix (the part after onr_).")
        revoke.add_argument("prefix")
        listing = actions.add_parser("list", help="List tokens (never the tokens themselves).")
        listing.add_argument("username", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            user = User.objects.filter(username__iexact=options["username"]).first()
            if user is None:
                raise CommandError(f"No account has the username {options['username']!r}.")
            if options["expires_days"] is not None and not 1 <= options["expires_days"] <= 3650:
                raise CommandError("--expires-days must be from 1 to 3650 (ten years).")
            self.stdout.write(
                tokens.create_token(
                    actor=None, user=user, name=options["name"], expires_in_days=options["expires_days"]
                )
            )
        elif options["action"] == "revoke":
            try:
                record = tokens.revoke_token(actor=None, prefix=options["prefix"])
            except ApiToken.DoesNotExist:
                raise CommandError(f"No token has the prefix {options['prefix']!r}.") from None
            self.stdout.write(f"Revoked {record.prefix} of {record.user.username}.")
        else:
            records = ApiToken.objects.select_related("user")
            if options["username"]:
                records = records.filter(user__username__iexact=options["username"])
            for record in records:
                state = (
                    "revoked"
                    if record.revoked_at
                    else ("expires " + record.expires_at.date().isoformat() if record.expires_at else "no expiry")
                )
                self.stdout.write(f"{record.prefix}  {record.user.username:20}  {state:20}  {record.name}")
