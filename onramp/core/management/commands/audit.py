"""``onramp audit verify``: check the audit trail's hash chain from the first entry to the last."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onramp.core import audit


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain: any changed, removed or reordered entry is reported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        self.stderr.write("Checking the audit trail…")
        checked, problems = audit.verify()
        if problems:
            raise CommandError("The audit trail has been tampered with:\n  " + "\n  ".join(problems))
        self.stdout.write(f"The audit trail verifies: {checked:,} entries, each chained to the one before.")
