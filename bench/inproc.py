"""In-process measurements for ``bench/run.py``, run against one database (DATABASE_URL):

    python bench/inproc.py sample            record pks to fetch over HTTP
    python bench/inproc.py headline N        the headline report vs one raw SQL aggregate scan
    python bench/inproc.py report N          a cold build of the whole evaluation report (what a refresh costs)
    python bench/inproc.py enrichment        geography refresh of every young person vs one raw UPDATE join
    python bench/inproc.py import ROWS       `onramp import participants` of ROWS new people vs a raw bulk insert
    python bench/inproc.py import-rss FILE   peak RSS of the import of FILE (run as its own process)

Each prints one JSON object. Writes are rolled back or removed afterwards, so the cached database stays as
synthesised.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onramp.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

START, END = datetime.date(2021, 1, 1), datetime.date(2024, 12, 31)


def _timed(fn: Any, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return times


def sample() -> dict[str, Any]:
    from onramp.participants.models import YoungPerson

    ids = list(YoungPerson.objects.order_by("pk").values_list("pk", flat=True)[:1])
    total = YoungPerson.objects.count()
    first = ids[0] if ids else 0
    return {"young_people": total, "record_pks": [first + (total * k) // 11 for k in range(1, 11)]}


RAW_HEADLINE = """
SELECT COUNT(DISTINCT e.young_person_id) FILTER (WHERE e.type = 'registered'),
       COUNT(DISTINCT e.young_person_id) FILTER (WHERE e.type = 'job_offered'),
       COUNT(DISTINCT e.young_person_id) FILTER (WHERE e.type = 'started_work'),
       COUNT(DISTINCT e.young_person_id) FILTER (WHERE e.type = 'registered' AND p.ethnic_group NOT IN ('', '13')),
       COUNT(DISTINCT e.young_person_id) FILTER (WHERE e.type = 'started_work' AND l.imd2019_decile <= 2),
       COUNT(DISTINCT e.young_person_id) FILTER (WHERE e.type = 'left_work')
FROM participants_journeyevent e
JOIN participants_youngperson p ON p.id = e.young_person_id
LEFT JOIN geography_lsoa11 l ON l.code = p.lsoa11
LEFT JOIN participants_eventvoid v ON v.event_id = e.id
WHERE v.id IS NULL AND e.occurred_on BETWEEN %s AND %s
"""


def headline(repeat: int) -> dict[str, Any]:
    """The headline figures (national, four years) against one raw SQL aggregate scan over the same tables."""
    from onramp.evaluation.headline import headline as compute

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(RAW_HEADLINE, [START, END])
            cursor.fetchall()

    raw()  # warm the cache for both
    report = _timed(lambda: compute(start=START, end=END), repeat)
    baseline = _timed(raw, repeat)
    return {"report_s": statistics.median(report), "raw_s": statistics.median(baseline)}


def report(repeat: int) -> dict[str, Any]:
    """A cold ``build()`` of the whole evaluation report (exact figures, national, the dashboards' default
    period: what refreshing one snapshot costs), timed without reading or writing any snapshot; and reading the
    stored snapshot back, as a dashboard request does (written in a transaction that is rolled back)."""
    from django.utils import timezone

    from onramp.evaluation import snapshots
    from onramp.evaluation.report import build

    start, end = snapshots.default_period(timezone.localdate())
    queries: list[int] = []

    def cold() -> None:
        with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
            build(start=start, end=end, icbs=None, published=False)

    times = _timed(cold, repeat)
    key = snapshots.Key.of(published=False, start=start, end=end, icbs=None)
    with transaction.atomic():
        snapshots.refresh(key)
        read = _timed(lambda: snapshots.current(key), repeat)
        transaction.set_rollback(True)
    return {
        "build_s": statistics.median(times),
        "build_queries": len(queries) // max(repeat, 1),
        "snapshot_read_s": statistics.median(read),
        "from": start.isoformat(),
        "to": end.isoformat(),
    }


RAW_ENRICH = """
UPDATE participants_youngperson SET
  lsoa11 = pc.lsoa11, lsoa21 = COALESCE(NULLIF(pc.lsoa21, ''), l.best_lsoa21, ''),
  imd2019_decile = l.imd2019_decile, icb_ods = COALESCE(l.icb22_ods, ''), icb_ons = COALESCE(l.icb22_ons, ''),
  icb_name = COALESCE(l.icb22_name, ''), local_authority_code = COALESCE(l.lad22_code, ''),
  local_authority_name = COALESCE(l.lad22_name, ''),
  postcode_terminated = (pc.terminated <> '')
