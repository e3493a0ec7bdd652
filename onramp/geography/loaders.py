"""Load reference geography: the bundled England data, and the official files a user downloads.

Every load is one transaction. Files are read as a stream (flat memory) into a staging table, checked row
by row, then merged into the real table with set-based SQL. A file with a missing column or a broken row is
refused with the row number (the header is row 1) and nothing changes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField
from django.utils import timezone

from onramp.core.progress import Progress
from onramp.geography import postcodes
from onramp.geography.models import Dataset, DataVersion, Lsoa11, Lsoa21, LsoaChange, Postcode

BUNDLE_DIR = Path(__file__).resolve().parent / "data"


def bundle_dir() -> Path:
    """The bundled data; tests point GEOGRAPHY_BUNDLE_DIR at a small extract in the same layout."""
    return Path(getattr(settings, "GEOGRAPHY_BUNDLE_DIR", BUNDLE_DIR))


MAX_ERRORS_SHOWN = 50
_CODE = re.compile(r"^[A-Z]\d{8}$")
_MONTH = re.compile(r"^\d{4}(0[1-9]|1[0-2])$")


class FileRefused(Exception):
    """The file cannot be loaded. ``errors`` are lines like 'row 7: doterm: …'."""

    def __init__(self, errors: list[str], total: int | None = None) -> None:
        self.errors = errors
        self.total = total if total is not None else len(errors)
        super().__init__("\n".join(errors))

    def lines(self) -> list[str]:
        shown = self.errors[:MAX_ERRORS_SHOWN]
        if self.total > len(shown):
            shown = [*shown, f"… and {self.total - len(shown):,} more problems."]
        return shown


@dataclass
class LoadReport:
    dataset: str
    version: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def summary(self) -> str:
        parts = [
            f"{self.rows:,} rows read",
            f"{self.added:,} added",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
        ]
        if self.removed:
            parts.append(f"{self.removed:,} removed")
        return ", ".join(parts)


# --- reading files ---------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """Wraps a binary file and counts the bytes read, for progress over compressed files."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


@dataclass
class OpenedCsv:
    rows: Iterator[list[str]]
    header: list[str]
    bytes_read: Callable[[], int]
    size: int
    name: str


def _pick_zip_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    csvs = [info for info in archive.infolist() if info.filename.lower().endswith(".csv")]
    if not csvs:
        raise FileRefused(["The zip file holds no CSV file."])
    # ONS zips hold the whole-UK file in Data/ and per-area copies in Data/multi_csv/: take the whole one.
    whole = [info for info in csvs if "multi_csv" not in info.filename.lower()] or csvs
    return max(whole, key=lambda info: info.file_size)


def open_csv(path: Path) -> OpenedCsv:
    """Open a CSV, .csv.gz or .zip (the largest whole-file CSV inside) as a stream of rows."""
    if not path.exists():
        raise FileRefused([f"No file at {path}."])
    handle: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by the caller through the generator
    size = path.stat().st_size
    counter = _CountingReader(handle)
    name = path.name
    binary: IO[bytes]
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile:
            handle.close()
            raise FileRefused(["The file is not a zip file that can be read."]) from None
        member = _pick_zip_member(archive)
        name = f"{path.name}:{member.filename}"
        size = member.file_size
        inner = archive.open(member)
        counter = _CountingReader(inner)
        binary = io.BufferedReader(counter, buffer_size=1 << 20)
    elif path.suffix.lower() == ".gz":
        binary = cast(IO[bytes], gzip.GzipFile(fileobj=io.BufferedReader(counter, buffer_size=1 << 20)))
    else:
        binary = io.BufferedReader(counter, buffer_size=1 << 20)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise FileRefused(["row 1: the file is empty."]) from None
    except (UnicodeDecodeError, csv.Error, OSError, zipfile.BadZipFile) as error:
        raise FileRefused([f"row 1: the file cannot be read as CSV ({error})."]) from None

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileRefused([f"row {reader.line_num}: the file cannot be read as CSV ({error})."]) from None
        finally:
            handle.close()

    return OpenedCsv(rows=rows(), header=header, bytes_read=lambda: counter.count, size=size, name=name)


