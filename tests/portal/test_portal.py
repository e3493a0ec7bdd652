"""The young person's portal: signing up (with the eligibility check), signing in by e-mail link, and doing
their part of the journey themselves."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onramp.accounts.models import Role, User
from onramp.core.models import AuditEntry
from onramp.grants import services as grant_services
from onramp.grants.models import Grant
from onramp.participants.models import ConsentPurpose, ProgrammePhase, YoungPerson
from onramp.plans import services as plan_services
from onramp.portal import tokens
from onramp.portal.models import VacancyInterest
from onramp.recruitment import services as recruitment

D = datetime.date


def _form(**changes):
    born = timezone.localdate().replace(year=timezone.localdate().year - 19, day=1)
    data = {
        "given_name": "Maya",
        "family_name": "Osei",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "postcode": "ct1 1aa",
        "email": "Maya.Osei@example.org",
        "phone": "07700 900456",
        "agree": "on",
    }
    return data | changes


def _link_in(message) -> str:
    return re.search(r"http://testserver(/my/sign-in/[^\s]+/)", message.body).group(1)


def _join(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("portal:join"), _form(**changes))


def test_sign_up_then_sign_in_with_the_link(client, people, django_capture_on_commit_callbacks):
    response = _join(client, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("portal:check-email")
    person = YoungPerson.objects.get(email="maya.osei@example.org")
    account = person.account
    assert account.role == Role.YOUNG_PERSON and not account.has_usable_password()
    assert person.programme == people.programme and person.eligible and person.referral_source == "self"
    assert person.events.filter(type="registered").exists()
    assert person.consents.in_force().filter(purpose=ConsentPurpose.DELIVERY).exists()
    assert AuditEntry.objects.filter(action="portal.signed_up", actor=account).exists()
    (message,) = mail.outbox
    assert message.to == ["maya.osei@example.org"] and "works once" in message.body
    from onramp.notifications.models import Notification

    logged = Notification.objects.get(kind="sign_in_link")
    assert "maya.osei@example.org" not in str(vars(logged)) and "/my/sign-in/" not in str(vars(logged))
    page = client.get(reverse("portal:check-email")).content.decode()
    assert "Maya.Osei@example.org" in page
    link = _link_in(message)
    assert "Sign in" in client.get(link).content.decode()  # opening the link does not sign in
    assert client.get(reverse("portal:plan")).status_code == 302
    response = client.post(link)
    assert response["Location"] == reverse("site:home")
    assert "Hello Maya" in client.get(reverse("site:home")).content.decode()
    client.logout()
    assert client.post(link).status_code == 400  # spent


def test_a_link_stops_working_after_its_time(client, people, django_capture_on_commit_callbacks, monkeypatch):
    _join(client, django_capture_on_commit_callbacks)
    link = _link_in(mail.outbox[0])
    later = tokens.links._now() + datetime.timedelta(minutes=tokens.LINK_MINUTES + 1)
    monkeypatch.setattr(tokens.links, "_now", lambda: later)
    response = client.post(link)
    assert response.status_code == 400 and "This link has stopped working" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"date_of_birth_year": str(timezone.localdate().year - 40)},
            "You are 40. This programme is for people aged 16 to 30.",
        ),
        ({"date_of_birth_year": str(timezone.localdate().year - 14)}, "You are 14. You can join when you are 16."),
        ({"postcode": "SW1A 1AA"}, "You live in an area this programme does not cover yet."),
    ],
)
def test_not_eligible_says_why_and_keeps_nothing(client, people, django_capture_on_commit_callbacks, changes, reason):
    before = YoungPerson.objects.count(), User.objects.count()
    response = _join(client, django_capture_on_commit_callbacks, **changes)
    html = response.content.decode()
    assert response.status_code == 200 and "You cannot join this programme" in html and reason in html
    assert "We have not kept the details you gave us" in html
    assert (YoungPerson.objects.count(), User.objects.count()) == before and not mail.outbox


def test_bad_answers_are_named(client, people):
    html = client.post(reverse("portal:join"), {"given_name": "Maya", "postcode": "nowhere"}).content.decode()
    for text in ("Enter your last name", "Enter a real postcode", "Enter your email address", "Tick the box"):
        assert text in html
    assert "Date of birth" in html and not YoungPerson.objects.filter(given_name="Maya").exists()


def test_signing_up_again_sends_a_link_and_changes_nothing(client, people, django_capture_on_commit_callbacks):
    _join(client, django_capture_on_commit_callbacks)
    count = YoungPerson.objects.count()
    response = _join(client, django_capture_on_commit_callbacks, given_name="Someone", family_name="Else")
    assert response["Location"] == reverse("portal:check-email")
    assert YoungPerson.objects.count() == count and len(mail.outbox) == 2
    # A staff address gets nothing, but the page says the same.
    response = _join(client, django_capture_on_commit_callbacks, email="coordinator-kent@example.org")
    assert response["Location"] == reverse("portal:check-email") and len(mail.outbox) == 2


def test_a_record_staff_made_is_joined_to_the_new_account(client, world, people, django_capture_on_commit_callbacks):
    people.kent.account = None
    people.kent.save(update_fields=["account"])
    world.young_person_a.delete()
    born = people.kent.date_of_birth
    _join(
        client,
        django_capture_on_commit_callbacks,
        email="aisha@example.org",
        date_of_birth_day=str(born.day),
        date_of_birth_month=str(born.month),
        date_of_birth_year=str(born.year),
    )
    people.kent.refresh_from_db()
    assert people.kent.account is not None and people.kent.account.email == "aisha@example.org"
    assert YoungPerson.objects.filter(email="aisha@example.org").count() == 1


def test_ask_for_a_link(client, world, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:sign-in"), {"email": world.young_person_a.email})
        client.post(reverse("portal:sign-in"), {"email": "nobody@example.org"})
        client.post(reverse("portal:sign-in"), {"email": world.coordinator_kent.email})
    assert [m.to for m in mail.outbox] == [[world.young_person_a.email]]


# --- signed in ---------------------------------------------------------------------------------------------


def _vacancy(world, title="Healthcare support worker"):
    return recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title=title,
        role="healthcare_assistant",
        band_or_pay="Band 2",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=D(2099, 1, 1),
        posts=1,
        closed=False,
    )


def test_home_shows_plan_and_interviews(client_as, world, people):
    person = people.kent
    today = timezone.localdate()
    plan_services.agree_plan(
        actor=world.coordinator_kent,
        person=person,
        barriers=[],
        barrier_notes="",
        goals="Work as a healthcare assistant",
        agreed_on=today,
    )
    plan_services.add_action(
        actor=world.coordinator_kent,
        person=person,
        description="Write a CV",
        owner="young_person",
        due_on=today + datetime.timedelta(days=7),
        agreed_on=today,
    )
    from onramp.participants import services as participant_services

    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=person,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=today,
        organisation=world.care,
    )
    application = recruitment.refer(
        actor=world.coordinator_kent, person=person, vacancy=_vacancy(world, "Care assistant")
    )
    recruitment.schedule_interview(
        actor=world.recruiter_care, application=application, held_on=today + datetime.timedelta(days=3)
    )
    client = client_as("young_person_a")
    html = client.get(reverse("site:home")).content.decode()
    assert "Hello Aisha" in html and "You have 1 thing to do" in html
    assert "Interview: " in html and f"Care assistant at {world.care.name}" in html
    plan = client.get(reverse("portal:plan")).content.decode()
    assert "Write a CV" in plan and "Work as a healthcare assistant" in plan


def test_jobs_and_interest(client_as, world, people):
    vacancy = _vacancy(world)
    client = client_as("young_person_a")
    assert "Healthcare support worker" in client.get(reverse("portal:jobs")).content.decode()
    client.post(reverse("portal:interest", args=[vacancy.pk]), {"interested": "yes"})
    assert VacancyInterest.objects.current().filter(young_person=people.kent, vacancy=vacancy).exists()
    staff = client_as("coordinator_kent").get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "Jobs they said they are interested in" in staff and "Healthcare support worker" in staff
    client = client_as("young_person_a")
    client.post(reverse("portal:interest", args=[vacancy.pk]), {"interested": "no"})
    assert not VacancyInterest.objects.current().exists()
    # Someone in Sussex does not see a Kent care home's job (the care home works in Kent only), nor can they act on it.
    other = client_as("young_person_b")
    assert "Healthcare support worker" not in other.get(reverse("portal:jobs")).content.decode()
    assert other.post(reverse("portal:interest", args=[vacancy.pk]), {"interested": "yes"}).status_code == 404


def test_ask_for_a_grant(client_as, world, people):
    today = timezone.localdate()
    client = client_as("young_person_a")
    form = {"category": "travel", "amount": "45.50", "need": "Bus fares for my first month"}
    html = client.post(reverse("portal:grant"), form).content.decode()
    assert "Grants cannot be asked for online at the moment" in html and not Grant.objects.exists()
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="Now", starts_on=today - datetime.timedelta(days=30), ends_on=today
    )
    grant_services.set_budget(actor=world.admin, phase=phase, ics=world.kent, amount=Decimal("500"))
    response = client.post(reverse("portal:grant"), form)
    assert response["Location"] == reverse("site:home")
    grant = Grant.objects.get()
    assert grant.young_person == people.kent and grant.requested_by == world.young_person_a
    assert grant.amount == Decimal("45.50")
    assert "Waiting for a decision" in client.get(reverse("site:home")).content.decode()
    html = client_as("coordinator_kent").get(reverse("grants:list")).content.decode()
    assert people.kent.full_name in html
    assert (
        "Enter how much you need"
        in client_as("young_person_a").post(reverse("portal:grant"), {"need": "x"}).content.decode()
    )


def test_change_contact_details(client_as, world, people):
    client = client_as("young_person_a")
    html = client.post(
        reverse("portal:details"), {"email": "aisha@example.org", "phone": "", "contact_by": "sms"}
    ).content.decode()
    assert "Enter your mobile number so we can send you text messages" in html
    response = client.post(
        reverse("portal:details"), {"email": "Aisha.New@example.org", "phone": "07700 900999", "contact_by": "both"}
    )
    assert response["Location"] == reverse("site:home")
    people.kent.refresh_from_db()
    world.young_person_a.refresh_from_db()
    assert people.kent.email == world.young_person_a.email == "aisha.new@example.org"
    assert people.kent.phone == "07700 900999" and people.kent.contact_by == "both"
    html = (
        client_as("young_person_a")
        .post(reverse("portal:details"), {"email": world.coordinator_kent.email, "phone": "", "contact_by": "email"})
        .content.decode()
    )
    assert "This email address is used by another account" in html


def test_consents(client_as, world, people):
    client = client_as("young_person_a")
    html = client.get(reverse("portal:consents")).content.decode()
    assert "Asking you to fill in short surveys" in html
    client.post(reverse("portal:consent-change"), {"change": "give", "purpose": "surveys"})
    consent = people.kent.consents.in_force().get(purpose="surveys")
    client.post(reverse("portal:consent-change"), {"change": "withdraw", "consent": consent.pk})
    assert not people.kent.consents.in_force().filter(purpose="surveys").exists()
    # Programme delivery is not switched off here: they talk to their coordinator.
    from onramp.participants import services

    delivery = services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="programme_delivery",
        lawful_basis="consent",
        given_on=D(2024, 1, 10),
    )
    client.post(reverse("portal:consent-change"), {"change": "withdraw", "consent": delivery.pk})
    assert people.kent.consents.in_force().filter(pk=delivery.pk).exists()
    # Someone else's consent is not theirs to change.
    other = services.record_consent(
        actor=world.coordinator_sussex,
        person=people.sussex,
        purpose="surveys",
        lawful_basis="consent",
        given_on=D(2024, 2, 1),
    )
    client.post(reverse("portal:consent-change"), {"change": "withdraw", "consent": other.pk})
    assert people.sussex.consents.in_force().filter(pk=other.pk).exists()


def test_download_my_data_and_set_a_password(client_as, world, people):
    client = client_as("young_person_a")
    response = client.get(reverse("portal:data"))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "sar.json" in names
    assert AuditEntry.objects.filter(action="sar.exported", actor=world.young_person_a).exists()
    response = client.post(
        reverse("portal:password"),
        {"new_password1": "purple-river-lantern", "new_password2": "purple-river-lantern"},
    )
    assert response["Location"] == reverse("site:home")
    world.young_person_a.refresh_from_db()
    assert world.young_person_a.check_password("purple-river-lantern")


def test_staff_are_refused_the_portal_and_young_people_the_staff_pages(client_as, world, people):
    for name in ("plan", "jobs", "details", "consents", "grant", "password", "data"):
        assert client_as("coordinator_kent").get(reverse(f"portal:{name}")).status_code == 403
    assert client_as("young_person_a").get(reverse("site:caseload")).status_code == 403
    staff = client_as("coordinator_kent")
    assert staff.post(reverse("portal:consent-change"), {"change": "give", "purpose": "surveys"}).status_code == 403
    vacancy = _vacancy(world)
    assert staff.post(reverse("portal:interest", args=[vacancy.pk]), {"interested": "yes"}).status_code == 403
    assert client_as("anonymous").post(reverse("portal:interest", args=[vacancy.pk])).status_code == 302


def test_links_to_one_account_are_limited_each_hour(client, world, people, django_capture_on_commit_callbacks):
    from onramp.portal.services import LINKS_PER_HOUR

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(LINKS_PER_HOUR + 2):
            response = client.post(reverse("portal:sign-in"), {"email": world.young_person_a.email})
            assert response["Location"] == reverse("portal:check-email")
    assert len(mail.outbox) == LINKS_PER_HOUR
