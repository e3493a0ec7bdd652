"""In a real browser: from an accepted offer, through the six checks, onboarding and the start, to the
12-month check-in, shared by a coordinator and the employer's recruiter; the milestones reach the timeline."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations
from onramp.participants import services as participant_services
from onramp.recruitment import services as recruitment
from onramp.recruitment.models import Value
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
def accepted(world, people):
    today = timezone.localdate()
    made = today - datetime.timedelta(days=420)
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=made - datetime.timedelta(days=30),
        organisation=world.care,
    )
    vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=today + datetime.timedelta(days=30),
        posts=3,
        closed=False,
    )
    application = recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    interview = recruitment.schedule_interview(
        actor=world.recruiter_care, application=application, held_on=made - datetime.timedelta(days=3)
    )
    threes = {value: (3, "") for value in Value}
    recruitment.score_interview(
        actor=world.recruiter_care, interview=interview, interviewer=world.recruiter_care, scores=threes
    )
    recruitment.agree_consensus(actor=world.recruiter_care, interview=interview, scores=threes)
    application.refresh_from_db()
    offer = recruitment.make_offer(
        actor=world.recruiter_care,
        application=application,
        role="care_worker",
        hours="37.5",
        band_or_pay="£12.60 an hour",
        made_on=made,
        proposed_start=made + datetime.timedelta(days=20),
    )
    return recruitment.answer_offer(
        actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=made + datetime.timedelta(days=1)
    )


def test_from_an_accepted_offer_to_the_12_month_check_in(page, live_server, world, people, accepted):
    offer = accepted
    cleared_on = offer.made_on + datetime.timedelta(days=8)
    started_on = offer.made_on + datetime.timedelta(days=20)
    sign_in(page, live_server, "employer-care")
    page.goto(live_server.url + reverse("checks:offer-checks", args=[offer.pk]))
    accessible(page)
    for name, evidence in [
        ("Identity", "Passport"),
        ("Right to work", "Passport"),
        ("Professional registration and qualifications", ""),
        ("Employment history and references", "Two references"),
        ("Criminal record (DBS)", "Enhanced certificate"),
        ("Work health assessment", "Occupational health clearance"),
    ]:
        page.get_by_role("link", name=name, exact=True).click()
        if name.startswith("Professional"):
            page.get_by_label("Not required").check()
        else:
            page.get_by_label("Cleared").check()
            page.get_by_label("Evidence seen (optional)").fill(evidence)
        if name.startswith("Criminal"):
            page.get_by_label("DBS level").select_option("enhanced")
            page.get_by_label("Barred lists checked").check()
        fill_date(page, "on", cleared_on)
        if name == "Identity":
            accessible(page)
        page.get_by_role("button", name="Save").click()
        summary = page.locator(".nhsuk-error-summary")
        assert summary.count() == 0, summary.inner_text()
        assert f"{name}: " in page.content()
    page.get_by_role("link", name=re.compile(r"Mark as done\W+ID badge")).click()
    fill_date(page, "done_on", cleared_on)
    page.get_by_role("button", name="Mark as done").click()
    assert "ID badge: done." in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "coordinator-kent")
    page.goto(live_server.url + reverse("checks:offer-checks", args=[offer.pk]))
    assert "Every check is cleared or not required." in page.content()
    page.get_by_role("link", name="Confirm the start").click()
    fill_date(page, "started_on", started_on)
    page.get_by_role("button", name="Confirm the start").click()
    # Only the ID badge is done: the rest of onboarding unfinished needs a reason.
    assert "Onboarding is not finished" in page.locator(".nhsuk-error-summary").inner_text()
    page.get_by_label(re.compile("why are they starting now")).fill("The other tasks are done on the first day")
    page.get_by_role("button", name="Confirm the start").click()
    assert "The start has been recorded, with check-ins for the first year." in page.content()
    accessible(page)
    job_url = page.url
    for label in ["Week 1", "Month 1", "Month 3", "Month 6", "Month 12"]:
        page.get_by_role("link", name=re.compile(rf"Record\W+the {label} check-in with the young person")).click()
        due = page.locator(".nhsuk-caption-l").inner_text()
        assert "Aisha Khan" in due
        page.get_by_label("Going well").check()
        page.get_by_role("button", name="Record the check-in").click()
    assert page.content().count("Going well") >= 5
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "employer-care")
    page.goto(job_url)
    assert "The young person" not in page.locator("tbody").inner_text()  # the employer sees its own side
    page.get_by_role("link", name=re.compile(r"Record\W+the Month 12 check-in with the employer")).click()
    page.get_by_label("Going well").check()
    page.get_by_role("button", name="Record the check-in").click()
    assert "has been recorded" in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "coordinator-kent")
    page.goto(live_server.url + reverse("site:record", args=[people.kent.pk]))
    timeline = page.content()
    for words in ["Accepted the offer", "Pre-employment checks cleared", "Started work"]:
        assert words in timeline, words
    accessible(page)


@pytest.fixture
def everything(world, people):
    from tests.core.test_access_matrix import _with_extras

    return _with_extras(world, people)


def test_in_work_pages_pass_axe_and_fit_a_phone(browser, page, live_server, world, everything):
    p = everything
    urls = [
        reverse("checks:list"),
        reverse("checks:offer-checks", args=[p.offer.pk]),
        reverse("checks:check-update", args=[p.offer.checks.first().pk]),
        reverse("support:employment", args=[p.employment.pk]),
        reverse("support:due"),
        reverse("support:person", args=[p.kent.pk]),
        reverse("support:mentors"),
        reverse("support:surveys"),
        reverse("support:usage-import"),
        reverse("support:issues", args=[world.care.pk]),
        reverse("grants:list"),
        reverse("grants:detail", args=[p.grant.pk]),
        reverse("grants:limits"),
    ]
    sign_in(page, live_server, "admin")
    for url in urls:
        page.goto(live_server.url + url)
        accessible(page)
    page.goto(live_server.url + reverse("grants:decide", args=[p.grant.pk]))
    page.get_by_role("button", name="Save the decision").click()
    assert "Choose approve or decline" in page.locator(".nhsuk-error-summary").inner_text()
    accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.goto(live_server.url + reverse("support:answer", args=[p.invitation.token]))
    accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    assert "Answer yes or no" in page.locator(".nhsuk-error-summary").inner_text()
    accessible(page)
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 640}, is_mobile=True)
    phone = context.new_page()
    try:
        phone.goto(live_server.url + reverse("support:answer", args=[p.invitation.token]))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320
        sign_in(phone, live_server, "coordinator-kent")
        for url in [
            reverse("support:employment", args=[p.employment.pk]),
            reverse("checks:offer-checks", args=[p.offer.pk]),
        ]:
            phone.goto(live_server.url + url)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{url} is {width}px wide at 320px"
    finally:
        context.close()