def _find_column(header: list[str], names: Iterable[str], *, prefixes: Iterable[str] = ()) -> int | None:
    lowered = [column.lower() for column in header]
    for candidate in names:
        if candidate in lowered:
            return lowered.index(candidate)
    for prefix in prefixes:
        for index, column in enumerate(lowered):
            if column.startswith(prefix):
                return index
    return None


# --- writing in bulk -------------------------------------------------------------------------------


def _bulk_insert(table: str, columns: list[str], rows: Iterable[tuple[Any, ...]], batch: int = 5000) -> None:
    """Insert many rows fast: COPY on PostgreSQL, batched executemany elsewhere."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk.clear()
        if chunk:
            cursor.executemany(sql, chunk)


def _scalar(sql: str, params: Iterable[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _execute(sql: str, params: Iterable[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return int(cursor.rowcount)


def _record_version(dataset: str, version: str, source: str) -> None:
    counts: dict[str, Callable[[], int]] = {
        Dataset.POSTCODES: lambda: Postcode.objects.count(),
        Dataset.IMD2019: lambda: Lsoa11.objects.exclude(imd2019_decile=None).count(),
        Dataset.IMD2025: lambda: Lsoa21.objects.exclude(imd2025_decile=None).count(),
        Dataset.LSOA11_ICB22: lambda: Lsoa11.objects.exclude(icb22_ods="").count(),
        Dataset.LSOA21_ICB24: lambda: Lsoa21.objects.exclude(icb24_ods="").count(),
        Dataset.LSOA_CHANGES: lambda: LsoaChange.objects.count(),
    }
    DataVersion.objects.update_or_create(
        dataset=dataset,
        defaults={"version": version, "source": source[:300], "rows": counts[dataset](), "loaded_at": timezone.now()},
    )


# --- postcodes -------------------------------------------------------------------------------------

POSTCODE_COLUMNS = {
    "postcode": (["pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode"], []),
    "introduced": (["dointr"], []),
    "terminated": (["doterm"], []),
    "lsoa11": (["lsoa11", "lsoa11cd"], []),
    "lsoa21": (["lsoa21", "lsoa21cd"], []),
    "country": (["ctry"], ["ctry"]),
}
STAGE = "geography_stage_postcode"


def _postcode_rows(opened: OpenedCsv, errors: list[str], progress: Progress) -> Iterator[tuple[Any, ...]]:
    header = opened.header
    where = {
        name: _find_column(header, names, prefixes=prefixes) for name, (names, prefixes) in POSTCODE_COLUMNS.items()
    }
    missing = []
    if where["postcode"] is None:
        missing.append("pcds (the postcode)")
    if where["terminated"] is None:
        missing.append("doterm (the month it was terminated)")
    if where["lsoa11"] is None and where["lsoa21"] is None:
        missing.append("lsoa11 or lsoa21 (the LSOA code)")
    if missing:
        raise FileRefused([f"row 1: the file has no column for {', '.join(missing)}. Is it the ONS NSPL or ONSPD?"])
    width = len(header)
    for number, row in enumerate(opened.rows, start=2):
        if number % 20000 == 0:
            progress.set(opened.bytes_read())
        if len(row) != width:
            if any(part.strip() for part in row):
                errors.append(f"row {number}: the row has {len(row)} values where the header has {width}.")
            continue
        values, row_errors = _check_postcode_row(number, row, header, where)
        if row_errors:
            errors.extend(row_errors)
            continue
        yield values


def _check_postcode_row(
    number: int, row: list[str], header: list[str], where: dict[str, int | None]
) -> tuple[tuple[Any, ...], list[str]]:
    def cell(name: str) -> str:
        index = where[name]
        return row[index].strip() if index is not None else ""

    def column(name: str) -> str:
        index = where[name]
        return header[index] if index is not None else name

    raw = cell("postcode")
    key = postcodes.normalise(raw)
    errors = []
    if not postcodes.is_valid(key):
        errors.append(f"row {number}: {column('postcode')}: {raw!r} is not a postcode.")
    months = {name: cell(name) for name in ("introduced", "terminated")}
    for name, value in months.items():
        if value and not _MONTH.match(value):
            errors.append(f"row {number}: {column(name)}: {value!r} is not a month written YYYYMM.")
    codes = {name: cell(name) for name in ("lsoa11", "lsoa21", "country")}
    for name, value in codes.items():
        if value and not _CODE.match(value):
            errors.append(f"row {number}: {column(name)}: {value!r} is not an ONS code like E01000001.")
    values = (
        number,
        key,
        codes["lsoa11"],
        codes["lsoa21"],
        codes["country"],
        months["introduced"],
        months["terminated"],
    )
    return values, errors


@transaction.atomic
def load_postcodes(path: Path, *, version: str, replace: bool = False, progress: Progress | None = None) -> LoadReport:
    """Load an ONS postcode directory (NSPL, ONSPD or the bundled England extract) into Postcode."""
    opened = open_csv(path)
    progress = progress or Progress(f"Reading {opened.name}", opened.size, unit="bytes")
    progress.total = opened.size
    errors: list[str] = []
    columns = ["rownum", "key", "lsoa11", "lsoa21", "country", "introduced", "terminated"]
    _execute(f"DROP TABLE IF EXISTS {STAGE}")
    _execute(
        f"CREATE TEMPORARY TABLE {STAGE} (rownum integer, key varchar(7), lsoa11 varchar(9), lsoa21 varchar(9),"
        " country varchar(9), introduced varchar(6), terminated varchar(6))"
    )
    try:
        with transaction.atomic():  # a savepoint: a refused file leaves the connection usable
            _bulk_insert(STAGE, columns, _postcode_rows(opened, errors, progress))
            if errors:
                raise FileRefused(errors)
            duplicates = _duplicate_rows(STAGE, "key", "postcode")
            if duplicates:
                raise FileRefused(duplicates)
            report = LoadReport(dataset=Dataset.POSTCODES, version=version)
            report.rows = _scalar(f"SELECT COUNT(*) FROM {STAGE}")
            if report.rows == 0:
                raise FileRefused(["The file has no postcodes after its header."])
            table = Postcode._meta.db_table
            compared = ("lsoa11", "lsoa21", "country", "introduced", "terminated")
            report.added = _scalar(
                f"SELECT COUNT(*) FROM {STAGE} s WHERE NOT EXISTS (SELECT 1 FROM {table} p WHERE p.key = s.key)"
            )
            differs = " OR ".join(f"p.{name} <> s.{name}" for name in compared)
            report.updated = _scalar(f"SELECT COUNT(*) FROM {STAGE} s JOIN {table} p ON p.key = s.key WHERE {differs}")
            report.unchanged = report.rows - report.added - report.updated
            if replace:
                report.removed = _execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM {STAGE})")
            assignments = ", ".join(f"{name} = excluded.{name}" for name in compared)
            names = ", ".join(("key", *compared))
            _execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {STAGE} WHERE true "
                f"ON CONFLICT (key) DO UPDATE SET {assignments}"
            )
    finally:
        _execute(f"DROP TABLE IF EXISTS {STAGE}")
    _record_version(Dataset.POSTCODES, version, str(path))
    progress.finish(report.summary())
    return report


def _duplicate_rows(stage: str, key: str, what: str) -> list[str]:
    """Rows whose key appeared earlier in the file. One grouping pass; details only for the repeated keys."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key} FROM {stage} GROUP BY {key} HAVING COUNT(*) > 1 LIMIT {MAX_ERRORS_SHOWN + 1}")
        repeated = [row[0] for row in cursor.fetchall()]
        if not repeated:
            return []
        placeholders = ", ".join(["%s"] * len(repeated))
        cursor.execute(f"SELECT rownum, {key} FROM {stage} WHERE {key} IN ({placeholders}) ORDER BY rownum", repeated)
        first: dict[str, int] = {}
        problems = []
        for rownum, value in cursor.fetchall():
            if value in first:
                problems.append(f"row {rownum}: {what} {value} appears again (first at row {first[value]}).")
            else:
                first[value] = rownum
        return problems


