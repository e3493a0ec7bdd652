"""``onramp import participants|events|survey-responses FILE [--dry-run] [--ignore-unknown]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onramp.core.progress import Progress
from onramp.exchange.importers import IMPORTERS, run_import


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of participants, events or survey responses. All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(IMPORTERS), metavar="{participants,events,survey-responses}")
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument("--ignore-unknown", action="store_true", help="Skip columns Onramp does not know.")
        parser.add_argument("--programme", help="For participants: the programme's name (if there is more than one).")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = None if options["no_progress"] else Progress(f"Importing {options['file'].name}", None)
        result = run_import(
            options["kind"],
            options["file"],
            actor=None,
            dry_run=options["dry_run"],
            ignore_unknown=options["ignore_unknown"],
            progress=progress,
            programme=options["programme"],
        )
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")
        if not result.ok:
            for error in result.errors:
                self.stdout.write(error)
            self.stderr.write(
                f"{len(result.errors):,} problem{'s' if len(result.errors) != 1 else ''}: nothing was written."
            )
            sys.exit(1)
        prefix = "Dry run, nothing written. " if result.dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + result.summary()))
