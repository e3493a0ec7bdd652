"""``onramp report headline --from DATE --to DATE [--as-of DATE] [--icb ODS[,ODS…]] [--json]`` and
``onramp report return --from DATE --to DATE [--icb …] [--exact] --output FILE.xlsx|FILE.csv`` and
``onramp report refresh [--national-only]`` (for cron: the dashboards' default figures, stored as snapshots)."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onramp.core import audit
from onramp.evaluation import snapshots
from onramp.evaluation.disclosure import publish_headline
from onramp.evaluation.headline import headline
from onramp.evaluation.report import build


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date written YYYY-MM-DD.") from None


def _n(value: int | None) -> str:
    return "[c]" if value is None else f"{value:,}"  # [c]: hidden by disclosure control, as ONS marks it


class Command(BaseCommand):
    help = "Report the headline figures, computed from the journey event log (definitions: docs/metrics.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        reports = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        figures = reports.add_parser("headline", help="Supported, offers, roles, diversity, deprivation, retention.")
        figures.add_argument("--from", dest="start", required=True, help="First day of the period, YYYY-MM-DD.")
        figures.add_argument("--to", dest="end", required=True, help="Last day of the period, YYYY-MM-DD.")
        figures.add_argument("--as-of", dest="as_of", help="Retention is judged on this day (default: --to).")
        figures.add_argument("--icb", help="ICB ODS codes, comma-separated (default: national).")
        figures.add_argument("--json", action="store_true", help="Print JSON.")
        figures.add_argument(
            "--publish",
            action="store_true",
            help="Apply disclosure control (counts of 1 to 4 hidden, with secondary suppression).",
        )

        funder = reports.add_parser("return", help="The funder return: XLSX (a sheet per breakdown) or CSV.")
        funder.add_argument("--from", dest="start", required=True, help="First day of the period, YYYY-MM-DD.")
        funder.add_argument("--to", dest="end", required=True, help="Last day of the period, YYYY-MM-DD.")
        funder.add_argument("--as-of", dest="as_of", help="Retention is judged on this day (default: --to).")
        funder.add_argument("--icb", help="ICB ODS codes, comma-separated (default: national).")
        funder.add_argument(
            "--exact", action="store_true", help="Exact figures, not for publication (default: published figures)."
        )
        funder.add_argument("--output", required=True, help="The file to write: its name ends .xlsx or .csv.")

        refresh = reports.add_parser(
            "refresh",
            help="Compute the dashboards' default figures now and store them (national, each ICB and each region; "
            "exact and published). Run it from cron, every few minutes to an hour, and just after midnight.",
        )
        refresh.add_argument("--national-only", action="store_true", help="Only the national figures.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "refresh":
            self._refresh(national_only=options["national_only"])
            return
        start, end = _date(options["start"]), _date(options["end"])
        as_of = _date(options["as_of"]) if options["as_of"] else None
        if end < start:
            raise CommandError("--to is before --from.")
        icbs = [code for code in options["icb"].split(",") if code.strip()] if options["icb"] else None
        if icbs is not None and not icbs:
            raise CommandError("--icb names no ICB.")
        if options["report"] == "return":
            self._return(start=start, end=end, as_of=as_of, icbs=icbs, exact=options["exact"], output=options["output"])
            return
        report = headline(start=start, end=end, as_of=as_of, icbs=icbs)
        if options["publish"]:
            report = publish_headline(report)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        self.stdout.write(
            f"Headline figures, {report['period']['from']} to {report['period']['to']} "
            f"(retention as of {report['period']['as_of']}); "
            f"{'ICBs ' + ', '.join(report['scope']['icb']) if report['scope']['icb'] else 'national'}"
        )
        metrics = report["metrics"]
        for name, value in metrics.items():
            if name == "survey":
                continue
            if "count" in value:
                self.stdout.write(f"  {name:28} {_n(value['count']):>8}")
            else:
                shown = "no rate" if value["rate"] is None else f"{value['rate']:.1%}"
                extra = "".join(f", {key} {_n(value[key])}" for key in ("unknown", "pending") if key in value)
                self.stdout.write(
                    f"  {name:28} {_n(value['numerator']):>8} of {_n(value['denominator'])} ({shown}){extra}"
                )
        for row in metrics["survey"]:
            shown = "no rate" if row["rate"] is None else f"{row['rate']:.1%}"
            self.stdout.write(
                f"  survey {row['survey']}/{row['question']}: {_n(row['numerator'])} yes of "
                f"{_n(row['denominator'])} ({shown})"
            )

    def _return(
        self,
        *,
        start: datetime.date,
        end: datetime.date,
        as_of: datetime.date | None,
        icbs: list[str] | None,
        exact: bool,
        output: str,
    ) -> None:
        # Imported here: returns loads openpyxl, which only `report return` needs (headline, refresh start faster).
        from onramp.evaluation import returns

        path = Path(output)
        if path.suffix.lower() not in {".xlsx", ".csv"}:
            raise CommandError("--output must end .xlsx or .csv.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        self.stderr.write("Computing the figures…")
        report = build(start=start, end=end, as_of=as_of, icbs=icbs, published=not exact, with_spc=False)
        words = f"ICBs {', '.join(icbs)}" if icbs else "national"
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(returns.xlsx(report, scope_words=words))
        else:
            path.write_text(returns.csv_text(report, scope_words=words), encoding="utf-8-sig")
        audit.record(
            actor=None,
            actor_label="command line",
            action="export.downloaded",
            detail={
                "export": f"funder return ({path.suffix.lower()[1:]})",
                "figures": "exact" if exact else "published",
                "from": start.isoformat(),
                "to": end.isoformat(),
                "icb": icbs,
            },
        )
        self.stdout.write(f"Wrote {report.kind.lower()} to {path}.")

    def _refresh(self, *, national_only: bool) -> None:
        keys = [key for key in snapshots.default_keys(timezone.localdate()) if not national_only or key.icbs is None]
        began = time.perf_counter()
        for number, key in enumerate(keys, 1):
            scope = "national" if key.icbs is None else "ICBs " + ", ".join(key.icbs)
            self.stdout.write(
                f"[{number}/{len(keys)}] exact and published figures, {key.start} to {key.end}, {scope}…", ending=""
            )
            self.stdout.flush()
            snapshot = snapshots.refresh(key)
            self.stdout.write(f" {snapshot.seconds:.1f} s")
        self.stdout.write(f"Stored {2 * len(keys)} snapshots in {time.perf_counter() - began:.1f} s.")
