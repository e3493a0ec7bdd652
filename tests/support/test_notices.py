"""In-work support's messages (``support/notices.py``): check-in reminders from `onramp check_ins remind`, to
coordinators (counts only) and young people, sent once; survey invitations by personal link. With GOV.UK Notify
configured (a fake client checks every payload) and without it (Django's e-mail outbox)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from onramp.notifications.models import Notification

D = datetime.date


def _log(**filters) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(**filters).order_by("pk").values_list("kind", "channel", "status"))


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


def test_check_in_dry_run_sends_and_logs_nothing(people, started, mailoutbox, sent):
    out = io.StringIO()
    sent(call_command, "check_ins", "remind", "--dry-run", stdout=out, stderr=io.StringIO())
    check_in = started.check_ins.get(point="week_1", party="young_person")
    assert out.getvalue().splitlines() == [
        "Would tell coordinator-kent@example.org: 0 missed, 2 due this week",
        f"Would remind young person {people.kent.pk} of check-in {check_in.pk}",
        "Coordinators: 0 told, 0 already told today. Young people: 0 reminded, 0 already reminded.",
    ]
    assert mailoutbox == [] and _log() == []


def test_check_ins_of_someone_with_no_coordinator_are_counted_in_a_warning(people, started, mailoutbox, sent):
    from onramp.participants.models import YoungPerson

    YoungPerson.objects.filter(pk=people.kent.pk).update(coordinator=None)
    err = io.StringIO()
    sent(call_command, "check_ins", "remind", stdout=io.StringIO(), stderr=err)
    assert "2 check-ins belong to young people with no coordinator (or no email)." in err.getvalue()
    assert [message.to for message in mailoutbox] == [["aisha@example.org"]]  # she is still reminded
    assert "contact your coordinator" in mailoutbox[0].body


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
