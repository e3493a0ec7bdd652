"""In a real browser: a coordinator and a provider's recruiter take a young person from enrolment, through the
course and its registers, to a guaranteed interview scored on the six values, to an accepted offer; the journey
events appear on the timeline. Every page on the way passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations
from onramp.participants import services as participant_services
from onramp.recruitment import services as recruitment
from onramp.training import services as training
from tests.core.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def fill_date(page, prefix, day: datetime.date):
    page.fill(f"#id_{prefix}-day", str(day.day))
    page.fill(f"#id_{prefix}-month", str(day.month))
    page.fill(f"#id_{prefix}-year", str(day.year))


@pytest.fixture
def course(world, people):
    today = timezone.localdate()
    first = today - datetime.timedelta(days=10)
    cohort = training.create_cohort(
        actor=world.coordinator_kent,
        programme=people.programme,
        name="Care taster, Canterbury",
        ics=world.kent,
        provider=world.care,
        delivery_mode="in_person",
        starts_on=first,
        ends_on=first + datetime.timedelta(days=1),
    )
    for offset, title in [(0, "Values in care"), (1, "Moving and handling")]:
        training.add_session(
            actor=world.coordinator_kent,
            cohort=cohort,
            held_on=first + datetime.timedelta(days=offset),
            title=title,
            required=offset == 1,
        )
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=people.kent.registered_on,
        organisation=world.care,
    )
    vacancy = recruitment.save_vacancy(
        actor=world.recruiter_care,
        provider=world.care,
        programmes=[people.programme],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=today + datetime.timedelta(days=60),
        posts=2,
        closed=False,
    )
    return cohort, vacancy


def test_from_enrolment_to_an_accepted_offer(page, live_server, world, people, course):
    cohort, vacancy = course
    today = timezone.localdate()
    sign_in(page, live_server, "coordinator-kent")
    page.goto(live_server.url + reverse("training:cohort-detail", args=[cohort.pk]))
    accessible(page)
    page.get_by_role("link", name="Enrol a young person").click()
    page.get_by_label("Young person").select_option(label="Aisha Khan (KM-001)")
    fill_date(page, "enrolled_on", cohort.starts_on - datetime.timedelta(days=3))
    accessible(page)
    page.get_by_role("button", name="Enrol").click()
    assert "Aisha Khan has been enrolled." in page.content()

    for session_number in range(2):
        page.get_by_role("link", name="Take the register").first.click()
        if session_number == 0:
            page.get_by_role("button", name="Save the register").click()
            assert "Choose present, late or absent for Aisha Khan" in page.locator(".nhsuk-error-summary").inner_text()
            accessible(page)
        page.get_by_label("Present").check()
        page.get_by_role("button", name="Save the register").click()
        assert "has been saved" in page.content()

    page.get_by_role("link", name="Record completions").click()
    assert "1 of 1 enrolled meet the rule now." in page.content()
    accessible(page)
    page.get_by_role("button", name="Record completions").click()
    assert "1 completion recorded, each with a guaranteed interview with Weald Care Homes." in page.content()

    page.goto(live_server.url + reverse("recruitment:vacancy-detail", args=[vacancy.pk]))
    accessible(page)
    page.get_by_role("link", name="Refer a young person").click()
    page.get_by_label("Young person").select_option(label="Aisha Khan (KM-001)")
    page.get_by_role("button", name="Refer").click()
    assert "Aisha Khan has been referred." in page.content()
    accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "employer-care")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recruitment").click()
    page.get_by_role("link", name="Care assistant").click()
    page.get_by_role("link", name="Aisha Khan").click()
    assert "Waiting for an interview" in page.content()
    page.get_by_role("link", name="Schedule an interview").click()
    assert page.get_by_label("This is the young person's guaranteed interview").is_checked()
    fill_date(page, "held_on", today)
    page.get_by_role("button", name="Schedule the interview").click()

    page.get_by_role("link", name="Score this interview").click()
    accessible(page)
    page.get_by_role("button", name="Save my scores").click()
    assert "Score compassion from 1 to 4" in page.locator(".nhsuk-error-summary").inner_text()
    for value in range(6):
        page.locator(f"input[name^='score_'][value='{3 if value % 2 else 4}']").nth(value).check()
    page.get_by_label("Evidence for compassion").fill("Spoke warmly about caring for her grandmother")
    page.get_by_role("button", name="Save my scores").click()
    page.get_by_role("link", name="Record the panel's agreed scores").click()
    page.get_by_role("button", name="Save the panel's scores").click()
    assert "The panel's scores have been saved." in page.content()
    assert "Interviewed" in page.content()
    accessible(page)

    page.get_by_role("link", name="Record an offer").click()
    fill_date(page, "proposed_start", today + datetime.timedelta(days=30))
    page.get_by_role("button", name="Record the offer").click()
    page.get_by_role("link", name="Record the answer").click()
    page.get_by_label("Yes, accepted").check()
    accessible(page)
    page.get_by_role("button", name="Save the answer").click()
    assert "The offer has been accepted." in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "coordinator-kent")
    page.goto(live_server.url + reverse("site:record", args=[people.kent.pk]))
    timeline = page.content()
    for words in [
        "Started a course",
        "Completed a course",
        "Guaranteed an interview",
        "Attended an interview",
        "Offered a job",
        "Accepted the offer",
    ]:
        assert words in timeline, words
    accessible(page)


@pytest.fixture
def everything(world, people):
    from tests.core.test_access_matrix import _with_extras

    return _with_extras(world, people)


def test_recruitment_and_training_pages_pass_axe(page, live_server, world, everything):
    p = everything
    sign_in(page, live_server, "admin")
    for url in [
        reverse("recruitment:vacancy-list"),
        reverse("recruitment:vacancy-detail", args=[p.vacancy.pk]),
        reverse("recruitment:application-detail", args=[p.application.pk]),
        reverse("recruitment:entitlement-list"),
        reverse("recruitment:calibration"),
        reverse("recruitment:need-list"),
        reverse("training:template-list"),
        reverse("participants:campaign-list"),
        reverse("evaluation:campaign-detail", args=[p.campaign.pk]),
        reverse("training:cohort-detail", args=[p.kent_cohort.pk]),
        reverse("accounts:organisation-detail", args=[world.care.pk]),
        reverse("recruitment:interview-consensus", args=[p.interview.pk]),
    ]:
        page.goto(live_server.url + url)
        accessible(page)
    page.goto(live_server.url + reverse("recruitment:vacancy-create"))
    page.get_by_role("button", name="Save the vacancy").click()
    assert "Enter the job title" in page.locator(".nhsuk-error-summary").inner_text()
    accessible(page)


def test_registers_and_applications_fit_a_320_pixel_phone(browser, live_server, world, everything):
    p = everything
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, "coordinator-kent")
        for url in [
            reverse("training:register", args=[p.kent_cohort.pk, p.session.pk]),
            reverse("training:cohort-detail", args=[p.kent_cohort.pk]),
            reverse("recruitment:application-detail", args=[p.application.pk]),
            reverse("recruitment:vacancy-list"),
        ]:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{url} is {width}px wide at 320px"
            accessible(page)
    finally:
        context.close()


def test_an_employer_from_their_own_vacancy_to_an_offer(page, live_server, world, people):
    """The employer's part on a desktop: their home, a new vacancy (by keyboard), the referred candidate with only
    the fields an employer needs, a guaranteed interview, values scores, the panel's scores and an offer."""
    today = timezone.localdate()
    sign_in(page, live_server, "employer-care")
    assert "What needs you" in page.content()
    accessible(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recruitment").click()
    page.get_by_role("link", name="Add a vacancy").click()
    page.get_by_role("button", name="Save the vacancy").click()
    assert "Enter the job title" in page.locator(".nhsuk-error-summary").inner_text()
    accessible(page)
    page.get_by_label("Title").fill("Healthcare support worker")
    page.get_by_label("Role").select_option("healthcare_assistant")
    page.get_by_label("Band or pay").fill("Band 2")
    page.get_by_label("Hours").fill("37.5 hours a week")
    page.get_by_label("Location").fill("Canterbury")
    fill_date(page, "closing_on", today + datetime.timedelta(days=30))
    page.get_by_label("Location").press("Enter")
    page.wait_for_url(re.compile(r"/vacancies/\d+/$"))
    assert "Healthcare support worker" in page.locator("h1").inner_text()
    accessible(page)

    # Meanwhile Aisha's coordinator refers her, with her consent to share with this employer.
    from onramp.recruitment.models import Vacancy

    vacancy = Vacancy.objects.get(title="Healthcare support worker")
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=today,
        organisation=world.care,
    )
    recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)

    page.reload()
    page.get_by_role("link", name="Aisha Khan").click()
    candidate = page.locator("main").inner_text()
    assert "aisha@example.org" in candidate
    for hidden in ("Ethnic", "Date of birth", "CT1 1AA", "IMD", "grant", "Grant"):
        assert hidden not in candidate, hidden
    accessible(page)
    page.get_by_role("link", name="Schedule an interview").click()
    accessible(page)
    fill_date(page, "held_on", today)
    page.get_by_role("button", name="Schedule the interview").click()
    page.get_by_role("link", name="Score this interview").click()
    for value in range(6):
        page.locator(f"input[name^='score_'][value='{3 if value % 2 else 4}']").nth(value).check()
    page.get_by_role("button", name="Save my scores").click()
    page.get_by_role("link", name="Record the panel's agreed scores").click()
    accessible(page)
    page.get_by_role("button", name="Save the panel's scores").click()
    page.get_by_role("link", name="Record an offer").click()
    accessible(page)
    fill_date(page, "proposed_start", today + datetime.timedelta(days=30))
    page.get_by_role("button", name="Record the offer").click()
    assert "Offered" in page.content()
    accessible(page)
