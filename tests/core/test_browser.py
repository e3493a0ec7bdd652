"""In a real browser (Debian's chromium through Playwright): sign in, navigation per role, the error
summary, keyboard use, a 320 px phone, and axe-core on every page with 0 violations."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from conftest import PERSONA_PASSWORD, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.get_by_label("Email address or username").fill(username)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def test_anonymous_pages_pass_axe(page, live_server, world):
    for url in [
        "/",
        reverse("accounts:sign-in"),
        reverse("accounts:password-reset"),
        reverse("core:accessibility"),
        reverse("core:open-data"),
        "/no-such-page/",
    ]:
        page.goto(live_server.url + url)
        assert_accessible(page)


def test_sign_in_error_summary_is_focused_and_links_to_the_field(page, live_server, world):
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "Enter your email address or username" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('nhsuk-error-summary')")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your email address or username").click()
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_wrong_password_then_sign_in_and_out(page, live_server, world):
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.get_by_label("Email address or username").fill("coordinator-kent@example.org")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert "Enter a correct email address" in page.locator(".nhsuk-error-summary").inner_text()
    sign_in(page, live_server, "coordinator-kent@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Coordinator"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    assert "You have signed out" in page.content()


NAVIGATION = {
    "admin": [
        "Home",
        "Young people",
        "Cohorts",
        "Recruitment",
        "Grants",
        "Programmes",
        "Evaluation",
        "Organisations",
        "Imports",
        "Accounts",
        "Reference data",
        "Messages sent",
        "Audit trail",
    ],
    "coordinator-kent": ["Home", "Young people", "Cohorts", "Recruitment", "Grants", "Programmes", "Organisations"],
    "lead-southeast": [
        "Home",
        "Young people",
        "Cohorts",
        "Recruitment",
        "Grants",
        "Programmes",
        "Evaluation",
        "Organisations",
        "Imports",
        "Messages sent",
    ],
    "employer-scas": ["Home", "Recruitment", "Organisations"],
    "funder": ["Home", "Programmes", "Published figures"],
    "young-a": ["Home", "Your plan", "Jobs", "Your details"],
}


@pytest.mark.parametrize(("username", "items"), NAVIGATION.items())
def test_navigation_per_role_and_every_page_passes_axe(page, live_server, world, username, items):
    sign_in(page, live_server, username)
    menu = page.get_by_role("navigation", name="Menu")
    assert [text.strip() for text in menu.locator("a").all_inner_texts()] == items
    assert_accessible(page)
    # Items that do not fit the width move into the header's "More" list, hidden until opened.
    hrefs = menu.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    for href in hrefs:
        page.goto(live_server.url + href)
        assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:my-account"))
    assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:password-change"))
    assert_accessible(page)


def test_administrator_pages_and_forms_with_errors_pass_axe(page, live_server, world):
    page.goto(live_server.url + "/api/v1/docs")
    assert_accessible(page)
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("exchange:import"))
    page.get_by_role("button", name="Check and import").click()
    assert "Choose a file to import" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Journey events", exact=False).check()
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "events.csv",
                "mimeType": "text/csv",
                "buffer": b"participant_id,event,date\nNOBODY,hired,2024-13-01\n",
            }
        ],
    )
    page.get_by_role("button", name="Check and import").click()
    assert "The file was not imported" in page.content()
    assert_accessible(page)
    for url in [
        reverse("evaluation:dashboard") + "?from=2024-01-01&to=2024-12-31&icb=QKS",
        reverse("accounts:organisation-detail", args=[world.kent.pk]),
        reverse("accounts:user-detail", args=[world.coordinator_kent.pk]),
        reverse("accounts:user-edit", args=[world.coordinator_kent.pk]),
        reverse("accounts:organisation-create"),
    ]:
        page.goto(live_server.url + url)
        assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:user-create"))
    assert_accessible(page)
    page.get_by_role("button", name="Add account").click()
    errors = page.locator(".nhsuk-error-summary").inner_text()
    assert "Enter the first name" in errors and "Choose a role" in errors
    assert_accessible(page)


def test_refused_pages_pass_axe(page, live_server, world):
    sign_in(page, live_server, "funder")
    response = page.goto(live_server.url + reverse("accounts:organisation-list"))
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have access to this page"
    assert_accessible(page)


def test_keyboard_only_skip_link_and_sign_in(page, live_server, world):
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("funder")
    page.keyboard.press("Tab")
    page.keyboard.type(PERSONA_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")  # the skip link's #maincontent may stay
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Funder"


@pytest.mark.parametrize("username", ["admin", "coordinator-kent"])
def test_pages_fit_a_320_pixel_phone(browser, live_server, world, people, username):
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, username)
        for url in [
            "/",
            reverse("accounts:organisation-list"),
            reverse("accounts:my-account"),
            reverse("site:caseload"),
            reverse("site:record", args=[people.kent.pk]),
            reverse("participants:register"),
            reverse("site:record-event", args=[people.kent.pk]),
        ]:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{url} is {width}px wide at 320px"
            assert_accessible(page)
    finally:
        context.close()
