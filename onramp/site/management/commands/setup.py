"""``onramp setup``: migrate the database and load the bundled reference data. Safe to run again."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from onramp.geography.loaders import bundle_is_loaded, load_bundle


class Command(BaseCommand):
    help = "Create or update the database and load the bundled reference data. Safe to run more than once."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        self.stdout.write("Updating the database…")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        if bundle_is_loaded():
            self.stdout.write("The bundled reference geography is already loaded.")
        else:
            self.stdout.write("Loading the bundled reference geography (England postcodes, LSOAs, IMD, ICBs)…")
            started = time.monotonic()
            load_bundle()
            self.stdout.write(f"Loaded in {time.monotonic() - started:.0f} seconds.")
        self.stdout.write(self.style.SUCCESS("The database is ready."))
