"""The evaluation pages end to end: dashboards, the funder return read back, the learning story and its PDF,
and SROI configurations."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from onramp.core.models import AuditEntry
from onramp.evaluation.models import SroiConfiguration
from onramp.journey import services as journey_services

D = datetime.date
PERIOD = {"from": "2024-01-01", "to": "2024-12-31"}


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


def test_the_exact_dashboard_shows_every_section(client_as, journeys):
    html = client_as("admin").get(reverse("evaluation:dashboard"), PERIOD).content.decode()
    for text in [
        "Exact figures",
        "Headline rates",
        "Extension: 1 October 2023 to 31 December 2024",
        "Supported from ethnic minority backgrounds",
        "From support to a job that lasts",
        "Starters still in post after 3 months, by month of start",
        "Representativeness",
        "NHS Kent and Medway Integrated Care Board",
        "By integrated care board of home postcode",
        "By training cohort",
        "Download the exact figures",
    ]:
        assert text in html, text
    assert ">hidden<" not in html


def test_the_published_dashboard_hides_small_counts(client_as, journeys):
    html = client_as("funder").get(reverse("evaluation:funder"), PERIOD).content.decode()
    assert "Published figures (disclosure control applied)" in html
    assert "hidden" in html and "Not shown (small numbers)" in html
    assert "Not published: some months have from 1 to 4 young people." in html
    assert "Download the exact figures" not in html


def test_the_xlsx_return_reads_back(client_as, world, journeys):
    response = client_as("admin").get(reverse("evaluation:return", args=["xlsx"]), {**PERIOD, "exact": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-exact.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["About", "Headline", "Targets", "Funnel"]
    assert "Definitions" in book.sheetnames and "Representativeness" in book.sheetnames
    assert book.sheetnames[4:14] == [
        "By ICB",
        "By provider",
        "By programme phase",
        "By quarter",
        "By cohort",
        "By role",
        "By age",
        "By sex",
        "By ethnic group",
        "By IMD quintile",
    ]
    headline = {row[0]: row for row in book["Headline"].iter_rows(min_row=2, values_only=True)}
    assert headline["Young people supported"][1] == 2
    assert headline["Supported from ethnic minority backgrounds"][1:4] == (1, 1, 1.0)
    targets = list(book["Targets"].iter_rows(min_row=2, values_only=True))
    assert targets[0][4:7] == ("Supported from ethnic minority backgrounds", "at least 10%", 1.0)
    definitions = dict(book["Definitions"].iter_rows(min_row=2, values_only=True))
    assert "Disclosure control" in definitions and "Starters still in post after 3 months" in definitions
    quarter = list(book["By quarter"].iter_rows(values_only=True))
    assert ("2023-24 Q4", 2, 1, 0) in quarter
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert entry.actor == world.admin and entry.detail["figures"] == "exact"


def test_the_published_return_marks_hidden_cells(client_as, journeys):
    response = client_as("funder").get(reverse("evaluation:return", args=["xlsx"]), PERIOD)
    book = load_workbook(io.BytesIO(response.content))
    headline = {row[0]: row for row in book["Headline"].iter_rows(min_row=2, values_only=True)}
    assert headline["Young people supported"][1] == "[c]"
    assert book["About"]["B2"].value == "Published figures (disclosure control applied)"
    refused = client_as("funder").get(reverse("evaluation:return", args=["xlsx"]), {**PERIOD, "exact": "1"})
    assert refused.status_code == 403
    assert client_as("funder").get(reverse("evaluation:return", args=["pdf"])).status_code == 404


def test_the_csv_return_is_one_long_table(client_as, journeys):
    response = client_as("admin").get(reverse("evaluation:return", args=["csv"]), PERIOD)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["figures"] == "Published figures (disclosure control applied)"
    supported = next(r for r in rows if r["table"] == "Headline" and r["row"] == "Young people supported")
    assert supported["value"] == "[c]"
    assert {r["table"] for r in rows} >= {"Headline", "Targets", "Funnel", "By quarter", "Representativeness"}


def test_the_learning_story_page_edit_and_pdf(client_as, world, journeys):
    client = client_as("regional_lead")
    edit = reverse("evaluation:learning-story-edit", args=[journeys.programme.pk])
    response = client.post(edit, {"title": "", "purpose": ""})
    assert "Enter a title" in response.content.decode()
    response = client.post(
        edit,
        {
            "title": "Growing a representative workforce",
            "purpose": "To support young people into health and care jobs.\n\nAnd to keep them there.",
            "delivery": "Co-designed courses with providers.",
            "lessons": "Flexibility is fundamental.\n\nAssign key contacts.",
            "next_steps": "Extended for three years.",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="learning_story.saved", actor=world.regional_lead).exists()
    html = client_as("funder").get(reverse("evaluation:learning-story"), PERIOD).content.decode()
    assert "Growing a representative workforce" in html and "<p>And to keep them there.</p>" in html
    assert "<p>Assign key contacts.</p>" in html
    assert "a small number of (fewer than 5) young people were offered jobs" in html
    assert "Edit the words" not in html
    pdf = client_as("funder").get(reverse("evaluation:learning-story-pdf"), PERIOD)
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title == "Growing a representative workforce"
    assert "Flexibility is fundamental." in text and "Disclosure control" in text


OUTCOMES = [
    {
        "name": "Into work",
        "quantity_metric": "starters",
        "value_per_year": 10000,
        "duration_years": 2,
        "deadweight": 0.2,
        "attribution": 0.1,
        "displacement": 0,
        "drop_off": 0.5,
        "source": "Test value",
    }
]


def test_sroi_configurations_are_checked_then_shown_with_a_tornado(client_as, world, journeys):
    client = client_as("admin")
    form = client.get(reverse("evaluation:sroi-new")).content.decode()
    assert "GMCA Unit Cost Database" in form and "0.035" in form
    bad = client.post(
        reverse("evaluation:sroi-new"),
        {"name": "Bad", "investment": "1000", "discount_rate": "0.035", "outcomes": "[{", "provenance": "x"},
    ).content.decode()
    assert "The outcomes are not valid JSON" in bad
    broken = [{**OUTCOMES[0], "deadweight": 2}]
    bad = client.post(
        reverse("evaluation:sroi-new"),
        {
            "name": "Bad",
            "investment": "1000",
            "discount_rate": "0.035",
            "outcomes": json.dumps(broken),
            "provenance": "x",
        },
    ).content.decode()
    assert "outcomes[0].deadweight: must be a fraction from 0 to 1" in bad
    assert not SroiConfiguration.objects.exists()
    response = client.post(
        reverse("evaluation:sroi-new"),
        {
            "name": "Test",
            "investment": "5000",
            "discount_rate": "0.035",
            "outcomes": json.dumps(OUTCOMES),
            "provenance": "Invented for a test",
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"] + "&from=2024-01-01&to=2024-12-31").content.decode()
    # 1 starter × £10,000 × 0.8 × 0.9 = £7,200; year 2 £3,600; PV = 7200/1.035 + 3600/1.035² = 10,317.16
    assert "£10,317.16" in html and "£2.06" in html
    assert "tornado-heading" in html and "Deadweight" in html
    assert AuditEntry.objects.filter(action="sroi.configuration_created").exists()


def test_the_starting_point_warns_that_it_is_an_upper_bound(client_as, world, journeys):
    from onramp.evaluation import services as evaluation_services
    from onramp.evaluation import sroi

    start = sroi.starting_point()
    evaluation_services.create_sroi_configuration(
        actor=world.admin,
        name="Starting point",
        config={"investment": 1000, "discount_rate": start["discount_rate"], "outcomes": start["outcomes"]},
        provenance=start["provenance"],
    )
    html = client_as("admin").get(reverse("evaluation:sroi"), PERIOD).content.decode()
    assert "so its value is an upper bound" in html and "£9.47" in html  # 1 starter × £9,800 / 1.035 / £1,000


def test_the_funder_return_from_the_command_line(tmp_path, journeys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    target = tmp_path / "return.xlsx"
    call_command("report", "return", "--from", "2024-01-01", "--to", "2024-12-31", "--output", str(target), stdout=out)
    assert "Wrote published figures (disclosure control applied)" in out.getvalue()
    book = load_workbook(target)
    assert book["About"]["B2"].value == "Published figures (disclosure control applied)"
    exact = tmp_path / "return.csv"
    call_command(
        "report", "return", "--from", "2024-01-01", "--to", "2024-12-31", "--exact", "--output", str(exact), stdout=out
    )
    rows = list(csv.DictReader(exact.open(encoding="utf-8-sig")))
    assert next(r for r in rows if r["row"] == "Young people supported")["value"] == "2"
    assert AuditEntry.objects.filter(action="export.downloaded", actor_label="command line").count() == 2
    with pytest.raises(CommandError, match=r"must end \.xlsx or \.csv"):
        call_command("report", "return", "--from", "2024-01-01", "--to", "2024-12-31", "--output", "x.pdf")
