"""``onramp audit verify|seal|checkpoint``: check, chain and checkpoint the audit trail's signed hash chain."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onramp.core import audit


class Command(BaseCommand):
    help = (
        "verify: check the audit trail's signed hash chain and every checkpoint (any changed, removed or reordered "
        "entry is reported); seal: chain the entries written since the last seal; checkpoint: write the chain's "
        "head to the log and ONRAMP_AUDIT_CHECKPOINT_FILE now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal":
            self.stdout.write(f"Sealed {audit.seal():,} entries into the audit chain.")
            return
        if options["action"] == "checkpoint":
            line = audit.checkpoint()
            where = settings.AUDIT_CHECKPOINT_FILE or "the log only (ONRAMP_AUDIT_CHECKPOINT_FILE is not set)"
            self.stdout.write(f"Checkpoint at entry {line['position']:,} written to {where}.")
            return
        self.stderr.write("Checking the audit trail…")
        checked, problems = audit.verify()
        if problems:
            raise CommandError("The audit trail has been tampered with:\n  " + "\n  ".join(problems))
        path = settings.AUDIT_CHECKPOINT_FILE
        against = f"and against the checkpoints in {path}" if path else "(no ONRAMP_AUDIT_CHECKPOINT_FILE to check)"
        self.stdout.write(f"The audit trail verifies: {checked:,} entries, each chained to the one before, {against}.")
