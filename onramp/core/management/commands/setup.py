"""``onramp setup``: migrate the database and load the bundled reference data. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create or update the database and load the bundled reference data. Safe to run more than once."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        self.stdout.write("Updating the database…")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        self.stdout.write(self.style.SUCCESS("The database is ready."))
