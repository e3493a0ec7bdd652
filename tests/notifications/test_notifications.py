"""Notifications: each trigger with GOV.UK Notify configured (a fake client checks every payload) and without it
(Django's e-mail outbox); the log; reminders sent once; text-message fallbacks; the log page by persona."""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from onramp.notifications import messages
from onramp.notifications.models import Notification

D = datetime.date
EMAIL_TEMPLATE, SMS_TEMPLATE = "11111111-email-template", "22222222-sms-template"


class FakeNotify:
    """Stands in for notifications_python_client's NotificationsAPIClient and checks each payload."""

    def __init__(self) -> None:
        self.emails: list[dict] = []
        self.texts: list[dict] = []
        self.fail_with: Exception | None = None

    def send_email_notification(self, *, email_address, template_id, personalisation):
        assert template_id == EMAIL_TEMPLATE
        assert set(personalisation) == {"subject", "body"}
        assert "@" in email_address
        self._check(personalisation)
        if self.fail_with:
            raise self.fail_with
        self.emails.append({"to": email_address, **personalisation})
        return {"id": str(uuid.uuid4())}

    def send_sms_notification(self, *, phone_number, template_id, personalisation):
        assert template_id == SMS_TEMPLATE
        assert set(personalisation) == {"body"}
        assert phone_number
        self._check(personalisation)
        self.texts.append({"to": phone_number, **personalisation})
        return {"id": str(uuid.uuid4())}

    @staticmethod
    def _check(personalisation: dict) -> None:
        for value in personalisation.values():
            assert isinstance(value, str) and value.strip()
            assert "((" not in value and "))" not in value, value


@pytest.fixture
def notify(settings, monkeypatch):
    """GOV.UK Notify configured, with the fake client wherever one is made."""
    fake = FakeNotify()
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    settings.MAILERS = {"default": {"BACKEND": "onramp.core.notify.NotifyEmailBackend"}}
    monkeypatch.setattr("onramp.core.notify.client", lambda: fake)
    return fake


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the code under test and then its on-commit sends, as a committed transaction would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def _log(**filters) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(**filters).order_by("pk").values_list("kind", "channel", "status"))


# --- the messages ----------------------------------------------------------------------------------------------


SAMPLE = {
    "programme": "Onramp",
    "name": "Aisha",
    "job": "Healthcare assistant",
    "employer": "Maidstone and Tunbridge Wells NHS Trust",
    "when": "Wednesday 24 September 2025 at 10:30am",
    "day": "Wednesday 24 September",
    "place": "Ward 5, Maidstone Hospital",
    "contact": "Coordinator Tester at coordinator-kent@example.org",
    "provider": "Weald Care Homes",
    "count": 3,
    "summary": "3 guaranteed interviews are near or past the deadline (1 past it).",
    "missed": 2,
    "soon": 1,
    "due": "Friday 3 October 2025",
    "amount": "£45",
    "what": "travel",
    "reason": "The bus pass is paid by the college.",
    "title": "How is work going?",
    "introduction": "We would like to know how things are going.",
    "link": "https://onramp.example/s/" + "x" * 43 + "/",
    "minutes": 15,
}


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_every_message_renders_and_texts_fit_two_fragments(key):
    rendered = messages.render(key, SAMPLE)
    for text in (rendered.subject, rendered.body, rendered.sms):
        assert "((" not in text and text.strip()
    assert messages.sms_fragments(rendered.sms) <= 2, (key, len(rendered.sms))
    assert messages.KIND_OF[key] in messages.KINDS


def test_a_missing_placeholder_is_refused():
    with pytest.raises(KeyError, match="needs link, minutes"):
        messages.render("sign_in_link", {"programme": "Onramp"})


# --- interview invitations --------------------------------------------------------------------------------------


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


def test_text_messages_through_notify_as_the_young_person_asked(world, people, application, notify, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="both")
    _schedule(world, application, sent)
    [text] = notify.texts
    assert text["to"] == "07700 900123" and "interview for Care assistant at Weald Care Homes" in text["body"]
    assert messages.sms_fragments(text["body"]) <= 2
    assert len(notify.emails) == 1
    assert _log() == [("interview_invitation", "email", "sent"), ("interview_invitation", "sms", "sent")]
    assert Notification.objects.get(channel="sms").address == "********123"


