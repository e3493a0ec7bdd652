"""The pinned import formats: participants, events, survey responses; CSV and XLSX; all or nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from onramp.exchange.importers import run_import
from onramp.journey.models import JourneyEvent
from onramp.participants.models import SurveyResponse, YoungPerson

PARTICIPANTS = """participant_id,given_name,family_name,date_of_birth,postcode,ethnic_group,registered_on,email,phone
P-001,Amal,Hussein,2003-04-05,ct1 1aa,6,2024-02-01,amal@example.org,07700 900001
P-002,Beth,Jones,2005-11-30,,13,2024-02-03,,
P-003,Cai,Wong,2001-01-01,CT1 9ZZ,prefer_not_to_say,2024-02-04,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(kind, path, **options):
    return run_import(kind, path, actor=None, **options)


@pytest.fixture
def imported(people, tmp_path):
    result = run("participants", write(tmp_path, "people.csv", PARTICIPANTS))
    assert result.ok, result.errors
    return result


def test_participants_import_creates_then_is_idempotent(people, tmp_path):
    path = write(tmp_path, "people.csv", PARTICIPANTS)
    result = run("participants", path)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    amal = YoungPerson.objects.get(reference="P-001")
    assert (amal.postcode, amal.icb_ods, amal.ethnic_group, amal.eligible) == ("CT1 1AA", "QKS", "6", True)
    assert amal.events.get().source == "import"
    cai = YoungPerson.objects.get(reference="P-003")
    assert (cai.postcode, cai.located) == ("CT1 9ZZ", False)
    assert result.warnings == [
        "1 postcodes are well formed but not in the postcode directory for England: those people are kept, not located."
    ]
    again = run("participants", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert YoungPerson.objects.filter(reference__startswith="P-").count() == 3


def test_reimporting_a_known_participant_updates_them(imported, tmp_path):
    changed = PARTICIPANTS.replace(
        "P-002,Beth,Jones,2005-11-30,,13,2024-02-03", "P-002,Beth,Jones-Smith,2005-11-30,,13,2024-02-05"
    )
    result = run("participants", write(tmp_path, "changed.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    beth = YoungPerson.objects.get(reference="P-002")
    assert (beth.family_name, beth.registered_on.isoformat()) == ("Jones-Smith", "2024-02-05")
    assert list(beth.events.counting().values_list("type", "occurred_on")) == [("registered", beth.registered_on)]


def test_ineligible_people_are_imported_with_their_reason(people, tmp_path):
    result = run(
        "participants",
        write(
            tmp_path,
            "old.csv",
            "participant_id,given_name,family_name,date_of_birth,registered_on\nP-9,Old,Timer,1980-01-01,2024-01-01\n",
        ),
    )
    assert result.ok
    person = YoungPerson.objects.get(reference="P-9")
    assert not person.eligible and "up to 30" in person.eligibility_reasons[0]


def test_columns_in_any_order_and_xlsx(people, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["registered_on", "family_name", "participant_id", "given_name", "date_of_birth", "postcode"])
    import datetime

    sheet.append(
        [datetime.date(2024, 3, 1), "Patel", "X-1", "Dev", datetime.date(2004, 6, 7), "TN1 1AG"]
    )  # Excel dates
    sheet.append(["2024-03-02", "Nowak", 1002, "Ola", "2006-01-09", None])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    result = run("participants", path)
    assert result.ok, result.errors
    assert YoungPerson.objects.get(reference="X-1").lsoa21 == "E01035012"
    assert YoungPerson.objects.filter(reference="1002").exists()


def test_malformed_rows_are_named_and_nothing_is_written(people, tmp_path):
    text = (
        "participant_id,given_name,family_name,date_of_birth,postcode,ethnic_group,registered_on\n"
        "Q-1,Ann,Lee,2004-01-01,CT1 1AA,6,2024-01-01\n"
        "Q-2,,Lee,04/01/2004,NOT VALID,21,2024-01-01\n"
        "Q-3,Bo,Lee,2004-02-30,,,2099-01-01\n"
        "Q-1,Ann,Lee,2004-01-01,,,2024-01-01\n"
    )
    result = run("participants", write(tmp_path, "bad.csv", text))
    assert result.errors == [
        "row 3: given_name: is required",
        "row 3: date_of_birth: '04/01/2004' is not a date written YYYY-MM-DD",
        "row 3: postcode: 'NOT VALID' is not a postcode",
        "row 3: ethnic_group: '21' is not an ONS 2021 code from 1 to 19 or prefer_not_to_say",
        "row 4: date_of_birth: '2004-02-30' is not a real date",
        "row 4: registered_on: 2099-01-01 is in the future",
        "row 5: participant_id: 'Q-1' appears again (first at row 2)",
    ]
    assert not YoungPerson.objects.filter(reference__startswith="Q-").exists()


def test_unknown_and_missing_columns(people, tmp_path):
    path = write(
        tmp_path,
        "extra.csv",
        "participant_id,given_name,family_name,date_of_birth,registered_on,shoe_size\n"
        "Z-1,A,B,2004-01-01,2024-01-01,9\n",
    )
    result = run("participants", path)
    assert result.errors == [
        "row 1: shoe_size: unknown column (expected participant_id, given_name, family_name, "
        "date_of_birth, registered_on, postcode, ethnic_group, email, phone); use --ignore-unknown "
        "to skip it."
    ]
    assert run("participants", path, ignore_unknown=True).ok
    result = run("participants", write(tmp_path, "missing.csv", "participant_id,given_name\nZ-2,A\n"))
    assert result.errors == ["row 1: the file has no family_name, date_of_birth, registered_on columns."]


def test_dry_run_counts_and_writes_nothing(people, tmp_path):
    result = run("participants", write(tmp_path, "people.csv", PARTICIPANTS), dry_run=True)
    assert (result.ok, result.created) == (True, 3)
    assert not YoungPerson.objects.filter(reference__startswith="P-").exists()


EVENTS = """participant_id,event,date,employer,role,detail
P-001,started_work,2024-05-01,RYE,healthcare_assistant,
P-001,job_offered,2024-04-01,RYE,healthcare_assistant,Offer letter seen
P-001,course_started,2024-03-01,,,
P-002,interview_attended,2024-03-10,CARE99,,
"""


def test_events_import_judges_order_on_dates_not_rows(imported, world, tmp_path):
    path = write(tmp_path, "events.csv", EVENTS)
    result = run("events", path)
    assert result.ok, result.errors
    assert (result.created, result.unchanged) == (4, 0)
    assert result.warnings == ["employer 'CARE99' matches no organisation (1 row): kept as written"]
    amal = YoungPerson.objects.get(reference="P-001")
    start = amal.events.get(type="started_work")
    assert (start.organisation, start.source, len(start.import_checksum)) == (world.scas, "import", 64)
    interview = YoungPerson.objects.get(reference="P-002").events.get(type="interview_attended")
    assert (interview.organisation, interview.employer_code) == (None, "CARE99")
    again = run("events", path)
    assert (again.created, again.unchanged) == (0, 4)
    assert JourneyEvent.objects.filter(young_person=amal).count() == 4


def test_events_that_break_the_order_are_refused(imported, tmp_path):
    text = (
        "participant_id,event,date,employer,role\n"
        "P-001,left_work,2024-06-01,,\n"
        "P-002,started_work,2024-05-01,RYE,care_worker\n"
        "P-002,job_offered,2024-05-02,RYE,care_worker\n"
        "P-404,course_started,2024-05-01,,\n"
        "P-001,job_offered,2024-05-01,RYE,\n"
        "P-001,hired,2024-05-01,,\n"
    )
    result = run("events", write(tmp_path, "bad-events.csv", text))
    assert result.errors == [
        "row 2: event: This would record leaving work before any start (judged on the dates in their record and "
        "this file)",
        "row 3: event: This would record a start before any job offer (judged on the dates in their record and "
        "this file)",
        "row 4: event: job_offered: Beth Jones is registered but not eligible (their postcode does not place them "
        "in an integrated care system the programme covers). A regional lead can override this on their record.",
        "row 5: participant_id: no young person has the participant_id 'P-404'",
        "row 6: role: is required for job_offered",
        "row 7: event: 'hired' is not a journey event (use one of: registered, plan_agreed, course_started, "
        "course_completed, interview_guaranteed, interview_attended, job_offered, offer_accepted, offer_declined, "
        "checks_cleared, started_work, left_work, withdrawn, progressed)",
    ]
    assert JourneyEvent.objects.filter(source="import").exclude(type="registered").count() == 0


def test_survey_responses(imported, tmp_path):
    text = (
        "participant_id,survey,question,answer,answered_on\n"
        "P-001,exit,would_recommend,Yes,2024-06-01\n"
        "P-002,exit,would_recommend,no,2024-06-02\n"
        "P-002,exit,what_helped,The mock interviews,2024-06-02\n"
    )
    path = write(tmp_path, "survey.csv", text)
    assert run("survey-responses", path).created == 3
    assert SurveyResponse.objects.get(young_person__reference="P-001").answer == "yes"
    again = run("survey-responses", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = run("survey-responses", write(tmp_path, "s2.csv", text.replace("no,2024-06-02", "yes,2024-06-02")))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)


def test_the_command_prints_row_errors_and_exits_non_zero(imported, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    path = write(tmp_path, "bad.csv", "participant_id,event,date\nP-001,course_started,2024-13-01\n")
    with pytest.raises(SystemExit) as exit:
        call_command("import", "events", str(path), "--no-progress", stdout=out, stderr=err)
    assert exit.value.code == 1
    assert out.getvalue().splitlines() == ["row 2: date: '2024-13-01' is not a real date"]
    assert "nothing was written" in err.getvalue()


def test_the_command_summary(people, tmp_path):
    out = io.StringIO()
    call_command(
        "import", "participants", str(write(tmp_path, "p.csv", PARTICIPANTS)), "--dry-run", "--no-progress", stdout=out
    )
    assert "Dry run, nothing written. 3 rows: 3 would be created, 0 would be updated, 0 unchanged." in out.getvalue()
