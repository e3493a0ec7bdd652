"""Imports from the web page; exports within scope, audited, read back with openpyxl."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onramp.core.models import AuditEntry
from onramp.participants.models import YoungPerson


def upload(text: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_import_page_checks_then_imports(client_as, people):
    client = client_as("regional_lead")
    text = (
        "participant_id,given_name,family_name,date_of_birth,registered_on,postcode\n"
        "W-1,Iris,Bell,2004-01-01,2024-01-01,CT1 1AA\n"
    )
    html = client.post(
        reverse("exchange:import"), {"kind": "participants", "file": upload(text), "dry_run": "on"}
    ).content.decode()
    assert "The file is valid. Nothing has been written yet." in html
    assert not YoungPerson.objects.filter(reference="W-1").exists()
    html = client.post(reverse("exchange:import"), {"kind": "participants", "file": upload(text)}).content.decode()
    assert "The file has been imported." in html and "1 were created" in html
    assert YoungPerson.objects.get(reference="W-1").created_by.username == "lead-southeast"


def test_the_import_page_shows_errors_in_a_table(client_as, people):
    text = "participant_id,given_name,family_name,date_of_birth,registered_on\nW-2,,Bell,2004-13-01,2024-01-01\n"
    html = (
        client_as("admin")
        .post(reverse("exchange:import"), {"kind": "participants", "file": upload(text)})
        .content.decode()
    )
    assert "The file was not imported" in html
    assert 'aria-hidden="true">Column </span>given_name</td>' in html
    assert "is not a real date" in html


def test_the_import_page_needs_a_file(client_as, people):
    html = client_as("admin").post(reverse("exchange:import"), {"kind": "events"}).content.decode()
    assert "Choose a file to import" in html


def test_caseload_export_is_scoped_filtered_and_audited(client_as, world, people):
    response = client_as("coordinator_kent").get(reverse("exchange:export-caseload", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("participant_id,given_name,family_name,date_of_birth,postcode,ics")
    assert len(lines) == 2 and "KM-001,Aisha,Khan,2004-05-17,CT1 1AA,QKS" in lines[1]
    assert AuditEntry.objects.filter(action="export.downloaded", actor=world.coordinator_kent).exists()


def test_events_export_as_xlsx_reads_back(client_as, people):
    from openpyxl import load_workbook

    response = client_as("regional_lead").get(reverse("exchange:export-events", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("participant_id", "event", "date", "employer", "role", "detail")
    assert {row[1] for row in rows[1:]} == {"registered"}
    assert len(rows) == 3


def test_unknown_export_format(client_as, people):
    assert client_as("admin").get(reverse("exchange:export-caseload", args=["pdf"])).status_code == 404


def test_cohorts_export_is_scoped(client_as, world, people):
    import datetime

    from onramp.training import services as training_services

    training_services.create_cohort(
        actor=world.admin,
        programme=people.programme,
        name="Kent course",
        ics=world.kent,
        delivery_mode="online",
        starts_on=datetime.date(2024, 2, 5),
        ends_on=datetime.date(2024, 2, 6),
    )
    kent = b"".join(
        client_as("coordinator_kent").get(reverse("exchange:export-cohorts", args=["csv"])).streaming_content
    )
    sussex = b"".join(
        client_as("coordinator_sussex").get(reverse("exchange:export-cohorts", args=["csv"])).streaming_content
    )
    assert b"Kent course,South East pathway,QKS,,online,2024-02-05,2024-02-06,0,0" in kent
    assert b"Kent course" not in sussex
