"""The funder return: an XLSX workbook (about, headline, targets, funnel, a sheet per breakdown,
representativeness, definitions) and the same figures as one long CSV. Hidden cells are written "[c]", the
Government Statistical Service's mark for figures withheld to protect confidentiality."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from onramp.core.tabular import formula_safe as safe
from onramp.evaluation.breakdowns import Breakdown
from onramp.evaluation.definitions import CENSUS_ATTRIBUTION, DEFINITIONS
from onramp.evaluation.report import COUNTS, Report
from onramp.evaluation.statistics import wilson

HIDDEN = "[c]"
SHEETS = {
    "icb": "By ICB",
    "provider": "By provider",
    "phase": "By programme phase",
    "quarter": "By quarter",
    "cohort": "By cohort",
    "role": "By role",
    "age": "By age",
    "sex": "By sex",
    "ethnic_group": "By ethnic group",
    "imd_quintile": "By IMD quintile",
    "progression": "Progressions",
}
PERCENT = "0.0%"


def tables(report: Report) -> list[Breakdown]:
    """The return's tables: the breakdowns, then the progressions (a report stored before that figure has none)."""
    return [*report.breakdowns, *([report.progressions] if report.progressions is not None else [])]


def _cell(value: Any) -> Any:
    return HIDDEN if value is None else safe(value)


def _rate(value: float | None) -> Any:
    return HIDDEN if value is None else value


NOT_APPLICABLE = ""


def headline_rows(report: Report) -> list[list[Any]]:
    """Rows under HEADLINE_HEADER: None is a hidden number, "" a cell that does not apply."""
    metrics = report.headline["metrics"]
    na = NOT_APPLICABLE
    rows: list[list[Any]] = []
    for key, label in COUNTS:
        rows.append([label, metrics[key]["count"], na, na, na, na, na])
    for share in report.shares:
        low, high = share["interval"] or (None, None)
        extra = share.get("unknown", share.get("pending"))
        rows.append([share["label"], share["numerator"], share["denominator"], share["rate"], low, high, extra])
    for row in metrics["survey"]:
        known = row["numerator"] is not None and row["denominator"] is not None
        low, high = (wilson(row["numerator"], row["denominator"]) if known else None) or (None, None)
        label = f"Survey {row['survey']}: {row['question']}"
        rows.append([label, row["numerator"], row["denominator"], row["rate"], low, high, na])
    return rows


HEADLINE_HEADER = ["Figure", "Count or numerator", "Denominator", "Rate", "95% low", "95% high", "Not known or pending"]