# --- deprivation (IMD) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImdEdition:
    model: type[Lsoa11] | type[Lsoa21]
    dataset: str
    prefix: str
    lsoa_year: str


IMD_EDITIONS = {
    2019: ImdEdition(model=Lsoa11, dataset=Dataset.IMD2019, prefix="imd2019", lsoa_year="2011"),
    2025: ImdEdition(model=Lsoa21, dataset=Dataset.IMD2025, prefix="imd2025", lsoa_year="2021"),
}
IMD_STAGE = "geography_stage_imd"


def _imd_rows(opened: OpenedCsv, edition: int, errors: list[str], progress: Progress) -> Iterator[tuple[Any, ...]]:
    header = opened.header
    lsoa_year = IMD_EDITIONS[edition].lsoa_year
    other_year = "2021" if lsoa_year == "2011" else "2011"
    where = {
        "code": _find_column(
            header, [f"lsoa{lsoa_year[2:]}_code", f"lsoa{lsoa_year[2:]}cd"], prefixes=[f"lsoa code ({lsoa_year})"]
        ),
        "decile": _find_column(header, ["imd_decile"], prefixes=["index of multiple deprivation (imd) decile"]),
        "rank": _find_column(header, ["imd_rank"], prefixes=["index of multiple deprivation (imd) rank"]),
        "score": _find_column(header, ["imd_score"], prefixes=["index of multiple deprivation (imd) score"]),
    }
    if where["code"] is None:
        if _find_column(header, [], prefixes=[f"lsoa code ({other_year})", f"lsoa{other_year[2:]}"]) is not None:
            right = 2025 if edition == 2019 else 2019
            raise FileRefused(
                [
                    f"row 1: this file has {other_year} LSOA codes: it is the {right} edition's layout. "
                    f"Use --edition {right}."
                ]
            )
        raise FileRefused([f"row 1: the file has no 'LSOA code ({lsoa_year})' column. Is it MHCLG's File 7?"])
    missing = [label for name, label in (("decile", "IMD decile"), ("rank", "IMD rank")) if where[name] is None]
    if missing:
        raise FileRefused([f"row 1: the file has no {' or '.join(missing)} column. Is it MHCLG's File 7?"])
    width = len(header)
    for number, row in enumerate(opened.rows, start=2):
        if number % 5000 == 0:
            progress.set(opened.bytes_read())
        if len(row) != width:
            if not any(part.strip() for part in row):
                continue
            errors.append(f"row {number}: the row has {len(row)} values where the header has {width}.")
            continue
        code = row[where["code"]].strip()
        row_errors = []
        if not _CODE.match(code):
            row_errors.append(f"row {number}: {header[where['code']]}: {code!r} is not an LSOA code.")
        decile = _whole(row[where["decile"]])  # type: ignore[index]
        if decile is None or not 1 <= decile <= 10:
            row_errors.append(
                f"row {number}: {header[where['decile']]}: {row[where['decile']]!r} "  # type: ignore[index]
                "is not a decile from 1 to 10."
            )
        rank = _whole(row[where["rank"]])  # type: ignore[index]
        if rank is None or rank < 1:
            row_errors.append(
                f"row {number}: {header[where['rank']]}: {row[where['rank']]!r} "  # type: ignore[index]
                "is not a rank (a whole number from 1)."
            )
        score: Decimal | None = None
        if where["score"] is not None and row[where["score"]].strip():
            try:
                score = Decimal(row[where["score"]].strip()).quantize(Decimal("0.001"))
                if abs(score) >= 10000:
                    raise InvalidOperation
            except InvalidOperation:
                score = None
                row_errors.append(f"row {number}: {header[where['score']]}: {row[where['score']]!r} is not a number.")
        if row_errors:
            errors.extend(row_errors)
            continue
        yield (number, code, decile, rank, score)


