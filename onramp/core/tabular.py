"""Tables as downloads: a CSV streamed row by row or an XLSX workbook of one sheet, with every text cell made safe
from spreadsheet formula injection. The lists and returns of every app use these, so that each is written once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def formula_safe(value: Any) -> Any:
    """A cell value that a spreadsheet will not run as a formula (text starting = + - @ gets a leading ')."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_stream(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """The CSV lines of a table, a byte-order mark first so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([formula_safe(value) for value in row])


def respond(
    *, name: str, fmt: str, header: list[str], rows: Iterable[list[Any]]
) -> HttpResponse | StreamingHttpResponse:
    """A download named `name-YYYY-MM-DD.csv` (streamed) or `.xlsx`; any other format is a 404."""
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        streaming = StreamingHttpResponse(csv_stream(header, rows), content_type="text/csv; charset=utf-8")
        streaming["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
        return streaming
    if fmt == "xlsx":
        # Imported here: openpyxl is slow to load and only an XLSX download needs it; CSV goes without.
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append([formula_safe(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
        return response
    raise Http404("Exports are CSV or XLSX.")
