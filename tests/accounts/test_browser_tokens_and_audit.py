"""In a real browser: making and revoking an API token, and filtering the audit trail, by keyboard, with 0 axe
violations on every page, including the error states."""

import pytest
from django.urls import reverse

from tests.core.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_and_revoke_a_token(page, live_server, world):
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("accounts:my-account"))
    assert_accessible(page)
    page.get_by_role("link", name="Make a new API token").click()
    page.get_by_role("button", name="Make the token").click()
    assert "Enter what this token is for" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("What is this token for?").fill("Nightly report")
    page.get_by_label("In 30 days").check()
    page.get_by_label("What is this token for?").press("Enter")
    token = page.locator("#token").inner_text()
    assert token.startswith("onr_")
    assert_accessible(page)
    page.get_by_role("link", name="Back to your account").click()
    assert "Nightly report" in page.content() and token not in page.content()
    page.get_by_role("button", name="Revoke").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("no longer works").wait_for()
    assert_accessible(page)


def test_filter_the_audit_trail(page, live_server, world):
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("accounts:audit"))
    assert_accessible(page)
    page.get_by_label("Record").fill("nobody at all")
    page.get_by_label("From").fill("2026-06-01")
    page.get_by_label("To").fill("2026-05-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    page.get_by_text("The end date must be the same as or after the start date").first.wait_for()
    assert "No entries match." in page.content()
    assert_accessible(page)
