"""Regressions for defects found in review: scope in imports and the API, robustness to hostile input."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onramp.accounts import tokens
from onramp.exchange.importers import run_import
from onramp.journey import services as journey_services
from onramp.journey.models import JourneyEvent
from onramp.participants import services
from onramp.participants.models import YoungPerson

D = datetime.date
HEADER = "participant_id,given_name,family_name,date_of_birth,registered_on,postcode\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


@pytest.fixture
def londoner(world, people):
    return services.register(
        actor=world.admin,
        programme=people.programme,
        given_name="Lon",
        family_name="Don",
        date_of_birth=D(2003, 1, 1),
        registered_on=D(2024, 1, 1),
        postcode="SW1A 1AA",
        reference="LON-1",
    )


def test_an_import_cannot_touch_people_outside_the_importers_scope(world, people, londoner, tmp_path):
    path = write(tmp_path, "p.csv", HEADER + "LON-1,Hacked,Don,2003-01-01,2024-01-01,SW1A 1AA\n")
    result = run_import("participants", path, actor=world.regional_lead)
    assert result.errors == ["row 2: participant_id: 'LON-1' is already used by a record you cannot see"]
    londoner.refresh_from_db()
    assert londoner.given_name == "Lon"
    events = write(tmp_path, "e.csv", "participant_id,event,date\nLON-1,withdrawn,2024-03-01\n")
    result = run_import("events", events, actor=world.regional_lead)
    assert result.errors == ["row 2: participant_id: no young person has the participant_id 'LON-1'"]


def test_an_import_cannot_create_people_outside_the_importers_icss(world, people, tmp_path):
    path = write(tmp_path, "p.csv", HEADER + "NEW-1,New,Person,2003-01-01,2024-01-01,SW1A 1AA\n")
    result = run_import("participants", path, actor=world.regional_lead)
    assert result.errors == [
        "row 2: postcode: this person would be outside the integrated care systems you cover: "
        "give a postcode in one of them"
    ]
    assert run_import("participants", path, actor=None).ok  # the command line is not limited


def test_a_voided_event_is_not_imported_again(world, people, tmp_path):
    path = write(tmp_path, "e.csv", "participant_id,event,date\nKM-001,withdrawn,2024-03-01\n")
    assert run_import("events", path, actor=None).created == 1
    event = JourneyEvent.objects.get(type="withdrawn")
    journey_services.void_event(actor=world.admin, event=event, reason="Wrong person")
    again = run_import("events", path, actor=None)
    assert (again.created, again.unchanged) == (0, 1)


def test_imported_registrations_carry_the_checksum(people, tmp_path):
    result = run_import(
        "participants", write(tmp_path, "p.csv", HEADER + "C-1,Cee,Sum,2003-01-01,2024-01-01,\n"), actor=None
    )
    event = YoungPerson.objects.get(reference="C-1").events.get()
    assert (event.source, event.import_checksum) == ("import", result.checksum)


def test_row_numbers_count_records_not_lines(people, tmp_path):
    text = HEADER + '"M-1","Multi\nline","Name",2003-01-01,2024-01-01,\nM-2,Bad,Date,2003-13-01,2024-01-01,\n'
    result = run_import("participants", write(tmp_path, "p.csv", text), actor=None)
    assert result.errors == ["row 3: date_of_birth: '2003-13-01' is not a real date"]


def test_a_file_that_is_not_utf8_is_refused_not_a_crash(people, tmp_path):
    text = (HEADER + "L-1,Zoë,Brontë,2003-01-01,2024-01-01,\n").encode("latin-1")
    result = run_import("participants", write(tmp_path, "p.csv", text), actor=None)
    assert result.errors == ["row 2: the file is not UTF-8 text (save it as CSV UTF-8); nothing was imported."]


def test_hostile_query_strings_and_dates_are_not_server_errors(client_as, people):
    client = client_as("coordinator_kent")
    assert client.get("/young-people/?ics=%C2%B2&provider=%C2%B2").status_code == 200
    assert client.get(f"/young-people/{people.kent.pk}/events/new/?corrects=%C2%B2").status_code == 404
    html = client.post(
        reverse("site:record-event", args=[people.kent.pk]),
        {
            "type": "withdrawn",
            "occurred_on_day": "1",
            "occurred_on_month": "1",
            "occurred_on_year": "99999999999999999999",
        },
    ).content.decode()
    assert "Date it happened must be a real date" in html


def test_registering_someone_outside_your_caseload_is_refused(client_as, people):
    response = client_as("coordinator_sussex").post(
        reverse("participants:register"),
        {
            "programme": people.programme.pk,
            "given_name": "Kay",
            "family_name": "Ent",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "2004",
            "postcode": "CT1 1AA",
            "registered_on_day": "1",
            "registered_on_month": "2",
            "registered_on_year": "2024",
        },
    )
    assert "outside the integrated care systems you cover" in response.content.decode()
    assert not YoungPerson.objects.filter(given_name="Kay").exists()


def test_choosing_work_it_out_from_the_postcode_keeps_the_person_placed(client_as, world, people):
    response = client_as("coordinator_kent").post(
        reverse("participants:edit", args=[people.kent.pk]),
        {
            "given_name": "Aisha",
            "family_name": "Khan",
            "date_of_birth_day": "17",
            "date_of_birth_month": "5",
            "date_of_birth_year": "2004",
            "postcode": "CT1 1AA",
            "ics": "",
            "phone": "07700 900999",
        },
    )
    assert response.status_code == 302
    people.kent.refresh_from_db()
    assert people.kent.ics == world.kent


def test_exports_do_not_carry_live_formulas(client_as, world, people):
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type="withdrawn",
        occurred_on=D(2024, 3, 1),
        detail='=HYPERLINK("http://evil.example","x")',
    )
    text = b"".join(client_as("coordinator_kent").get("/young-people/events.csv").streaming_content).decode()
    assert "'=HYPERLINK" in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client_as("coordinator_kent").get("/young-people/events.xlsx").content)).active
    details = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","x")' in details


def test_the_api_scopes_employers_and_checks_dates(client, world, people):
    token = tokens.create_token(actor=None, user=world.coordinator_kent)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post(
        "/api/v1/events",
        {
            "participant": people.kent.pk,
            "event": "job_offered",
            "date": "2024-03-01",
            "role": "ambulance",
            "employer": "RYE",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    event = JourneyEvent.objects.get(pk=response.json()["id"])
    assert (event.organisation, event.employer_code) == (None, "RYE")  # SCAS is not the coordinator's to see
    response = client.post(
        "/api/v1/participants",
        {
            "given_name": "F",
            "family_name": "T",
            "date_of_birth": "2004-01-01",
            "registered_on": "2099-01-01",
            "postcode": "CT1 1AA",
        },
        content_type="application/json",
        **headers,
    )
    assert response.json()["errors"] == [
        {"field": "registered_on", "message": "The registration date is in the future"}
    ]


def test_a_regional_leads_headline_is_their_region(client, world, people):
    token = tokens.create_token(actor=None, user=world.regional_lead)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    outside = client.get("/api/v1/reports/headline?from=2024-01-01&to=2024-12-31&icb=QRV", **headers)
    assert outside.status_code == 422
    region = client.get("/api/v1/reports/headline?from=2024-01-01&to=2024-12-31", **headers).json()
    assert region["scope"]["icb"] == ["QKS", "QNQ", "QNX"]
    empty = client.get("/api/v1/reports/headline?from=2024-01-01&to=2024-12-31&icb=,", **headers)
    assert empty.status_code == 422


def test_bad_zip_and_absurd_imd_values_are_refused(geography, tmp_path):
    from onramp.geography.loaders import FileRefused, load_imd, load_postcodes

    with pytest.raises(FileRefused, match="not a zip file"):
        load_postcodes(write(tmp_path, "bad.zip", b"not a zip"), version="x")
    path = write(tmp_path, "imd.csv", "lsoa11_code,IMD_decile,IMD_rank\nE01024092,inf,1e999999999\n")
    with pytest.raises(FileRefused) as refused:
        load_imd(path, edition=2019, version="x")
    assert [error.split(":")[0] for error in refused.value.errors] == ["row 2", "row 2"]


def test_upload_page_reports_a_non_utf8_file(client_as, people):
    upload = SimpleUploadedFile("p.csv", (HEADER + "L-1,Zoë,B,2003-01-01,2024-01-01,\n").encode("latin-1"))
    html = (
        client_as("admin").post(reverse("exchange:import"), {"kind": "participants", "file": upload}).content.decode()
    )
    assert "the file is not UTF-8 text" in html
