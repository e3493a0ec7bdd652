"""A coordinator's day in a real browser: register, equality data, consent, plan, review, milestones, timeline;
a coordinator in another ICS is refused. Every page passes axe."""

import pytest

from conftest import axe_violations
from onramp.participants.models import YoungPerson
from tests.core.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def fill_date(page, prefix, day, month, year):
    page.fill(f"#id_{prefix}-day", day)
    page.fill(f"#id_{prefix}-month", month)
    page.fill(f"#id_{prefix}-year", year)


def test_a_coordinator_walks_a_young_person_through_the_journey(page, live_server, world, people):
    sign_in(page, live_server, "coordinator-kent")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Young people").click()
    accessible(page)
    page.get_by_role("button", name="Register a young person").click()
    accessible(page)
    page.get_by_role("button", name="Register").click()
    assert "Enter their first name" in page.locator(".nhsuk-error-summary").inner_text()
    accessible(page)

    page.fill("#id_given_name", "Maya")
    page.fill("#id_family_name", "Osei")
    fill_date(page, "date_of_birth", "12", "8", "2006")
    page.fill("#id_postcode", "ct1 1dj")
    fill_date(page, "registered_on", "2", "9", "2024")
    page.select_option("#id_ethnic_group", "7")
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Register").click()
    assert "Maya Osei is registered and eligible" in page.content()
    assert "most deprived 20 to 30%" in page.content()
    accessible(page)
    record_url = page.url

    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Programme delivery").check()
    fill_date(page, "given_on", "2", "9", "2024")
    accessible(page)
    page.get_by_role("button", name="Record consent").click()

    page.get_by_role("link", name="Agree a development plan").click()
    page.get_by_label("Travel").check()
    page.fill("#id_goals", "Work as a healthcare assistant in Canterbury")
    fill_date(page, "agreed_on", "10", "9", "2024")
    accessible(page)
    page.get_by_role("button", name="Agree this version").click()
    page.get_by_role("link", name="Add an action").click()
    page.fill("#id_description", "Practise interview questions")
    page.get_by_label("Their coordinator").check()
    fill_date(page, "due_on", "20", "9", "2024")
    fill_date(page, "agreed_on", "10", "9", "2024")
    page.get_by_role("button", name="Add action").click()
    page.get_by_role("link", name="Record a review").click()
    fill_date(page, "reviewed_on", "21", "9", "2024")
    page.fill("#id_notes", "Ready for interviews")
    page.get_by_label("Practise interview questions").check()
    accessible(page)
    page.get_by_role("button", name="Record the review").click()

    for kind, day, extra in [
        ("Offered a job", "1", "Healthcare assistant"),
        ("Accepted the offer", "3", None),
        ("Started work", "2", "Healthcare assistant"),
    ]:
        page.get_by_role("button", name="Record a milestone").click()
        page.get_by_label(kind, exact=True).check()
        fill_date(page, "occurred_on", day, "10" if kind != "Started work" else "11", "2024")
        if extra:
            page.select_option("#id_role", label=extra)
        accessible(page)
        page.get_by_role("button", name="Record milestone").click()

    timeline = page.locator(".onramp-timeline").inner_text()
    for text in ["Started work", "Accepted the offer", "Offered a job", "Development plan agreed", "Registered"]:
        assert text in timeline
    assert "In work since 2 November 2024" in page.content()
    accessible(page)

    person = YoungPerson.objects.get(given_name="Maya")
    page.context.clear_cookies()
    sign_in(page, live_server, "coordinator-sussex")
    response = page.goto(record_url)
    assert response.status == 404
    assert person.family_name not in page.content()
    accessible(page)
