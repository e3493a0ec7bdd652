"""In a real browser: the Messages sent page (with rows, and with a filter error), Messages sent on a record, and
the forms that feed messages (an interview's time and place, a young person's contact preference) pass axe."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations
from onramp.notifications.models import Notification
from onramp.participants import services as participant_services
from onramp.recruitment import services as recruitment
from tests.core.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def test_message_pages_pass_axe(page, live_server, world, people):
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=datetime.date(2024, 3, 1),
        organisation=world.care,
    )
    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="sms")
    vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=datetime.date(2099, 1, 1),
        posts=2,
        closed=False,
    )
    application = recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    recruitment.schedule_interview(
        actor=world.recruiter_care,
        application=application,
        held_on=timezone.localdate() + datetime.timedelta(days=5),
        starts_at=datetime.time(14, 0),
        place="Weald House",
    )
    assert set(Notification.objects.values_list("channel", "status")) == {("sms", "not_sent"), ("email", "sent")}

    sign_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("notifications:log"))
    assert "no text message service: sent by email instead" in page.content().lower()
    accessible(page)
    page.goto(live_server.url + reverse("notifications:log") + "?since_day=40&since_month=1&since_year=2025")
    assert "From must be a real date" in page.locator(".nhsuk-error-summary").inner_text()
    accessible(page)
    page.goto(live_server.url + reverse("site:record", args=[people.kent.pk]))
    assert page.get_by_role("heading", name="Messages sent").is_visible()
    accessible(page)
    page.goto(live_server.url + reverse("participants:edit", args=[people.kent.pk]))
    accessible(page)
    page.goto(live_server.url + reverse("recruitment:interview-create", args=[application.pk]))
    accessible(page)
