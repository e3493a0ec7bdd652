"""``onramp sroi --config FILE --from DATE --to DATE [--icb ODS[,ODS…]] [--json]``: social return on investment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onramp.evaluation.management.commands.report import _date
from onramp.evaluation.sroi import ConfigError, for_period, load_config


class Command(BaseCommand):
    help = "Social return on investment for a configuration (see docs/metrics.md), with sensitivity analysis."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--config", type=Path, required=True, help="The SROI configuration (JSON).")
        parser.add_argument("--from", dest="start", required=True, help="First day of the period, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day of the period, YYYY-MM-DD.")
        parser.add_argument("--icb", help="ICB ODS codes, comma-separated (default: national).")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to is before --from.")
        try:
            config = load_config(options["config"])
        except ConfigError as error:
            for line in error.errors:
                self.stderr.write(f"{options['config']}: {line}")
            raise CommandError("The configuration was refused.") from None
        icbs = [code for code in options["icb"].split(",") if code.strip()] if options["icb"] else None
        result = for_period(config, start=start, end=end, icbs=icbs)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(
            f"Investment £{result['investment']:,.2f}; present value £{result['present_value']:,.2f}; "
            f"net present value £{result['net_present_value']:,.2f}; "
            f"£{result['ratio']:.2f} of social value for every £1."
        )
        for row, outcome in zip(result["outcomes"], config.outcomes, strict=True):
            self.stdout.write(
                f"  {row['name']}: quantity {row['quantity']:,g}, impact £{row['impact']:,.2f} a year, "
                f"present value £{row['present_value']:,.2f} (source: {outcome.source})"
            )
        self.stdout.write("Sensitivity of the ratio (each parameter moved by -50%, -25%, +25%, +50%):")
        for item in result["sensitivity"]:
            self.stdout.write(f"  {item['parameter']:15} {item['low']:.2f} to {item['high']:.2f}")
