"""``onramp geo``: look up postcodes, load official postcode and deprivation files, refresh enrichment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onramp.geography import loaders, selectors
from onramp.geography.services import refresh_all


class Command(BaseCommand):
    help = "Reference geography: lookup, load-postcodes, load-imd, refresh, status."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        lookup = commands.add_parser("lookup", help="Resolve postcodes to LSOA, deprivation and ICB.")
        lookup.add_argument("postcodes", nargs="+", metavar="POSTCODE")
        lookup.add_argument("--json", action="store_true", help="Print a JSON list, one object per postcode.")

        postcodes = commands.add_parser(
            "load-postcodes", help="Load the ONS NSPL or ONSPD (CSV, or the zip ONS publishes)."
        )
        postcodes.add_argument("file", type=Path, metavar="FILE")
        postcodes.add_argument("--version", dest="data_version", help="A label for this release (default: file name).")
        postcodes.add_argument("--replace", action="store_true", help="Remove postcodes that are not in the file.")

        imd = commands.add_parser("load-imd", help="Load MHCLG's File 7 (CSV) for IMD 2019 or 2025.")
        imd.add_argument("file", type=Path, metavar="FILE")
        imd.add_argument("--edition", type=int, choices=[2019, 2025], required=True)
        imd.add_argument("--version", dest="data_version", help="A label for this release (default: file name).")
        imd.add_argument("--replace", action="store_true", help="Clear deprivation for LSOAs not in the file.")

        commands.add_parser("refresh", help="Re-enrich every stored postcode from the data now loaded.")
        commands.add_parser("status", help="Show the datasets loaded, their versions and row counts.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "lookup":
            self.lookup(options["postcodes"], as_json=options["json"])
        elif action == "load-postcodes":
            self.load(
                lambda: loaders.load_postcodes(
                    options["file"], version=options["data_version"] or options["file"].name, replace=options["replace"]
                )
            )
        elif action == "load-imd":
            self.load(
                lambda: loaders.load_imd(
                    options["file"],
                    edition=options["edition"],
                    version=options["data_version"] or f"{options['file'].name} (IMD {options['edition']})",
                    replace=options["replace"],
                )
            )
            self.stdout.write("Run `onramp geo refresh` to re-enrich stored postcodes with it.")
        elif action == "refresh":
            counts = refresh_all()
            for label, count in counts.items():
                self.stdout.write(f"{label}: {count:,} re-enriched")
            self.stdout.write(self.style.SUCCESS("Enrichment is up to date with the loaded data."))
        elif action == "status":
            for version in selectors.loaded_datasets():
                self.stdout.write(f"{version.dataset:14} {version.rows:>10,}  {version.version}  ({version.source})")

    def lookup(self, inputs: list[str], *, as_json: bool) -> None:
        areas = selectors.lookup(inputs)
        if as_json:
            self.stdout.write(json.dumps([area.as_json() for area in areas], indent=2))
        else:
            headings = ["input", "postcode", "LSOA 2011", "IMD19", "LSOA 2021", "IMD25", "ICB", "terminated", "note"]
            rows = [
                [
                    area.input,
                    area.postcode or "",
                    area.lsoa11 or "",
                    _decile(area.imd2019_decile, area.imd2019_quintile),
                    area.lsoa21 or "",
                    _decile(area.imd2025_decile, area.imd2025_quintile),
                    f"{area.icb_ods} {area.icb_name}" if area.icb_ods else "",
                    "yes" if area.terminated else ("no" if area.terminated is not None else ""),
                    area.error or ("2021 LSOA is a best fit" if area.lsoa21_best_fit else ""),
                ]
                for area in areas
            ]
            widths = [max(len(str(row[i])) for row in [headings, *rows]) for i in range(len(headings))]
            for row in [headings, *rows]:
                self.stdout.write("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)))
        if not all(area.resolved for area in areas):
            raise SystemExit(1)

    def load(self, run: Any) -> None:
        try:
            report = run()
        except loaders.FileRefused as refused:
            for line in refused.lines():
                self.stderr.write(line)
            raise CommandError("The file was refused and nothing has changed.") from None
        self.stdout.write(self.style.SUCCESS(f"Loaded {report.version}: {report.summary()}."))


def _decile(decile: int | None, quintile: int | None) -> str:
    return f"d{decile} q{quintile}" if decile else ""
