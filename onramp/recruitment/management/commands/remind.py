"""``onramp remind interviews [--dry-run]``: remind young people of tomorrow's interviews (the next working day's),
and tell each provider's key contacts, on both sides, about guaranteed interviews near or past their deadline.
Meant to run each working morning (cron or a scheduler); running it again the same day sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onramp.recruitment import notices


class Command(BaseCommand):
    help = "Remind young people of interviews on the next working day, and providers of interview deadlines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["interviews"], help="What to remind people about.")
        parser.add_argument("--dry-run", action="store_true", help="Say who would be told, and send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        reminders = notices.interview_reminders(dry_run=dry_run)
        deadlines = notices.entitlement_deadline_warnings(dry_run=dry_run, warn=self.stderr.write)
        for line in reminders.lines + deadlines.lines:
            self.stdout.write(line)
        self.stdout.write(
            f"Interview reminders: {reminders.sent} sent, {reminders.skipped} already sent. "
            f"Deadline warnings to key contacts: {deadlines.sent} sent, {deadlines.skipped} already sent today."
        )