def test_without_notify_a_text_falls_back_to_email(world, people, application, mailoutbox, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="sms")
    _schedule(world, application, sent)
    assert [message.to for message in mailoutbox] == [["aisha@example.org"]]
    rows = Notification.objects.order_by("pk")
    assert [(r.channel, r.status, r.reason) for r in rows] == [
        ("sms", "not_sent", "no text message service: sent by email instead"),
        ("email", "sent", ""),
    ]


def test_nothing_to_send_to_is_logged_as_not_sent(world, people, application, mailoutbox, notify, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(
        actor=world.coordinator_kent, person=people.kent, contact_by="sms", phone="", email=""
    )
    _schedule(world, application, sent)
    assert mailoutbox == [] and notify.emails == notify.texts == []
    row = Notification.objects.get()
    assert (row.channel, row.status, row.reason, row.address) == ("sms", "not_sent", "no phone number", "")


def test_no_phone_with_notify_falls_back_to_email(world, people, application, notify, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="sms", phone="")
    _schedule(world, application, sent)
    assert len(notify.emails) == 1 and notify.texts == []
    assert _log(status="not_sent") == [("interview_invitation", "sms", "not_sent")]


def test_a_failure_at_notify_is_logged_without_the_address(world, application, notify, sent):
    notify.fail_with = RuntimeError("400 Can't send to aisha@example.org or 07700 900123")
    _schedule(world, application, sent)
    row = Notification.objects.get()
    assert row.status == "failed"
    assert row.reason == "RuntimeError: 400 Can't send to (address) or (address)"


# --- interview reminders and deadline warnings: `onramp remind interviews` --------------------------------------


def test_interview_reminder_the_working_day_before_once(world, application, notify, sent):
    from onramp.recruitment import notices

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


# --- check-ins: `onramp check_ins remind` -------------------------------------------------------------------------


@pytest.fixture
def started(world, people, accepted_offer):
    """Aisha started work five days ago: her week-1 check-in is due in two days."""
    from onramp.checks import services as checks
    from onramp.participants.models import YoungPerson

    YoungPerson.objects.filter(pk=people.kent.pk).update(coordinator=world.coordinator_kent)
    return checks.confirm_start(
        actor=world.coordinator_kent,
        offer=accepted_offer,
        started_on=timezone.localdate() - datetime.timedelta(days=5),
        reason="Checks in hand",
    )


def test_check_in_reminders_through_notify(world, people, started, notify, sent):
    out = io.StringIO()
    sent(call_command, "check_ins", "remind", stdout=out, stderr=io.StringIO())
    sent(call_command, "check_ins", "remind", stdout=out, stderr=io.StringIO())
    by_address = {email["to"]: email for email in notify.emails}
    assert set(by_address) == {"aisha@example.org", "coordinator-kent@example.org"}
    to_person = by_address["aisha@example.org"]
    assert to_person["subject"] == "How is your new job going?"
    assert "your job at Weald Care Homes" in to_person["body"]
    to_coordinator = by_address["coordinator-kent@example.org"]
    assert to_coordinator["subject"] == "Check-ins: 0 missed, 2 due this week"  # the young person's and the employer's
    assert "Aisha" not in to_coordinator["body"]
    assert "Coordinators: 0 told, 1 already told today. Young people: 0 reminded, 1 already reminded." in out.getvalue()
    assert sorted(_log()) == [("check_in_due", "email", "sent"), ("check_in_reminder", "email", "sent")]


def test_check_in_reminders_without_notify(world, people, started, mailoutbox, sent):
    sent(call_command, "check_ins", "remind", stdout=io.StringIO(), stderr=io.StringIO())
    assert sorted(message.to[0] for message in mailoutbox) == ["aisha@example.org", "coordinator-kent@example.org"]
    assert Notification.objects.get(kind="check_in_due").user == world.coordinator_kent
    assert Notification.objects.get(kind="check_in_reminder").about_type.model == "checkin"


def test_check_in_dry_run_sends_and_logs_nothing(started, mailoutbox, sent):
    out = io.StringIO()
    sent(call_command, "check_ins", "remind", "--dry-run", stdout=out, stderr=io.StringIO())
    assert "Would tell coordinator-kent@example.org" in out.getvalue()
    assert mailoutbox == [] and _log() == []


# --- grant decisions ------------------------------------------------------------------------------------------------


@pytest.fixture
def grant(world, people):
    from onramp.grants import services as grants
    from onramp.participants.models import ProgrammePhase, YoungPerson

    YoungPerson.objects.filter(pk=people.kent.pk).update(coordinator=world.coordinator_kent)
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="First phase", starts_on=D(2023, 1, 1), ends_on=D(2099, 12, 31)
    )
    grants.set_budget(actor=world.admin, phase=phase, ics=world.kent, amount=Decimal("500"))
    grants.set_limit(actor=world.admin, user=world.regional_lead, limit=Decimal("100"))
    return grants.request_grant(
        actor=world.coordinator_kent,
        person=people.kent,
        category="travel",
        amount=Decimal("45"),
        need="Bus pass",
        requested_on=timezone.localdate(),
    )


