"""Check-ins on a schedule from the start (month ends clipped), leaving with a reason, and progression."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onramp.checks import services as checks
from onramp.journey.models import EventType
from onramp.support import services
from onramp.support.models import CheckInStatus

D = datetime.date


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2024, 1, 31), [D(2024, 2, 7), D(2024, 2, 29), D(2024, 4, 30), D(2024, 7, 31), D(2025, 1, 31)]),
        (D(2023, 1, 31), [D(2023, 2, 7), D(2023, 2, 28), D(2023, 4, 30), D(2023, 7, 31), D(2024, 1, 31)]),
        (D(2024, 8, 31), [D(2024, 9, 7), D(2024, 9, 30), D(2024, 11, 30), D(2025, 2, 28), D(2025, 8, 31)]),
        (D(2024, 2, 29), [D(2024, 3, 7), D(2024, 3, 29), D(2024, 5, 29), D(2024, 8, 29), D(2025, 2, 28)]),
    ],
)
def test_check_in_dates_clip_to_month_ends(start, expected):
    from onramp.support.models import SCHEDULE

    assert [services.due_date(start, days, months) for _, days, months in SCHEDULE] == expected


@pytest.fixture
def employment(world, accepted_offer):
    return checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1), reason="Agreed with the employer"
    )


def test_the_schedule_has_both_parties_at_every_point(employment):
    rows = list(employment.check_ins.values_list("point", "party", "due_on"))
    assert len(rows) == 10
    assert ("month_3", "employer", D(2024, 8, 1)) in rows and ("month_3", "young_person", D(2024, 8, 1)) in rows
    assert employment.check_ins.get(point="week_1", party="young_person").missed(D(2024, 5, 9))


def test_an_at_risk_check_in_needs_actions(world, employment):
    first = employment.check_ins.get(point="week_1", party="young_person")
    with pytest.raises(ValidationError, match="Say what will be done about the risk"):
        services.record_check_in(actor=world.coordinator_kent, check_in=first, held_on=D(2024, 5, 8), outcome="at_risk")
    services.record_check_in(
        actor=world.coordinator_kent,
        check_in=first,
        held_on=D(2024, 5, 8),
        outcome="at_risk",
        actions="Travel grant; talk to the manager about shifts",
    )
    assert first.status == CheckInStatus.HELD and not first.missed(D(2024, 6, 1))


def test_leaving_cancels_later_check_ins_and_refuses_new_ones(world, people, employment):
    services.record_leaving(
        actor=world.coordinator_kent,
        employment=employment,
        left_on=D(2024, 7, 15),
        reason="study",
        stayed_in_sector=True,
    )
    left = people.kent.events.counting().get(type=EventType.LEFT_WORK)
    assert left.occurred_on == D(2024, 7, 15) and left.detail == "Went to study; stayed in health or care work"
    statuses = dict(employment.check_ins.filter(party="young_person").values_list("point", "status"))
    assert statuses == {
        "week_1": "due",
        "month_1": "due",
        "month_3": "cancelled",
        "month_6": "cancelled",
        "month_12": "cancelled",
    }
    month_one = employment.check_ins.get(point="month_1", party="employer")
    with pytest.raises(ValidationError, match="left this job on 15 July 2024: there are no check-ins after that"):
        services.record_check_in(
            actor=world.coordinator_kent, check_in=month_one, held_on=D(2024, 7, 20), outcome="going_well"
        )
    services.record_check_in(
        actor=world.coordinator_kent, check_in=month_one, held_on=D(2024, 6, 3), outcome="going_well"
    )
    with pytest.raises(ValidationError, match="already been recorded"):
        services.record_leaving(
            actor=world.coordinator_kent,
            employment=employment,
            left_on=D(2024, 7, 16),
            reason="other",
            stayed_in_sector=False,
        )


def test_progression_is_a_journey_event(world, people):
    services.record_progression(
        actor=world.coordinator_kent,
        person=people.kent,
        kind="apprenticeship",
        progressed_on=D(2025, 2, 1),
        detail="Nursing associate",
    )
    event = people.kent.events.counting().get(type=EventType.PROGRESSED)
    assert event.detail == "Apprenticeship: Nursing associate"


def test_at_risk_on_the_caseload_and_reminders(
    client_as, world, people, employment, mailoutbox, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from onramp.participants.models import YoungPerson

    YoungPerson.objects.filter(pk=people.kent.pk).update(coordinator=world.coordinator_kent)
    first = employment.check_ins.get(point="week_1", party="young_person")
    services.record_check_in(
        actor=world.coordinator_kent,
        check_in=first,
        held_on=D(2024, 5, 8),
        outcome="at_risk",
        actions="Talk to manager",
    )
    html = client_as("coordinator_kent").get(reverse("site:caseload")).content.decode()
    assert "Job at risk" in html
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_ins", "remind", stdout=out)
    [message] = mailoutbox
    assert message.to == ["coordinator-kent@example.org"]
    assert message.subject == "Check-ins: 9 missed, 0 due this week"  # all but the week-1 one, long past
    assert "Aisha" not in message.body


def test_an_employers_issues_log_and_onboarding_tasks(client_as, world):
    from django.urls import reverse

    from onramp.checks.models import OnboardingTemplate

    client = client_as("recruiter_care")
    url = reverse("support:issues", args=[world.care.pk])
    client.post(
        url,
        {
            "summary": "Rota clashes with college",
            "raised_on_day": "1",
            "raised_on_month": "5",
            "raised_on_year": "2024",
        },
    )
    issue = world.care.support_issues.get()
    html = client.post(reverse("support:resolve", args=[world.care.pk, issue.pk]), {"resolution": ""}).content.decode()
    assert "Say how it was resolved" in html
    client.post(
        reverse("support:resolve", args=[world.care.pk, issue.pk]),
        {
            "resolution": "Fixed days agreed",
            "resolved_on_day": "3",
            "resolved_on_month": "5",
            "resolved_on_year": "2024",
        },
    )
    assert "Resolved 3 May 2024: Fixed days agreed" in client.get(url).content.decode()
    onboarding = reverse("checks:onboarding-template", args=[world.care.pk])
    bad = client.post(onboarding, {"tasks": "ID badge | provider\n"}).content.decode()
    assert "Line 1: write it as task | provider, charity or young_person | days before" in bad
    client.post(onboarding, {"tasks": "ID badge | provider | 3\nLocker | young_person | 1"})
    assert OnboardingTemplate.objects.get(provider=world.care).parsed() == [
        ("ID badge", "provider", 3),
        ("Locker", "young_person", 1),
    ]


def test_a_survey_by_personal_link_feeds_the_survey_figures(
    client, client_as, world, people, mailoutbox, django_capture_on_commit_callbacks
):
    from django.urls import reverse
    from django.utils import timezone

    from onramp.evaluation.headline import headline
    from onramp.participants import services as participant_services
    from onramp.support.models import Survey, SurveyInvitation

    lead = client_as("regional_lead")
    bad = lead.post(reverse("support:surveys"), {"code": "wb", "title": "Wellbeing", "questions": "x | maybe | ?"})
    assert "Line 1: write it as code | yes_no, scale or text | the question" in bad.content.decode()
    lead.post(
        reverse("support:surveys"),
        {
            "code": "wellbeing",
            "title": "How is work going?",
            "questions": "would_have_left | yes_no | Without the app, would you have looked for another job?\n"
            "confidence | scale | How confident do you feel at work?\nanything | text | Anything else?",
        },
    )
    coordinator = client_as("coordinator_kent")
    send = reverse("support:send-survey", args=[people.kent.pk])
    survey_pk = Survey.objects.get().pk
    refused = coordinator.post(send, {"survey": survey_pk}).content.decode()
    assert "Record Aisha Khan&#39;s consent to surveys before sending one" in refused
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="surveys",
        lawful_basis="consent",
        given_on=D(2024, 1, 10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(send, {"survey": survey_pk})
    [message] = mailoutbox
    invitation = SurveyInvitation.objects.get()
    assert message.to == ["aisha@example.org"] and f"/s/{invitation.token}/" in message.body
    client.logout()
    page = client.get(reverse("support:answer", args=[invitation.token]))
    assert page.status_code == 200 and "How confident do you feel at work?" in page.content.decode()
    missing = client.post(
        reverse("support:answer", args=[invitation.token]), {"would_have_left": "yes"}
    ).content.decode()
    assert "Choose from 1 to 5: How confident do you feel at work?" in missing
    client.post(reverse("support:answer", args=[invitation.token]), {"would_have_left": "yes", "confidence": "4"})
    again = client.get(reverse("support:answer", args=[invitation.token])).content.decode()
    assert "These answers have already been sent" in again
    assert client.get(reverse("support:answer", args=["no-such-token"])).status_code == 404
    today = timezone.localdate()
    survey = headline(start=today, end=today)["metrics"]["survey"]
    assert survey == [
        {"survey": "wellbeing", "question": "would_have_left", "numerator": 1, "denominator": 1, "rate": 1.0}
    ]


def test_mentoring_suggestions_matches_and_sessions(client_as, world, people, employment):
    from django.urls import reverse

    services.save_mentor(actor=world.admin, name="Nell", kind="volunteer", roles=["care_worker"], icss=[world.kent])
    services.save_mentor(actor=world.admin, name="Abe", kind="staff", roles=[], icss=[world.sussex])
    services.save_mentor(actor=world.admin, name="Cy", kind="staff", roles=[], icss=[world.kent])
    ranked = [(m.name, score) for m, score in services.suggest_mentors(people.kent)]
    assert ranked == [("Nell", 3), ("Cy", 1), ("Abe", 0)]  # her latest offer and start are care worker
    client = client_as("coordinator_kent")
    url = reverse("support:person", args=[people.kent.pk])
    from onramp.support.models import Mentor

    nell = Mentor.objects.get(name="Nell")
    client.post(
        url,
        {
            "form": "match",
            "match-mentor": nell.pk,
            "match-started_on_day": "2",
            "match-started_on_month": "5",
            "match-started_on_year": "2024",
        },
    )
    match = people.kent.mentoring.get()
    bad = client.post(
        url,
        {
            "form": "session",
            "match_pk": match.pk,
            "session-held_on_day": "1",
            "session-held_on_month": "5",
            "session-held_on_year": "2024",
        },
    ).content.decode()
    assert "A session is on or after the match started" in bad
    client.post(
        url,
        {
            "form": "session",
            "match_pk": match.pk,
            "session-held_on_day": "9",
            "session-held_on_month": "5",
            "session-held_on_year": "2024",
            "session-notes": "Shift patterns",
        },
    )
    assert "9 May 2024: Shift patterns" in client.get(url).content.decode()


def test_wellbeing_usage_import_checks_every_row_first(client_as, world, people):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from onramp.support.models import WellbeingUsage

    client = client_as("regional_lead")
    url = reverse("support:usage-import")
    bad = b"participant_id,month,sessions\nKM-001,2025-03,4\nNOBODY,2025-13,x\nKM-001,2025-03,2\n"
    html = client.post(url, {"file": SimpleUploadedFile("usage.csv", bad)}).content.decode()
    assert "Row 3: participant_id: no young person &#39;NOBODY&#39; that you can see" in html
    assert "Row 4: KM-001 2025-03 appears twice in the file" in html
    assert not WellbeingUsage.objects.exists()
    good = b"participant_id,month,sessions\nKM-001,2025-03,4\nKM-001,2025-04,0\n"
    client.post(url, {"file": SimpleUploadedFile("usage.csv", good)})
    assert list(WellbeingUsage.objects.values_list("month", "sessions")) == [(D(2025, 3, 1), 4), (D(2025, 4, 1), 0)]


def test_a_programme_sets_its_own_check_in_schedule(world, people, accepted_offer):
    from django.core.exceptions import ValidationError as Invalid

    from onramp.participants.schedule import parse_schedule

    assert parse_schedule("week 2, month 9") == [("week_2", "Week 2", 14, 0), ("month_9", "Month 9", 0, 9)]
    with pytest.raises(ValueError, match="write each as week N or month N"):
        parse_schedule("fortnight 1")
    programme = people.programme
    programme.check_in_schedule = "month 1, month 1"
    with pytest.raises(Invalid, match="listed twice"):
        programme.full_clean()
    programme.check_in_schedule = "week 2, month 9"
    programme.save()
    job = checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 31), reason="ok"
    )
    assert list(job.check_ins.filter(party="employer").values_list("point", "due_on")) == [
        ("week_2", D(2024, 6, 14)),
        ("month_9", D(2025, 2, 28)),
    ]
    assert str(job.check_ins.get(party="employer", point="month_9")) == "Month 9 check-in with the employer"


def test_has_left_on_the_check_in_form_asks_for_the_last_day_and_records_the_leaving(client_as, world, employment):
    month_three = employment.check_ins.get(point="month_3", party="employer")
    url = reverse("support:check-in", args=[month_three.pk])
    client = client_as("recruiter_care")
    answer = {"held_on_day": "1", "held_on_month": "8", "held_on_year": "2024", "outcome": "left"}
    html = client.post(url, answer).content.decode()
    assert "Give their last day at work" in html and "Choose why they left" in html
    assert not employment.offer.application.young_person.events.filter(type=EventType.LEFT_WORK).exists()
    answer |= {"left_on_day": "20", "left_on_month": "7", "left_on_year": "2024", "leaving_reason": "health"}
    response = client.post(url, answer | {"stayed_in_sector": "no"})
    assert response.status_code == 302
    left = employment.offer.application.young_person.events.counting().get(type=EventType.LEFT_WORK)
    assert left.occurred_on == D(2024, 7, 20)
    assert employment.check_ins.filter(point="month_6", status="cancelled").count() == 2
    # Someone else's employer may not record it.
    assert client_as("recruiter_scas").post(url, answer | {"stayed_in_sector": "no"}).status_code == 404
