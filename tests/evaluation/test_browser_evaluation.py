"""The evaluation and programme pages in a real browser: axe with 0 violations, forms with errors, keyboard
use of the dashboard's filters, and a 320 px phone."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from onramp.evaluation import services as evaluation_services
from onramp.evaluation import sroi
from onramp.journey import services as journey_services
from onramp.participants.models import ProgrammePhase, Target, YoungPerson
from tests.core.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
PERIOD = "?from=2024-01-01&to=2024-12-31"


@pytest.fixture
def evaluated(world, people):
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="6")
    for who, kind, day in [
        (people.kent, "job_offered", D(2024, 3, 1)),
        (people.kent, "started_work", D(2024, 4, 1)),
        (people.sussex, "job_offered", D(2024, 5, 1)),
    ]:
        journey_services.record_event(
            actor=world.admin, person=who, type=kind, occurred_on=day, check=False, role="care_worker"
        )
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="Extension", starts_on=D(2023, 10, 1), ends_on=D(2026, 9, 30)
    )
    Target.objects.create(phase=phase, metric="ethnic_minority", value=10)
    start = sroi.starting_point()
    evaluation_services.create_sroi_configuration(
        actor=world.admin,
        name="Starting point",
        config={"investment": 1000, "discount_rate": start["discount_rate"], "outcomes": start["outcomes"]},
        provenance=start["provenance"],
    )
    people.phase = phase
    return people


def test_evaluation_pages_pass_axe(page, live_server, world, evaluated):
    sign_in(page, live_server, "admin")
    for url in [
        reverse("evaluation:dashboard") + PERIOD,
        reverse("evaluation:funder") + PERIOD,
        reverse("evaluation:learning-story") + PERIOD,
        reverse("evaluation:learning-story-edit", args=[evaluated.programme.pk]),
        reverse("evaluation:sroi") + PERIOD,
        reverse("participants:programme-list"),
        reverse("evaluation:programme-detail", args=[evaluated.programme.pk]),
        reverse("participants:phase-edit", args=[evaluated.programme.pk, evaluated.phase.pk]),
    ]:
        page.goto(live_server.url + url)
        assert_accessible(page)


def test_forms_with_errors_pass_axe(page, live_server, world, evaluated):
    sign_in(page, live_server, "lead-southeast")
    page.goto(live_server.url + reverse("evaluation:sroi-new"))
    assert_accessible(page)
    page.get_by_label("Outcomes (JSON)").fill(json.dumps([{"name": "x"}]))
    page.get_by_role("button", name="Add the configuration").click()
    summary = page.locator(".nhsuk-error-summary").inner_text()
    assert "Enter a name for the configuration" in summary and "Enter the investment in pounds" in summary
    assert_accessible(page)
    page.goto(
        live_server.url + reverse("participants:target-create", args=[evaluated.programme.pk, evaluated.phase.pk])
    )
    page.get_by_role("button", name="Set the target").click()
    assert "Choose the figure the target is for" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + reverse("participants:programme-create"))
    page.get_by_role("button", name="Save the programme").click()
    assert "Choose at least one integrated care system" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)


def test_the_funder_uses_the_published_dashboard_by_keyboard(page, live_server, world, evaluated):
    sign_in(page, live_server, "funder")
    page.get_by_role("link", name="Published figures").click()
    page.get_by_label("From", exact=True).fill("2024-01-01")
    page.get_by_label("To", exact=True).fill("2024-12-31")
    page.get_by_label("Integrated care board", exact=True).select_option(label="NHS Kent and Medway ICB")
    page.get_by_label("Integrated care board", exact=True).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**icb=QKS**")
    assert "NHS Kent and Medway ICB" in page.locator(".nhsuk-caption-l").inner_text()
    assert_accessible(page)


def test_evaluation_pages_fit_a_320_pixel_phone(browser, live_server, world, evaluated):
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, "admin")
        for url in [
            reverse("evaluation:dashboard") + PERIOD,
            reverse("evaluation:funder") + PERIOD,
            reverse("evaluation:learning-story") + PERIOD,
            reverse("evaluation:sroi") + PERIOD,
            reverse("evaluation:programme-detail", args=[evaluated.programme.pk]),
        ]:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{url} is {width}px wide at 320px"
    finally:
        context.close()
