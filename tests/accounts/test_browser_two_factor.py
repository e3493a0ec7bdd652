"""Two-factor sign-in in a real browser: the set-up and code pages pass axe and work by keyboard."""

import pytest
from django.urls import reverse

from conftest import PERSONA_PASSWORD, axe_violations
from onramp.accounts.models import User
from onramp.core import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_set_up_then_sign_in_with_a_code(page, live_server, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.get_by_label("Email address or username").fill("lead-southeast")
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in/set-up/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue").click()
    assert "Enter the 6-digit code" in page.locator(".nhsuk-error-summary").inner_text()
    assert axe_violations(page) == []
    secret = User.objects.get(username="lead-southeast").totp_secret
    page.get_by_label("Code from your authenticator app").fill(totp.code_at(secret, totp.current_step()))
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