def test_grant_approved_through_notify(world, grant, notify, sent):
    from onramp.grants import services as grants

    sent(grants.decide, actor=world.regional_lead, grant=grant, approve=True)
    [email] = notify.emails
    assert email["subject"] == "Your grant has been approved"
    assert "We will pay £45 for travel." in email["body"]
    assert _log() == [("grant_decided", "email", "sent")]
    assert Notification.objects.get().about_id == str(grant.pk)


def test_grant_declined_without_notify_gives_the_reason(world, grant, mailoutbox, sent):
    from onramp.grants import services as grants

    sent(grants.decide, actor=world.regional_lead, grant=grant, approve=False, note="The college pays for bus passes.")
    [message] = mailoutbox
    assert message.subject == "Your grant request"
    assert "We cannot pay for travel this time." in message.body
    assert "This is why: The college pays for bus passes." in message.body
    assert _log() == [("grant_decided", "email", "sent")]


# --- survey invitations ---------------------------------------------------------------------------------------------


@pytest.fixture
def survey(world, people):
    from onramp.participants import services as participant_services
    from onramp.support import services as support

    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="surveys",
        lawful_basis="consent",
        given_on=D(2024, 1, 10),
    )
    return support.save_survey(
        actor=world.admin, code="pulse", title="How is work going?", introduction="", questions="ok | yes_no | Good?"
    )


def test_survey_invitation_through_notify_by_text(world, people, survey, notify, sent):
    from onramp.participants import services as participant_services
    from onramp.support import services as support

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="sms")
    invitation = sent(
        support.send_survey,
        actor=world.coordinator_kent,
        survey=survey,
        person=people.kent,
        link_for=lambda token: f"https://onramp.example/s/{token}/",
    )
    [text] = notify.texts
    assert f"/s/{invitation.token}/" in text["body"] and notify.emails == []
    assert _log() == [("survey_invitation", "sms", "sent")]
    row = Notification.objects.get()
    assert invitation.token not in f"{row.reason}{row.address}{row.once_key}{row.about_id}"


def test_survey_invitation_without_notify(world, people, survey, mailoutbox, sent):
    from onramp.support import services as support

    invitation = sent(
        support.send_survey,
        actor=world.coordinator_kent,
        survey=survey,
        person=people.kent,
        link_for=lambda t: f"/s/{t}/",
    )
    [message] = mailoutbox
    assert message.subject == "How is work going?" and f"/s/{invitation.token}/" in message.body
    assert _log() == [("survey_invitation", "email", "sent")]


def test_other_mail_goes_through_the_notify_mailer_too(db, notify):
    """Password resets and new-account links still use core.tasks.send_email, through the same Notify mailer."""
    from onramp.core.tasks import send_email

    assert send_email.call(subject="Reset your password", body="Use this link", to=["a@example.org"]) == 1
    assert notify.emails == [{"to": "a@example.org", "subject": "Reset your password", "body": "Use this link"}]


# --- the sign-in link, for the young person's portal ----------------------------------------------------------------


def test_sign_in_link_through_notify_logs_no_link(db, notify, sent):
    from onramp.notifications.services import send_sign_in_link

    row = sent(
        send_sign_in_link, email="Someone@Example.org", link="https://onramp.example/in/secret-token", minutes=15
    )
    [email] = notify.emails
    assert email["subject"] == "Your link to sign in" and "secret-token" in email["body"]
    assert "works once, for 15 minutes" in email["body"]
    row.refresh_from_db()
    assert (row.kind, row.channel, row.status, row.recipient_kind, row.address) == (
        "sign_in_link",
        "email",
        "sent",
        "address",
        "S***@Example.org",
    )
    assert "secret-token" not in " ".join(str(value) for value in Notification.objects.values().get().values())


