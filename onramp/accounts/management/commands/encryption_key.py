"""``onramp encryption_key``: print a new key for ONRAMP_ENCRYPTION_KEYS; with ``--rotate``, re-encrypt every
secret in the database under the first key (after putting a new key first and keeping the old one after it). It
lives in accounts because the secrets it re-encrypts are the accounts' two-factor keys."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from onramp.accounts.models import User
from onramp.core import crypto
from onramp.core.progress import Progress


class Command(BaseCommand):
    help = "Print a new encryption key, or re-encrypt the database's secrets under the first key (--rotate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rotate", action="store_true", help="Re-encrypt every secret under the first key.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["rotate"]:
            self.stdout.write(crypto.new_key())
            return
        users = User.objects.exclude(totp_secret_encrypted="").only("pk", "totp_secret_encrypted")
        progress = Progress("Re-encrypting two-factor secrets", users.count(), unit="accounts")
        with transaction.atomic():
            for user in users.select_for_update().iterator(chunk_size=500):
                user.totp_secret_encrypted = crypto.rotate(user.totp_secret_encrypted)
                user.save(update_fields=["totp_secret_encrypted"])
                progress.advance()
        progress.finish()
        self.stdout.write(f"Re-encrypted {progress.done:,} two-factor secrets under the first key.")