def xlsx(report: Report, *, scope_words: str, computed_at: datetime.datetime | None = None) -> bytes:
    """``computed_at``: when the figures were computed, for a return made from a stored snapshot."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "About"
    _about(about, report, scope_words, computed_at)

    sheet = book.create_sheet("Headline")
    _header(sheet, HEADLINE_HEADER)
    for row in headline_rows(report):
        sheet.append([_cell(value) for value in row])
    _percent(sheet, columns=(4, 5, 6))

    sheet = book.create_sheet("Targets")
    _header(
        sheet, ["Programme", "Phase", "From", "To", "Figure", "Target", "Achieved", "95% low", "95% high", "Status"]
    )
    for phase in report.targets:
        for result in phase.results:
            target = result.target
            achieved: Any = result.count if target.is_count else result.rate
            low, high = result.interval or (None, None)
            sheet.append(
                [
                    safe(phase.phase.programme.name),
                    safe(phase.phase.name),
                    phase.start,
                    phase.end,
                    target.get_metric_display(),
                    target.describe(),
                    _cell(achieved),
                    "" if target.is_count else _cell(low),
                    "" if target.is_count else _cell(high),
                    result.status + (f": {result.confidence}" if result.confidence and not result.suppressed else ""),
                ]
            )
            if not target.is_count:
                for column in (7, 8, 9):
                    sheet.cell(row=sheet.max_row, column=column).number_format = PERCENT
    _dates(sheet, columns=(3, 4))

    sheet = book.create_sheet("Funnel")
    _header(sheet, ["Step", "Young people", "Share of supported", "95% low", "95% high"])
    for step in report.funnel:
        low, high = step.interval or (None, None)
        sheet.append([step.label, _cell(step.count), _rate(step.share_of_supported), _rate(low), _rate(high)])
    _percent(sheet, columns=(3, 4, 5))

    for table in tables(report):
        sheet = book.create_sheet(SHEETS.get(table.key, table.key)[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        if table.note:
            sheet.append([table.note])
        _header(sheet, [table.heading, *table.columns], row=sheet.max_row + 1)
        for label, values in table.rows:
            sheet.append([safe(label), *[_cell(value) for value in values]])
        sheet.append(["Total", *[_cell(value) for value in table.totals]])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        _widths(sheet)

    sheet = book.create_sheet("Representativeness")
    compared = report.representativeness
    _header(
        sheet,
        [
            "Ethnic group",
            "Supported",
            "Share of known",
            "95% low",
            "95% high",
            "Population (Census 2021, all ages)",
            "Population share",
            "Difference (percentage points)",
        ],
    )
    for group in compared.rows:
        low, high = group.interval or (None, None)
        sheet.append(
            [
                group.group,
                _cell(group.intake),
                _rate(group.intake_share),
                _rate(low),
                _rate(high),
                group.population,
                group.population_share,
                _rate(group.difference) if group.intake_share is not None or group.intake is None else "",
            ]
        )
    _percent(sheet, columns=(3, 4, 5, 7))
    sheet.append([])
    sheet.append(["Supported with a known ethnic group", _cell(compared.known)])
    sheet.append(["Supported with no group or who preferred not to say", _cell(compared.unknown)])
    sheet.append(["ICBs compared", "; ".join(name for _, name in compared.icbs) or "none"])
    sheet.append([CENSUS_ATTRIBUTION])
    _widths(sheet)

    sheet = book.create_sheet("Definitions")
    _header(sheet, ["Term", "Definition"])
    for term, words in DEFINITIONS:
        sheet.append([term, words])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 110
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _about(sheet: Worksheet, report: Report, scope_words: str, computed_at: datetime.datetime | None) -> None:
    rows = [
        ["Onramp funder return"],
        ["Figures", report.kind],
        ["Period from", report.start],
        ["Period to", report.end],
        ["As of", report.as_of],
        ["Scope", scope_words + (f" (ICBs {', '.join(report.icbs)})" if report.icbs else "")],
        ["Generated", timezone.localtime().strftime("%d %B %Y %H:%M")],
        *(
            [["Figures computed", timezone.localtime(computed_at).strftime("%d %B %Y %H:%M")]]
            if computed_at is not None
            else []
        ),
        ["Hidden cells", f"{HIDDEN}: withheld by disclosure control (see Definitions)" if report.published else "none"],
        ["Definitions", "See the Definitions sheet; docs/metrics.md in the Onramp source is the full reference."],
    ]
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in ("B3", "B4", "B5"):
        sheet[cell].number_format = "d mmmm yyyy"
        sheet[cell].alignment = Alignment(horizontal="left")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 80


def _header(sheet: Worksheet, names: list[str], row: int = 1) -> None:
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=row, column=column, value=name)
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{row + 1}"
    _widths(sheet)


def _widths(sheet: Worksheet) -> None:
    for column_cells in sheet.columns:
        longest = max((len(str(cell.value)) for cell in column_cells if cell.value is not None), default=8)
        letter = column_cells[0].column_letter
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)


def _percent(sheet: Worksheet, *, columns: tuple[int, ...]) -> None:
    for row in sheet.iter_rows(min_row=2):
        for column in columns:
            if isinstance(row[column - 1].value, float):
                row[column - 1].number_format = PERCENT


def _dates(sheet: Worksheet, *, columns: tuple[int, ...]) -> None:
    for row in sheet.iter_rows(min_row=2):
        for column in columns:
            row[column - 1].number_format = "d mmm yyyy"


def long_rows(report: Report) -> Iterator[list[Any]]:
    """table, row, column, value: every figure of the return, one per line."""
    for row in headline_rows(report):
        for column, value in zip(HEADLINE_HEADER[1:], row[1:], strict=True):
            if value != NOT_APPLICABLE:
                yield ["Headline", row[0], column, value]
    for phase in report.targets:
        for result in phase.results:
            achieved = result.count if result.target.is_count else result.rate
            label = f"{phase.phase.programme.name}: {phase.phase.name}: {result.target}"
            yield ["Targets", label, "Achieved", achieved]
            yield ["Targets", label, "Status", result.status]
    for step in report.funnel:
        yield ["Funnel", step.label, "Young people", step.count]
        yield ["Funnel", step.label, "Share of supported", step.share_of_supported]
    for table in tables(report):
        for label, values in [*table.rows, ("Total", table.totals)]:
            for column, value in zip(table.columns, values, strict=True):
                yield [table.title, label, column, value]
    for group in report.representativeness.rows:
        yield ["Representativeness", group.group, "Supported", group.intake]
        yield ["Representativeness", group.group, "Share of known", group.intake_share]
        yield ["Representativeness", group.group, "Population share (Census 2021, all ages)", group.population_share]


def csv_text(report: Report, *, scope_words: str) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["period_from", "period_to", "as_of", "scope", "figures", "table", "row", "column", "value"])
    context = [report.start.isoformat(), report.end.isoformat(), report.as_of.isoformat(), scope_words, report.kind]
    for table, row, column, value in long_rows(report):
        writer.writerow([*context, safe(table), safe(row), column, HIDDEN if value is None else value])
    return output.getvalue()
