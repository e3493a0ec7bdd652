"""Read an import file, CSV (UTF-8, header row) or XLSX (first sheet, same header), as a stream of rows.

Each row comes with its line number in the file (the header is row 1), so every error can name it. Memory
stays flat: CSV is read line by line and XLSX through openpyxl's read-only mode.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX Onramp can read; the message says why."""


@dataclass
class Row:
    number: int
    values: dict[str, str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_xlsx(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


@dataclass
class Table:
    header: list[str]
    path: Path

    def rows(self) -> Iterator[Row]:
        if is_xlsx(self.path):
            yield from _xlsx_rows(self.path, self.header)
        else:
            yield from _csv_rows(self.path, self.header)


def open_table(path: Path) -> Table:
    """Read the header; the rows are read (again) from the file whenever ``rows()`` is called."""
    if not path.exists():
        raise UnreadableFile(f"No file at {path}.")
    if is_xlsx(path):
        header = _xlsx_header(path)
    else:
        with _open_text(path) as handle:
            try:
                header = next(csv.reader(handle), [])
            except csv.Error as error:
                raise UnreadableFile(f"row 1: the file cannot be read as CSV ({error}).") from None
            if _not_utf8(header):
                raise UnreadableFile("row 1: the file is not UTF-8 text (save it as CSV UTF-8).")
    header = [column.strip().lower() for column in header]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise UnreadableFile("row 1: the file is empty: it needs a header row.")
    return Table(header=header, path=path)


def _open_text(path: Path) -> IO[str]:
    """Bytes that are not UTF-8 become lone surrogates, so the record holding them can be named exactly."""
    raw = open(path, "rb")  # noqa: SIM115 - the wrapper closes it
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")


_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def _not_utf8(values: list[str]) -> bool:
    return any(_NOT_UTF8.search(value) for value in values)


def _csv_rows(path: Path, header: list[str]) -> Iterator[Row]:
    """Rows numbered as records (the header is row 1), so a cell with a line break in it does not shift them."""
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        number = 1
        try:
            next(reader, None)
            for number, values in enumerate(reader, start=2):
                if _not_utf8(values):
                    raise UnicodeDecodeError("utf-8", b"", 0, 1, "not UTF-8")
                if not any(value.strip() for value in values):
                    continue
                padded = values + [""] * (len(header) - len(values))
                extra = {"__extra__": "yes"} if any(v.strip() for v in values[len(header) :]) else {}
                yield Row(number=number, values={name: padded[i].strip() for i, name in enumerate(header)} | extra)
        except UnicodeDecodeError:
            raise UnreadableFile(
                f"row {number}: the file is not UTF-8 text (save it as CSV UTF-8); nothing was imported."
            ) from None
        except csv.Error as error:
            raise UnreadableFile(f"row {number + 1}: the file cannot be read as CSV ({error}).") from None


def _xlsx_header(path: Path) -> list[str]:
    # Imported here: openpyxl is slow to load and only an XLSX file needs it; a CSV import goes without.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"The file cannot be read as XLSX ({error}).") from None
    try:
        sheet = workbook.worksheets[0]
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        return [_text(value) for value in first]
    finally:
        workbook.close()


def _xlsx_rows(path: Path, header: list[str]) -> Iterator[Row]:
    # Imported here: openpyxl is slow to load and only an XLSX file needs it; a CSV import goes without.
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            texts = [_text(value) for value in values]
            if not any(texts):
                continue
            padded = texts + [""] * (len(header) - len(texts))
            extra = {"__extra__": "yes"} if any(texts[len(header) :]) else {}
            yield Row(number=number, values={name: padded[index] for index, name in enumerate(header)} | extra)
    finally:
        workbook.close()


def count_rows(table: Table) -> int:
    """Rows after the header, for the progress bar (one cheap pass)."""
    return sum(1 for _ in table.rows())