def test_sign_in_link_without_notify(db, mailoutbox, sent):
    from onramp.notifications.services import send_sign_in_link

    sent(send_sign_in_link, email="someone@example.org", link="https://onramp.example/in/abc", minutes=10)
    [message] = mailoutbox
    assert message.subject == "Your link to sign in" and "https://onramp.example/in/abc" in message.body


# --- records, erasure and subject access ---------------------------------------------------------------------------


def test_contact_preference_on_the_edit_form_and_record(client_as, world, people):
    url = reverse("participants:edit", args=[people.kent.pk])
    client = client_as("coordinator_kent")
    page = client.get(url).content.decode()
    assert "How do they want us to send them messages?" in page
    data = {
        "given_name": "Aisha",
        "family_name": "Khan",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2004",
        "postcode": "CT1 1AA",
        "email": "aisha@example.org",
        "phone": "",
        "contact_by": "sms",
    }
    refused = client.post(url, data).content.decode()
    assert "Enter a mobile phone number to send them text messages" in refused
    client.post(url, {**data, "phone": "07700 900123"})
    people.kent.refresh_from_db()
    assert people.kent.contact_by == "sms"
    assert "Text message" in client.get(reverse("participants:record", args=[people.kent.pk])).content.decode()


def test_messages_sent_on_the_record_and_erasure(client_as, world, people, application, sent):
    from onramp.participants import erasure
    from onramp.participants.sar import collect

    _schedule(world, application, sent)
    html = client_as("coordinator_kent").get(reverse("participants:record", args=[people.kent.pk])).content.decode()
    assert "Messages sent" in html and "Interview invitation" in html and "a***@example.org" in html
    assert Notification in collect(people.kent)
    erasure.erase(actor=world.regional_lead, person=people.kent, reason="Asked")
    row = Notification.objects.get()
    assert row.address == "" and row.status == "sent"
    people.kent.refresh_from_db()
    assert people.kent.contact_by == "email"


def test_an_erased_record_is_not_sent_anything(world, people, mailoutbox, sent):
    from onramp.notifications.services import notify
    from onramp.participants import erasure

    erasure.erase(actor=world.regional_lead, person=people.kent, reason="Asked")
    sent(
        notify,
        kind="survey_invitation",
        young_person=people.kent,
        context={"title": "t", "introduction": "i", "link": "l"},
    )
    assert mailoutbox == []
    assert Notification.objects.get().reason == "record erased"


# --- the log page ----------------------------------------------------------------------------------------------------


def test_the_log_page_filters_and_scope(client_as, world, people, application, sent):
    from onramp.core.models import AuditEntry
    from onramp.notifications.services import notify, send_sign_in_link

    _schedule(world, application, sent)
    sent(send_sign_in_link, email="someone@example.org", link="https://x.example/in", minutes=10)
    sent(notify, kind="check_in_due", user=world.coordinator_sussex, context={"missed": 1, "soon": 0, "summary": "s"})
    url = reverse("notifications:log")
    admin = client_as("admin").get(url).content.decode()
    for address in ("a***@example.org", "s***@example.org", "c***@example.org"):
        assert address in admin
    assert "someone@example.org" not in admin and "aisha@example.org" not in admin
    only = client_as("admin").get(url, {"kind": "sign_in_link"}).content.decode()
    assert "s***@example.org" in only and "a***@example.org" not in only
    next_year = timezone.localdate().year + 1
    later = client_as("admin").get(url, {"since_day": "1", "since_month": "1", "since_year": next_year})
    assert "No messages match." in later.content.decode()
    bad = client_as("admin").get(url, {"status": "sent", "since_day": "40", "since_month": "1", "since_year": "2025"})
    assert "From must be a real date" in bad.content.decode()
    lead = client_as("regional_lead").get(url).content.decode()
    assert "a***@example.org" in lead and "s***@example.org" not in lead and "c***@example.org" not in lead
    assert AuditEntry.objects.filter(action="notifications.viewed", actor=world.admin).count() == 4
    assert AuditEntry.objects.filter(action="notifications.viewed", detail__kind="sign_in_link").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("regional_lead", 200), ("coordinator_kent", 403), ("recruiter_care", 403), ("funder", 403)],
)
def test_the_log_page_by_persona(client_as, persona, status):
    assert client_as(persona).get(reverse("notifications:log")).status_code == status