FROM geography_postcode pc LEFT JOIN geography_lsoa11 l ON l.code = pc.lsoa11
WHERE pc.key = participants_youngperson.postcode_key
"""


def enrichment() -> dict[str, Any]:
    """`geography.services.refresh` of every young person against one raw UPDATE … FROM join; both rolled back."""
    from onramp.geography.services import refresh
    from onramp.participants.models import YoungPerson

    def in_rollback(fn: Any) -> float:
        began = time.perf_counter()
        with transaction.atomic():
            fn()
            transaction.set_rollback(True)
        return time.perf_counter() - began

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(RAW_ENRICH)

    baseline = in_rollback(raw)
    refreshed = in_rollback(lambda: refresh(YoungPerson.objects.all()))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM participants_youngperson")
    return {"refresh_s": refreshed, "raw_s": baseline, "records": YoungPerson.objects.count()}


IMPORT_PREFIX = "BENCH-IMPORT-"


def import_file(rows: int, path: Path) -> None:
    """A participants file of new people with real postcodes."""
    from onramp.participants.models import YoungPerson

    postcodes = list(
        YoungPerson.objects.exclude(postcode="").order_by("pk").values_list("postcode", flat=True)[:1000]
    ) or [""]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_id", "given_name", "family_name", "date_of_birth", "registered_on", "postcode"])
        for n in range(rows):
            writer.writerow(
                [
                    f"{IMPORT_PREFIX}{n:08d}",
                    "Alex",
                    f"Import{n}",
                    "2001-05-04",
                    "2024-03-01",
                    postcodes[n % len(postcodes)],
                ]
            )


def _remove_imported() -> None:
    from onramp.participants.models import YoungPerson

    YoungPerson.objects.filter(reference__startswith=IMPORT_PREFIX).delete()


def import_rate(rows: int) -> dict[str, Any]:
    """The participants import of ROWS new people against a raw bulk insert of the same people and their
    `registered` events (COPY on PostgreSQL, executemany on SQLite) in one committed transaction; both removed."""
    from onramp.exchange.importers import run_import
    from onramp.journey.models import JourneyEvent
    from onramp.participants.models import Programme, YoungPerson
    from onramp.site.synth import Writer

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "participants.csv"
        import_file(rows, path)
        programme = Programme.objects.order_by("pk").first()
        _remove_imported()
        began = time.perf_counter()
        result = run_import("participants", path, actor=None, programme=programme.name if programme else None)
        imported = time.perf_counter() - began
        _remove_imported()
        if not result.ok:
            return {"error": result.errors[:3]}
    top = (YoungPerson.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    top_event = (JourneyEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = datetime.datetime.now(datetime.UTC)
    born, registered = datetime.date(2001, 5, 4), datetime.date(2024, 3, 1)
    people = [
        (
            top + n,
            programme.pk if programme else None,
            f"{IMPORT_PREFIX}{n:08d}",
            "Alex",
            f"Import{n}",
            born,
            registered,
            True,
            "[]",
            now,
            "",
        )
        for n in range(rows)
    ]
    person_columns = ["id", "programme_id", "reference", "given_name", "family_name", "date_of_birth"]
    person_columns += ["registered_on", "eligible", "eligibility_reasons", "created_at", "postcode"]
    blanks = ["postcode_key", "lsoa11", "lsoa21", "icb_ods", "icb_ons", "icb_name", "icb24_ods"]
    blanks += ["local_authority_code", "local_authority_name", "geography_version", "email", "phone"]
    blanks += ["phone_digits", "ethnic_group", "sex", "gender_identity", "disability", "care_leaver"]
    blanks += ["employment_status", "receiving_benefits", "referral_source", "eligibility_override"]
    people = [row + ("",) * len(blanks) + ("email", 1) for row in people]
    events = [
        (top_event + n, top + n, "registered", 0, datetime.date(2024, 3, 1), now, "import", "", "", "", "")
        for n in range(rows)
    ]
    # Committed, as the import is (then removed): a rolled-back insert never pays for the commit's WAL flush,
    # which the import must, so comparing with one would charge the import for durability alone.
    began = time.perf_counter()
    with transaction.atomic():
        Writer(YoungPerson, person_columns + blanks + ["contact_by", "version"]).write(people)
        Writer(
            JourneyEvent,
            [
                "id",
                "young_person_id",
                "type",
                "position",
                "occurred_on",
                "recorded_at",
                "source",
                "employer_code",
                "role",
                "detail",
                "import_checksum",
            ],
        ).write(events)
    raw = time.perf_counter() - began
    _remove_imported()
    return {"rows": rows, "import_s": imported, "raw_s": raw}


def import_rss(path: str) -> dict[str, Any]:
    """Run the import of one file in this process and report its peak RSS; then remove what it wrote."""
    from onramp.exchange.importers import run_import
    from onramp.participants.models import Programme

    programme = Programme.objects.order_by("pk").first()
    _remove_imported()
    result = run_import("participants", Path(path), actor=None, programme=programme.name if programme else None)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before the clean-up, which loads every row
    _remove_imported()
    return {"ok": result.ok, "peak_rss_mib": round(peak_kib / 1024, 1)}


def write_file(rows: str, path: str) -> dict[str, Any]:
    import_file(int(rows), Path(path))
    return {"path": path}


def main(argv: list[str]) -> None:
    command, *rest = argv
    functions = {
        "sample": sample,
        "headline": lambda n="5": headline(int(n)),
        "report": lambda n="3": report(int(n)),
        "enrichment": enrichment,
        "import": lambda n: import_rate(int(n)),
        "import-rss": import_rss,
        "write-file": write_file,
    }
    print(json.dumps(functions[command](*rest)))


if __name__ == "__main__":
    main(sys.argv[1:])
