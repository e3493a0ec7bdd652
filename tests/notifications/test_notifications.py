"""Notifications: every message's words; ``services.notify`` with GOV.UK Notify configured (the fake client in the
root conftest checks every payload) and without it (Django's e-mail outbox): channels as the young person asked,
text-message fallbacks, failures, the log; the shared wording; the sign-in link; the log page by persona.

Each stage's own messages are tested with the stage: tests/recruitment, tests/support and tests/grants
(``test_notices.py``)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onramp.notifications import messages
from onramp.notifications.models import Notification
from onramp.notifications.services import notify as send
from onramp.notifications.wording import contact_for, when_words

D = datetime.date


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


# --- the shared wording ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "words"),
    [
        (None, "Tuesday 12 March 2024"),
        (datetime.time(10, 30), "Tuesday 12 March 2024 at 10:30am"),
        (datetime.time(9, 0), "Tuesday 12 March 2024 at 9am"),
        (datetime.time(12, 0), "Tuesday 12 March 2024 at midday"),
        (datetime.time(0, 5), "Tuesday 12 March 2024 at 12:05am"),
        (datetime.time(14, 0), "Tuesday 12 March 2024 at 2pm"),
    ],
)
def test_when_words(time, words):
    assert when_words(D(2024, 3, 12), time) == words


def test_contact_for_names_the_coordinator(world, people):
    assert contact_for(people.kent) == "your coordinator"
    people.kent.coordinator = world.coordinator_kent
    assert contact_for(people.kent) == "Coordinator Tester at coordinator-kent@example.org"


# --- channels, fallbacks and failures (an interview invitation to Aisha, sent through notify) --------------------


INVITATION = {
    "job": "Care assistant",
    "employer": "Weald Care Homes",
    "when": "Wednesday 24 September 2025 at 10:30am",
    "day": "Wednesday 24 September",
    "place": "Canterbury",
    "contact": "Coordinator Tester at coordinator-kent@example.org",
}


def _invite(person, sent):
    return sent(send, kind="interview_invitation", young_person=person, context=INVITATION)


def test_an_email_through_notify_is_logged_masked(people, notify, sent):
    [row] = _invite(people.kent, sent)
    [email] = notify.emails
    assert email["to"] == "aisha@example.org" and email["subject"] == "Your interview with Weald Care Homes"
    assert "Hello Aisha," in email["body"] and notify.texts == []
    row.refresh_from_db()
    assert (row.kind, row.channel, row.status, row.recipient_kind) == (
        "interview_invitation",
        "email",
        "sent",
        "young_person",
    )
    assert row.address == "a***@example.org" and row.provider_reference and row.sent_at


def test_without_notify_email_goes_through_django_mail(people, mailoutbox, sent):
    _invite(people.kent, sent)
    [message] = mailoutbox
    assert message.to == ["aisha@example.org"] and "Where: Canterbury" in message.body
    assert _log() == [("interview_invitation", "email", "sent")]
    assert Notification.objects.get().provider_reference == ""


def test_a_message_goes_only_once_its_transaction_commits(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        send(kind="interview_invitation", young_person=people.kent, context=INVITATION)
    assert len(queued) == 1 and mailoutbox == []
    assert _log() == [("interview_invitation", "email", "queued")]


def test_text_messages_through_notify_as_the_young_person_asked(world, people, notify, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="both")
    _invite(people.kent, sent)
    [text] = notify.texts
    assert text["to"] == "07700 900123" and "interview for Care assistant at Weald Care Homes" in text["body"]
    assert messages.sms_fragments(text["body"]) <= 2
    assert len(notify.emails) == 1
    assert _log() == [("interview_invitation", "email", "sent"), ("interview_invitation", "sms", "sent")]
    assert Notification.objects.get(channel="sms").address == "********123"


def test_without_notify_a_text_falls_back_to_email(world, people, mailoutbox, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="sms")
    _invite(people.kent, sent)
    assert [message.to for message in mailoutbox] == [["aisha@example.org"]]
    rows = Notification.objects.order_by("pk")
    assert [(r.channel, r.status, r.reason) for r in rows] == [
        ("sms", "not_sent", "no text message service: sent by email instead"),
        ("email", "sent", ""),
    ]


def test_nothing_to_send_to_is_logged_as_not_sent(world, people, mailoutbox, notify, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(
        actor=world.coordinator_kent, person=people.kent, contact_by="sms", phone="", email=""
    )
    _invite(people.kent, sent)
    assert mailoutbox == [] and notify.emails == notify.texts == []
    row = Notification.objects.get()
    assert (row.channel, row.status, row.reason, row.address) == ("sms", "not_sent", "no phone number", "")


def test_no_phone_with_notify_falls_back_to_email(world, people, notify, sent):
    from onramp.participants import services as participant_services

    participant_services.update_details(actor=world.coordinator_kent, person=people.kent, contact_by="sms", phone="")
    _invite(people.kent, sent)
    assert len(notify.emails) == 1 and notify.texts == []
    assert _log(status="not_sent") == [("interview_invitation", "sms", "not_sent")]


def test_a_failure_at_notify_is_logged_without_the_address(people, notify, sent):
    notify.fail_with = RuntimeError("400 Can't send to aisha@example.org or 07700 900123")
    _invite(people.kent, sent)
    row = Notification.objects.get()
    assert row.status == "failed"
    assert row.reason == "RuntimeError: 400 Can't send to (address) or (address)"


def test_a_reminder_once_ever_or_once_a_day(world, people, mailoutbox, sent):
    context = {"missed": 1, "soon": 0, "summary": "1 check-in in your caseload is missed and 0 are due."}
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)

    def day(when):
        return sent(send, kind="check_in_due", user=world.coordinator_kent, context=context, once="day", today=when)

    def ever():
        return sent(send, kind="interview_reminder", young_person=people.kent, context=INVITATION, once="ever")

    assert [len(day(today)), len(day(today)), len(day(tomorrow))] == [1, 0, 1]
    assert [len(ever()), len(ever())] == [1, 0]
    assert len(mailoutbox) == 3


def test_other_mail_goes_through_the_notify_mailer_too(world, notify):
    """Password resets and new-account links are built by accounts.tasks when sent, through the same Notify mailer."""
    from onramp.accounts.tasks import send_password_email

    sent = send_password_email.call(
        user_id=world.admin.pk, email="password_reset", domain="onramp.example", protocol="https"
    )
    assert sent == 1
    [email] = notify.emails
    assert email["to"] == world.admin.email and "https://onramp.example/" in email["body"]


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
    assert "Text message" in client.get(reverse("site:record", args=[people.kent.pk])).content.decode()


def test_messages_sent_on_the_record_and_erasure(client_as, world, people, sent):
    from onramp.participants import erasure
    from onramp.participants.sar import collect

    _invite(people.kent, sent)
    html = client_as("coordinator_kent").get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "Messages sent" in html and "Interview invitation" in html and "a***@example.org" in html
    assert Notification in collect(people.kent)
    erasure.erase(actor=world.regional_lead, person=people.kent, reason="Asked")
    row = Notification.objects.get()
    assert row.address == "" and row.status == "sent"
    people.kent.refresh_from_db()
    assert people.kent.contact_by == "email"


def test_an_erased_record_is_not_sent_anything(world, people, mailoutbox, sent):
    from onramp.participants import erasure

    erasure.erase(actor=world.regional_lead, person=people.kent, reason="Asked")
    sent(
        send,
        kind="survey_invitation",
        young_person=people.kent,
        context={"title": "t", "introduction": "i", "link": "l"},
    )
    assert mailoutbox == []
    assert Notification.objects.get().reason == "record erased"


# --- the log page ----------------------------------------------------------------------------------------------------


def test_the_log_page_filters_and_scope(client_as, world, people, sent):
    from onramp.core.models import AuditEntry
    from onramp.notifications.services import send_sign_in_link

    _invite(people.kent, sent)
    sent(send_sign_in_link, email="someone@example.org", link="https://x.example/in", minutes=10)
    sent(send, kind="check_in_due", user=world.coordinator_sussex, context={"missed": 1, "soon": 0, "summary": "s"})
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
