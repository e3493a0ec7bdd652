"""``onramp check_ins remind [--dry-run]``: tell each coordinator how many check-ins in their caseload are missed
or due in the next 7 days (counts only), and remind each young person of their own check-in due in the next 7
days. Meant to run each working morning; running it again the same day sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onramp.support import notices


class Command(BaseCommand):
    help = "Remind coordinators of check-ins missed or due in the next 7 days, and young people of their own."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--dry-run", action="store_true", help="Say who would be told, and send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        staff, people = notices.check_in_reminders(dry_run=options["dry_run"], warn=self.stderr.write)
        for line in staff.lines + people.lines:
            self.stdout.write(line)
        self.stdout.write(
            f"Coordinators: {staff.sent} told, {staff.skipped} already told today. "
            f"Young people: {people.sent} reminded, {people.skipped} already reminded."
        )
