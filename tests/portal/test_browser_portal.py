"""A young person on a 360 × 740 phone: joins, signs in with the e-mailed link, sees their plan, training and
interview, and asks for a grant. Every page has 0 axe violations, fits the screen and works by keyboard."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onramp.grants import services as grant_services
from onramp.participants import services as participant_services
from onramp.participants.models import ProgrammePhase, YoungPerson
from onramp.plans import services as plan_services
from onramp.recruitment import services as recruitment
from onramp.training import services as training
from tests.core.test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, width=360):
    assert_accessible(page)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at {width}px"


def _staff_do_their_part(world, person, today):
    """What coordinators and the employer do meanwhile, through the same services as their pages."""
    plan_services.agree_plan(
        actor=world.coordinator_kent,
        person=person,
        barriers=[],
        barrier_notes="",
        goals="Work as a healthcare support worker",
        agreed_on=today,
    )
    plan_services.add_action(
        actor=world.coordinator_kent,
        person=person,
        description="Practise interview questions",
        owner="young_person",
        due_on=today + datetime.timedelta(days=5),
        agreed_on=today,
    )
    cohort = training.create_cohort(
        actor=world.coordinator_kent,
        programme=person.programme,
        name="Care taster, Canterbury",
        ics=world.kent,
        delivery_mode="in_person",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=14),
        venue="Canterbury College",
    )
    training.add_session(
        actor=world.coordinator_kent, cohort=cohort, held_on=today + datetime.timedelta(days=2), title="Values in care"
    )
    training.enrol(actor=world.coordinator_kent, cohort=cohort, person=person, enrolled_on=today)
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=person,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=today,
        organisation=world.care,
    )
    vacancy = recruitment.save_vacancy(
        actor=world.recruiter_care,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=today + datetime.timedelta(days=60),
        posts=2,
        closed=False,
    )
    application = recruitment.refer(actor=world.coordinator_kent, person=person, vacancy=vacancy)
    recruitment.schedule_interview(
        actor=world.recruiter_care, application=application, held_on=today + datetime.timedelta(days=9)
    )
    phase = ProgrammePhase.objects.create(
        programme=person.programme, name="This year", starts_on=today - datetime.timedelta(days=30), ends_on=today
    )
    grant_services.set_budget(actor=world.admin, phase=phase, ics=world.kent, amount=Decimal("500"))


def test_a_young_person_on_a_phone(browser, live_server, world, people):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    today = timezone.localdate()
    try:
        page.goto(live_server.url + "/")
        _check(page)
        page.get_by_role("button", name="Join the programme").click()
        _check(page)
        page.get_by_role("button", name="Check and join").click()
        assert "Enter your first name" in page.locator(".nhsuk-error-summary").inner_text()
        _check(page)
        page.get_by_label("First name").fill("Maya")
        page.get_by_label("Last name").fill("Osei")
        page.get_by_label("Day").fill("14")
        page.get_by_label("Month").fill("6")
        page.get_by_label("Year").fill(str(today.year - 19))
        page.get_by_label("Postcode").fill("CT1 1AA")
        page.get_by_label("Email address").fill("maya@example.org")
        page.get_by_label("I agree").check()
        page.get_by_label("I agree").press("Enter")
        page.wait_for_url("**/my/check-your-email/")
        _check(page)

        link = re.search(r"http://[^\s]+/my/sign-in/[^\s]+/", mail.outbox[-1].body).group(0)
        page.goto(link)
        _check(page)
        page.get_by_role("button", name="Sign in").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + "/")
        assert page.get_by_role("heading", level=1).inner_text() == "Hello Maya"
        _check(page)

        _staff_do_their_part(world, YoungPerson.objects.get(email="maya@example.org"), today)
        page.reload()
        body = page.locator("main").inner_text()
        assert "Interview:" in body and "Care assistant" in body and "Values in care" in body
        assert "You have 1 thing to do" in body
        _check(page)

        page.get_by_role("link", name="See your plan").click()
        assert "Practise interview questions" in page.locator("main").inner_text()
        _check(page)
        page.get_by_role("link", name="Back").click()

        page.get_by_role("link", name="Ask for a grant").click()
        _check(page)
        page.get_by_role("button", name="Send my request").click()
        assert "Choose what you need money for" in page.locator(".nhsuk-error-summary").inner_text()
        _check(page)
        page.get_by_label("Travel").check()
        page.get_by_label("How much do you need?").fill("40")
        page.get_by_label("Tell us what it is for").fill("Bus fares to get to my interview and training")
        page.get_by_role("button", name="Send my request").click()
        page.wait_for_url(live_server.url + "/")
        assert "Waiting for a decision" in page.locator("main").inner_text()
        _check(page)

        for url in ("portal:jobs", "portal:details", "portal:consents", "portal:password"):
            page.goto(live_server.url + reverse(url))
            _check(page)
        page.set_viewport_size({"width": 320, "height": 640})
        for url in ("site:home", "portal:plan", "portal:jobs", "portal:grant", "portal:consents"):
            page.goto(live_server.url + reverse(url))
            _check(page, 320)
    finally:
        context.close()
