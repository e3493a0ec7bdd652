"""The participants import writes in bulk, a chunk at a time: the same records, events and audit entries as
registering each person through the service, all or nothing across chunks."""

import datetime
import io
from pathlib import Path

import pytest

from onramp.core import audit
from onramp.core.models import AuditEntry
from onramp.core.progress import Progress
from onramp.exchange.importers import PARTICIPANTS_CHUNK, run_import
from onramp.journey.models import JourneyEvent
from onramp.participants import services
from onramp.participants.models import Source, YoungPerson

HEADER = "participant_id,given_name,family_name,date_of_birth,registered_on,postcode,ethnic_group,email,phone\n"
POSTCODES = ["CT1 1AA", "TN1 1AG", "SW1A 1AA", "", "CT1 9ZZ", "EH1 1YZ", "TN1 1AA"]


def _rows(count: int, *, prefix: str = "B-") -> list[str]:
    return [
        f"{prefix}{n:05d},Al{n},Bulk{n},2003-04-05,2024-02-01,{POSTCODES[n % len(POSTCODES)]},6,A{n}@Example.org,"
        for n in range(count)
    ]


def _file(tmp_path: Path, rows: list[str], name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _nothing_written(prefix: str = "B-") -> None:
    assert not YoungPerson.objects.filter(reference__startswith=prefix).exists()
    assert not JourneyEvent.objects.filter(young_person__reference__startswith=prefix).exists()
    assert not AuditEntry.objects.filter(action="import.completed").exists()
    assert not AuditEntry.objects.filter(action="young_person.registered", target_label__startswith="Al").exists()


@pytest.fixture
def no_audit(people):
    assert not AuditEntry.objects.filter(target_label__startswith="Al").exists()


def test_across_chunks_everyone_gets_their_event_and_audit_entry(no_audit, tmp_path):
    count = 2 * PARTICIPANTS_CHUNK + 1
    path = _file(tmp_path, _rows(count))
    result = run_import("participants", path, actor=None)
    assert result.ok, result.errors[:3]
    assert (result.rows, result.created, result.updated, result.unchanged) == (count, count, 0, 0)
    people = YoungPerson.objects.filter(reference__startswith="B-")
    assert people.count() == count
    events = JourneyEvent.objects.filter(young_person__in=people)
    assert events.count() == count
    assert set(events.values_list("type", "source", "import_checksum")) == {
        ("registered", Source.IMPORT, result.checksum)
    }
    entries = AuditEntry.objects.filter(action="young_person.registered", target_label__startswith="Al")
    assert sorted(int(pk) for pk in entries.values_list("target_id", flat=True)) == sorted(
        people.values_list("pk", flat=True)
    )
    done = AuditEntry.objects.get(action="import.completed")
    assert (done.detail["created"], done.detail["file"]) == (count, "people.csv")
    assert audit.verify() == (AuditEntry.objects.count(), [])  # the bulk entries chain like any others
    again = run_import("participants", path, actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    assert JourneyEvent.objects.filter(young_person__in=people).count() == count


def test_an_error_late_in_a_long_file_writes_nothing_and_names_the_row(no_audit, tmp_path):
    rows = _rows(2000)
    rows[1498] = rows[1498].replace("2003-04-05", "2003-02-30")  # row 1,500 of the file (the header is row 1)
    result = run_import("participants", _file(tmp_path, rows), actor=None)
    assert result.errors == ["row 1500: date_of_birth: '2003-02-30' is not a real date"]
    _nothing_written()


def test_a_duplicate_in_a_later_chunk_is_found(no_audit, tmp_path):
    rows = _rows(PARTICIPANTS_CHUNK + 600)
    rows[PARTICIPANTS_CHUNK + 500] = rows[8]  # row 10 again, in the second chunk
    result = run_import("participants", _file(tmp_path, rows), actor=None)
    assert result.errors == [
        f"row {PARTICIPANTS_CHUNK + 502}: participant_id: 'B-00008' appears again (first at row 10)"
    ]
    _nothing_written()


def test_errors_in_several_chunks_are_all_reported(no_audit, tmp_path):
    rows = _rows(PARTICIPANTS_CHUNK + 10)
    rows[0] = rows[0].replace(",6,", ",99,")
    rows[-1] = rows[-1].replace("2024-02-01", "2099-01-01")
    result = run_import("participants", _file(tmp_path, rows), actor=None)
    assert [error.split(":")[0:2] for error in result.errors] == [
        ["row 2", " ethnic_group"],
        [f"row {PARTICIPANTS_CHUNK + 11}", " registered_on"],
    ]
    _nothing_written()


def test_a_dry_run_of_a_long_file_counts_and_writes_nothing(no_audit, tmp_path):
    result = run_import("participants", _file(tmp_path, _rows(PARTICIPANTS_CHUNK + 5)), actor=None, dry_run=True)
    assert (result.ok, result.created) == (True, PARTICIPANTS_CHUNK + 5)
    _nothing_written()


def test_bulk_registration_writes_what_the_service_writes(people, tmp_path):
    """Each imported person, event and audit entry is what ``services.register`` writes for the same row."""
    rows = [
        "S-1,Amal,Hussein,2003-04-05,2024-02-01,ct1 1aa,6,Amal@Example.org,+44 7700 900001",
        "S-2,Beth,Jones,2005-11-30,2024-02-03,,13,,",
        "S-3,Cai,Wong,1980-01-01,2024-02-04,SW1A 1AA,prefer_not_to_say,,",
        "S-4,Dee,Ng,2004-01-01,2024-02-04,CT1 9ZZ,,,",
        "S-5,Eve,Lo,2004-01-01,2024-02-04,EH1 1YZ,,,",
        "S-6,Fay,Ho,2004-01-01,2024-02-04,TN1 1AA,,,07700 900002",
    ]
    result = run_import("participants", _file(tmp_path, rows), actor=None)
    assert result.ok, result.errors
    ignore = {"id", "reference", "created_at"}
    for row in rows:
        reference, given, family, born, registered, postcode, ethnic, email, phone = row.split(",")
        imported = YoungPerson.objects.get(reference=reference)
        imported.full_clean(exclude=["eligible"])
        expected = services.register(
            actor=None,
            programme=people.programme,
            given_name=given,
            family_name=family,
            date_of_birth=datetime.date.fromisoformat(born),
            registered_on=datetime.date.fromisoformat(registered),
            postcode=postcode,
            ethnic_group=ethnic.lower(),
            email=email.lower(),
            phone=phone,
            reference=f"{reference}-service",
            source=Source.IMPORT,
            import_checksum=result.checksum,
        )
        expected.refresh_from_db()
        fields = {f.attname for f in YoungPerson._meta.concrete_fields} - ignore
        assert {name: getattr(imported, name) for name in fields} == {name: getattr(expected, name) for name in fields}
        event_fields = ["type", "position", "occurred_on", "recorded_by", "source", "organisation", "employer_code"]
        event_fields += ["role", "detail", "import_checksum", "cohort_id", "correction_of"]
        assert list(imported.events.values(*event_fields)) == list(expected.events.values(*event_fields))
        entry, service_entry = (
            AuditEntry.objects.about(p).get(action="young_person.registered") for p in (imported, expected)
        )
        assert (entry.detail, entry.target_label, entry.actor_label) == (
            service_entry.detail,
            service_entry.target_label,
            service_entry.actor_label,
        )


def test_a_phone_number_with_too_many_digits_is_named(people, tmp_path):
    path = _file(tmp_path, ["P-1,A,B,2003-01-01,2024-01-01,,,,0123456789 0123456789 01"])
    result = run_import("participants", path, actor=None)
    assert result.errors == ["row 2: phone: has more than 20 digits"]


def test_progress_counts_each_row_once(people, tmp_path):
    stream = io.StringIO()
    progress = Progress("Importing", None, stream=stream)
    result = run_import("participants", _file(tmp_path, _rows(30)), actor=None, progress=progress)
    assert result.ok
    assert (progress.total, progress.done) == (30, 30)
    assert "100%" in stream.getvalue()
