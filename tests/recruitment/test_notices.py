"""Recruitment's messages (``recruitment/notices.py``): the interview invitation, with GOV.UK Notify configured (a
fake client checks every payload) and without it (Django's e-mail outbox); interview reminders and guaranteed
interview deadline warnings from `onramp remind interviews`, sent once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from onramp.notifications.models import Notification
from onramp.recruitment import notices

D = datetime.date


def _log(**filters) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(**filters).order_by("pk").values_list("kind", "channel", "status"))


@pytest.fixture
def application(world, people):
    from onramp.participants import services as participant_services
    from onramp.participants.models import YoungPerson
    from onramp.recruitment import services as recruitment

    YoungPerson.objects.filter(pk=people.kent.pk).update(coordinator=world.coordinator_kent)
    people.kent.refresh_from_db()
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 3, 1),
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
        closing_on=D(2099, 1, 1),
        posts=2,
        closed=False,
    )
    return recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)


def _schedule(world, application, sent, *, days=3, **extra):
    from onramp.recruitment import services as recruitment

    return sent(
        recruitment.schedule_interview,
        actor=world.recruiter_care,
        application=application,
        held_on=timezone.localdate() + datetime.timedelta(days=days),
        **extra,
    )


# --- interview invitations --------------------------------------------------------------------------------------


def test_interview_invitation_through_notify(world, people, application, notify, sent):
    interview = _schedule(world, application, sent, starts_at=datetime.time(10, 30), place="Room 2, Weald House")
    [email] = notify.emails
    assert email["to"] == "aisha@example.org"
    assert email["subject"] == "Your interview with Weald Care Homes"
    assert "Hello Aisha," in email["body"]
    assert "at 10:30am" in email["body"] and "Where: Room 2, Weald House" in email["body"]
    assert "Coordinator Tester at coordinator-kent@example.org" in email["body"]
    assert notify.texts == []
    row = Notification.objects.get()
    assert (row.kind, row.channel, row.status, row.recipient_kind) == (
        "interview_invitation",
        "email",
        "sent",
        "young_person",
    )
    assert row.young_person == people.kent and row.about_id == str(interview.pk)
    assert row.address == "a***@example.org" and row.provider_reference and row.sent_at
    assert not {"Aisha", "aisha@example.org"} & {row.reason, row.address, row.once_key}


def test_interview_invitation_without_notify_uses_django_mail(world, application, mailoutbox, sent):
    _schedule(world, application, sent)
    [message] = mailoutbox
    assert message.to == ["aisha@example.org"]
    assert "Where: Canterbury" in message.body  # no place given: the vacancy's location
    assert _log() == [("interview_invitation", "email", "sent")]
    assert Notification.objects.get().provider_reference == ""


def test_an_interview_recorded_afterwards_sends_nothing(world, application, mailoutbox, sent):
    _schedule(world, application, sent, days=-2)
    assert mailoutbox == [] and _log() == []


def test_the_invitation_goes_only_once_the_schedule_commits(
    world, application, mailoutbox, django_capture_on_commit_callbacks
):
    from onramp.recruitment import services as recruitment

    with django_capture_on_commit_callbacks(execute=False) as queued:
        recruitment.schedule_interview(
            actor=world.recruiter_care,
            application=application,
            held_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert len(queued) == 1 and mailoutbox == []  # logged as queued, sent by the task once the change commits
    assert _log() == [("interview_invitation", "email", "queued")]


# --- interview reminders and deadline warnings: `onramp remind interviews` --------------------------------------


def test_interview_reminder_the_working_day_before_once(world, application, notify, sent):
    interview = _schedule(world, application, sent, days=10)
    assert sent(notices.interview_reminders, today=interview.held_on - datetime.timedelta(days=8)).sent == 0
    day_before = interview.held_on - datetime.timedelta(days=1)
    run = sent(notices.interview_reminders, today=day_before)
    again = sent(notices.interview_reminders, today=day_before)
    assert (run.sent, again.sent, again.skipped) == (1, 0, 1)
    assert [email["subject"] for email in notify.emails] == [
        "Your interview with Weald Care Homes",
        f"Reminder: your interview on {interview.held_on:%A} {interview.held_on.day} {interview.held_on:%B}",
    ]
    assert _log(kind="interview_reminder") == [("interview_reminder", "email", "sent")]


def test_remind_interviews_command_without_notify(world, people, application, mailoutbox, sent):
    from onramp.accounts import services as account_services
    from onramp.recruitment import services as recruitment

    _schedule(world, application, sent, days=1)
    mailoutbox.clear()
    granted = timezone.localdate() - datetime.timedelta(days=40)
    recruitment.grant_interview(
        actor=world.coordinator_kent, person=people.kent, provider=world.scas, granted_on=granted
    )
    for role, email in [("recruiting_manager", "rm@scas.example"), ("onboarding_contact", "ob@scas.example")]:
        account_services.add_contact(actor=world.admin, organisation=world.scas, role=role, name="Sam", email=email)
    out = io.StringIO()
    sent(call_command, "remind", "interviews", stdout=out, stderr=io.StringIO())
    sent(call_command, "remind", "interviews", stdout=out, stderr=io.StringIO())  # a second run sends nothing
    assert sorted(message.to[0] for message in mailoutbox) == ["aisha@example.org", "rm@scas.example"]
    provider_message = next(m for m in mailoutbox if m.to == ["rm@scas.example"])
    assert provider_message.subject == "Guaranteed interviews with South Central Ambulance Service: 1 need arranging"
    assert "Aisha" not in provider_message.body and "Khan" not in provider_message.body
    assert "Deadline warnings to key contacts: 0 sent, 1 already sent today." in out.getvalue()
    assert _log(kind="entitlement_deadline") == [("entitlement_deadline", "email", "sent")]
    assert Notification.objects.get(kind="entitlement_deadline").key_contact.email == "rm@scas.example"


def test_remind_interviews_dry_run_says_who_and_sends_and_logs_nothing(world, people, application, mailoutbox, sent):
    from onramp.accounts import services as account_services
    from onramp.recruitment import services as recruitment

    interview = _schedule(world, application, sent, days=1)
    mailoutbox.clear()
    Notification.objects.all().delete()
    recruitment.grant_interview(
        actor=world.coordinator_kent,
        person=people.kent,
        provider=world.scas,
        granted_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    account_services.add_contact(
        actor=world.admin, organisation=world.scas, role="recruiting_manager", name="Sam", email="RM@scas.example"
    )
    out, err = io.StringIO(), io.StringIO()
    sent(call_command, "remind", "interviews", "--dry-run", stdout=out, stderr=err)
    assert out.getvalue().splitlines() == [
        f"Would remind young person {people.kent.pk} of interview {interview.pk}",
        "Would tell rm@scas.example: 1 guaranteed interviews with South Central Ambulance Service",
        "Interview reminders: 0 sent, 0 already sent. Deadline warnings to key contacts: 0 sent, 0 already sent today.",
    ]
    assert err.getvalue() == ""
    assert mailoutbox == [] and _log() == []


def test_deadline_warnings_through_notify_carry_no_names(world, people, notify, sent):
    from onramp.accounts import services as account_services
    from onramp.recruitment import services as recruitment

    granted = timezone.localdate() - datetime.timedelta(days=40)
    recruitment.grant_interview(
        actor=world.coordinator_kent, person=people.kent, provider=world.scas, granted_on=granted
    )
    account_services.add_contact(
        actor=world.admin, organisation=world.scas, role="charity_lead", name="Lee", email="lee@charity.example"
    )
    sent(call_command, "remind", "interviews", stdout=io.StringIO(), stderr=io.StringIO())
    [email] = notify.emails
    assert email["to"] == "lee@charity.example"
    for value in (email["subject"], email["body"]):
        assert people.kent.given_name not in value and people.kent.family_name not in value
    assert "1 guaranteed interview is near or past the deadline (1 past it)." in email["body"]


def test_deadline_warnings_say_which_provider_has_no_contact(world, people, mailoutbox, sent):
    from onramp.recruitment import services as recruitment

    recruitment.grant_interview(
        actor=world.coordinator_kent,
        person=people.kent,
        provider=world.scas,
        granted_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    err = io.StringIO()
    sent(call_command, "remind", "interviews", stdout=io.StringIO(), stderr=err)
    assert "South Central Ambulance Service: no key contact with an email address; add one on its page." in (
        err.getvalue()
    )
    assert mailoutbox == [] and _log() == []