def _whole(text: str) -> int | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value.adjusted() >= 9:
        return None
    return int(value) if value == value.to_integral_value() else None


@transaction.atomic
def load_imd(
    path: Path, *, edition: int, version: str, replace: bool = False, progress: Progress | None = None
) -> LoadReport:
    """Load MHCLG's File 7 (or the bundled extract) for IMD 2019 (2011 LSOAs) or 2025 (2021 LSOAs)."""
    if edition not in IMD_EDITIONS:
        raise FileRefused([f"--edition must be 2019 or 2025, not {edition}."])
    spec = IMD_EDITIONS[edition]
    model = spec.model
    prefix = spec.prefix
    table = model._meta.db_table
    opened = open_csv(path)
    progress = progress or Progress(f"Reading {opened.name}", opened.size, unit="bytes")
    progress.total = opened.size
    errors: list[str] = []
    _execute(f"DROP TABLE IF EXISTS {IMD_STAGE}")
    _execute(
        f"CREATE TEMPORARY TABLE {IMD_STAGE} (rownum integer, code varchar(9), decile smallint, "
        "rank integer, score decimal(7, 3))"
    )
    try:
        with transaction.atomic():  # a savepoint: a refused file leaves the connection usable
            _bulk_insert(
                IMD_STAGE, ["rownum", "code", "decile", "rank", "score"], _imd_rows(opened, edition, errors, progress)
            )
            if errors:
                raise FileRefused(errors)
            duplicates = _duplicate_rows(IMD_STAGE, "code", "LSOA")
            if duplicates:
                raise FileRefused(duplicates)
            report = LoadReport(dataset=spec.dataset, version=version)
            report.rows = _scalar(f"SELECT COUNT(*) FROM {IMD_STAGE}")
            if report.rows == 0:
                raise FileRefused(["The file has no LSOAs after its header."])
            has_score = edition == 2025
            report.added = _scalar(
                f"SELECT COUNT(*) FROM {IMD_STAGE} s WHERE NOT EXISTS (SELECT 1 FROM {table} l WHERE l.code = s.code)"
            )
            differs = [f"l.{prefix}_decile IS NULL", f"l.{prefix}_decile <> s.decile", f"l.{prefix}_rank <> s.rank"]
            if has_score:
                differs.append(f"(s.score IS NOT NULL AND (l.{prefix}_score IS NULL OR l.{prefix}_score <> s.score))")
            report.updated = _scalar(
                f"SELECT COUNT(*) FROM {IMD_STAGE} s JOIN {table} l ON l.code = s.code WHERE {' OR '.join(differs)}"
            )
            report.unchanged = report.rows - report.added - report.updated
            fields = [f"{prefix}_decile", f"{prefix}_rank"] + ([f"{prefix}_score"] if has_score else [])
            sources = ["decile", "rank"] + (["score"] if has_score else [])
            if replace:
                cleared = ", ".join(f"{name} = NULL" for name in fields)
                report.removed = _execute(
                    f"UPDATE {table} SET {cleared} WHERE {prefix}_decile IS NOT NULL "
                    f"AND code NOT IN (SELECT code FROM {IMD_STAGE})"
                )
            blanks = _blank_columns(model, exclude={"code", *fields})
            insert_columns = ["code", *fields, *blanks]
            select_values = ["code", *sources, *["''"] * len(blanks)]
            assignments = ", ".join(f"{name} = excluded.{name}" for name in fields)
            _execute(
                f"INSERT INTO {table} ({', '.join(insert_columns)}) SELECT {', '.join(select_values)} FROM {IMD_STAGE} "
                f"WHERE true ON CONFLICT (code) DO UPDATE SET {assignments}"
            )
    finally:
        _execute(f"DROP TABLE IF EXISTS {IMD_STAGE}")
    _record_version(spec.dataset, version, str(path))
    progress.finish(report.summary())
    return report


