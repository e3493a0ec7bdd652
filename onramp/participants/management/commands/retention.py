"""``onramp retention [--years N] [--apply]``: pseudonymise young people whose last contact is more than N years
ago (default: the ONRAMP_RETENTION_YEARS setting, 6). Without --apply it only reports (a dry run)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from onramp.core.progress import Progress
from onramp.participants import erasure


class Command(BaseCommand):
    help = "Apply the retention policy: erase personal details of records past it (a dry run unless --apply)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=None, help="Keep records this many years after last contact.")
        parser.add_argument("--apply", action="store_true", help="Erase them; without it, only report.")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] or settings.RETENTION_YEARS
        due = erasure.expired(years=years)
        self.stdout.write(f"{len(due):,} young people had their last contact more than {years} years ago.")
        if not options["apply"]:
            for person in due[:20]:
                self.stdout.write(f"  would erase record {person.pk} (last contact {erasure.last_contact(person)})")
            self.stdout.write("Dry run: nothing changed. Run again with --apply to erase them.")
            return
        bar = Progress("Erasing", len(due), unit="records")
        for person in due:
            erasure.erase(actor=None, person=person, reason=f"retention policy: {years} years after last contact")
            bar.advance()
        bar.finish(f"{len(due):,} erased")