def _blank_columns(model: Any, exclude: set[str]) -> list[str]:
    """Text columns that must get '' (not NULL) when a row is created from a partial file."""
    return [str(f.column) for f in model._meta.concrete_fields if isinstance(f, CharField) and f.column not in exclude]


# --- the bundled England data ----------------------------------------------------------------------


def bundle_manifest() -> dict[str, Any]:
    with open(bundle_dir() / "manifest.json") as handle:
        return json.load(handle)


def _bundle_rows(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(bundle_dir() / name, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def bundle_is_loaded() -> bool:
    manifest = bundle_manifest()
    loaded = dict(DataVersion.objects.values_list("dataset", "version"))
    return all(loaded.get(dataset) == entry["version"] for dataset, entry in manifest["datasets"].items())


@transaction.atomic
def load_bundle(*, stream: Any = None, force: bool = False) -> list[LoadReport]:
    """Load the England data shipped in onramp/geography/data, once. Later releases go through the loaders."""
    if bundle_is_loaded() and not force:
        return []
    manifest = bundle_manifest()["datasets"]
    reports: list[LoadReport] = []

    def progress(label: str, total: int | None) -> Progress:
        return Progress(label, total, stream=stream)

    # 2011 LSOAs with their 2022 ICB and local authority.
    step = progress("2011 LSOAs and ICBs (2022)", manifest[Dataset.LSOA11_ICB22]["rows"])
    Lsoa11.objects.all().delete()
    rows = _bundle_rows(manifest[Dataset.LSOA11_ICB22]["file"])
    _bulk_insert(
        Lsoa11._meta.db_table,
        [
            "code",
            "name",
            "sicbl22_code",
            "sicbl22_name",
            "icb22_ons",
            "icb22_ods",
            "icb22_name",
            "lad22_code",
            "lad22_name",
            "best_lsoa21",
            "lsoa21_change",
        ],
        (
            (
                r["lsoa11_code"],
                r["lsoa11_name"],
                r["sicbl22_code"],
                r["sicbl22_name"],
                r["icb22_code"],
                r["icb22_code_h"],
                r["icb22_name"],
                r["ltla22_code"],
                r["ltla22_name"],
                "",
                "",
            )
            for r in rows
        ),
    )
    _record_version(Dataset.LSOA11_ICB22, manifest[Dataset.LSOA11_ICB22]["version"], "bundled")
    step.finish()

    step = progress("2021 LSOAs and ICBs (2024)", manifest[Dataset.LSOA21_ICB24]["rows"])
    Lsoa21.objects.all().delete()
    rows = _bundle_rows(manifest[Dataset.LSOA21_ICB24]["file"])
    _bulk_insert(
        Lsoa21._meta.db_table,
        ["code", "name", "sicbl24_code", "sicbl24_name", "icb24_ons", "icb24_ods", "icb24_name"],
        (
            (
                r["lsoa21_code"],
                r["lsoa21_name"],
                r["sicbl24_code"],
                r["sicbl24_name"],
                r["icb24_code"],
                r["icb24_code_nhs"],
                r["icb24_name"],
            )
            for r in rows
        ),
    )
    _record_version(Dataset.LSOA21_ICB24, manifest[Dataset.LSOA21_ICB24]["version"], "bundled")
    step.finish()

    step = progress("2011 → 2021 LSOA changes", manifest[Dataset.LSOA_CHANGES]["rows"])
    LsoaChange.objects.all().delete()
    rows = _bundle_rows(manifest[Dataset.LSOA_CHANGES]["file"])
    _bulk_insert(
        LsoaChange._meta.db_table,
        ["lsoa11", "lsoa21", "change"],
        ((r["lsoa11_code"], r["lsoa21_code"], r["change_code"]) for r in rows),
    )
    link_lsoa_changes()
    _record_version(Dataset.LSOA_CHANGES, manifest[Dataset.LSOA_CHANGES]["version"], "bundled")
    step.finish()

    for edition, dataset in ((2019, Dataset.IMD2019), (2025, Dataset.IMD2025)):
        entry = manifest[dataset]
        reports.append(
            load_imd(
                bundle_dir() / entry["file"],
                edition=edition,
                version=entry["version"],
                progress=progress(f"IMD {edition}", None),
            )
        )
    entry = manifest[Dataset.POSTCODES]
    reports.append(
        load_postcodes(
            bundle_dir() / entry["file"], version=entry["version"], replace=True, progress=progress("Postcodes", None)
        )
    )
    for dataset in (Dataset.IMD2019, Dataset.IMD2025, Dataset.POSTCODES):
        DataVersion.objects.filter(dataset=dataset).update(source="bundled")
    return reports


def link_lsoa_changes() -> None:
    """Give each 2011 LSOA its 2021 successor: the only one, or for a split the best fit.

    Best fit for a split (S) or irregular change (X): the successor with the lowest code, which ONS lists
    first. It is deterministic but approximate; a postcode directory that gives the 2021 LSOA directly
    (NSPL or ONSPD from 2021) is always used first.
    """
    table = Lsoa11._meta.db_table
    changes = LsoaChange._meta.db_table
    _execute(
        f"UPDATE {table} SET best_lsoa21 = COALESCE((SELECT MIN(c.lsoa21) FROM {changes} c "
        f"WHERE c.lsoa11 = {table}.code), ''), lsoa21_change = COALESCE((SELECT MIN(c.change) FROM {changes} c "
        f"WHERE c.lsoa11 = {table}.code), '')"
    )
