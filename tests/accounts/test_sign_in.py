"""Signing in by e-mail or username, signing out, and the audit trail of both."""

from django.urls import reverse

from conftest import PERSONA_PASSWORD
from onramp.core.models import AuditEntry


def test_sign_in_by_email_address(client, world):
    response = client.post(
        reverse("accounts:sign-in"), {"username": "Coordinator-Kent@example.org", "password": PERSONA_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("site:home")
    assert AuditEntry.objects.filter(action="signed_in", actor=world.coordinator_kent).exists()


def test_sign_in_by_username(client, world):
    response = client.post(reverse("accounts:sign-in"), {"username": "funder", "password": PERSONA_PASSWORD})
    assert response.status_code == 302


def test_a_wrong_password_shows_the_error_summary_and_is_audited(client, world):
    response = client.post(reverse("accounts:sign-in"), {"username": "funder", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "There is a problem" in html
    assert "Enter a correct email address (or username) and password" in html
    assert AuditEntry.objects.filter(action="sign_in_failed", detail__login="funder").exists()


def test_blank_fields_are_named(client, db):
    html = client.post(reverse("accounts:sign-in"), {}).content.decode()
    assert "Enter your email address or username" in html
    assert "Enter your password" in html
    assert '<a href="#id_username"' in html


def test_an_inactive_account_cannot_sign_in(client, world):
    world.funder.is_active = False
    world.funder.save()
    response = client.post(reverse("accounts:sign-in"), {"username": "funder", "password": PERSONA_PASSWORD})
    assert response.status_code == 200


def test_sign_out_needs_a_post_and_is_audited(client_as, world):
    client = client_as("funder")
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="signed_out", actor=world.funder).exists()
    assert client.get(reverse("accounts:my-account")).status_code == 302


def test_sign_in_sends_you_back_where_you_were_going(client, world):
    target = reverse("accounts:organisation-list")
    response = client.get(target)
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next={target}"
    response = client.post(response["Location"], {"username": "admin", "password": PERSONA_PASSWORD, "next": target})
    assert response["Location"] == target


def test_navigation_depends_on_the_role(client_as, world):
    def nav(persona):
        html = client_as(persona).get(reverse("site:home")).content.decode()
        labels = (
            "Your plan",
            "Jobs",
            "Your details",
            "Young people",
            "Cohorts",
            "Recruitment",
            "Grants",
            "Programmes",
            "Evaluation",
            "Published figures",
            "Organisations",
            "Imports",
            "Accounts",
            "Reference data",
            "Messages sent",
            "Audit trail",
        )
        return {text for text in labels if f">{text}<" in html}

    assert nav("admin") == {
        "Young people",
        "Cohorts",
        "Recruitment",
        "Grants",
        "Programmes",
        "Evaluation",
        "Organisations",
        "Imports",
        "Accounts",
        "Reference data",
        "Messages sent",
        "Audit trail",
    }
    assert nav("coordinator_kent") == {
        "Young people",
        "Cohorts",
        "Recruitment",
        "Grants",
        "Programmes",
        "Organisations",
    }
    assert "Messages sent" in nav("regional_lead")
    assert nav("recruiter_scas") == {"Recruitment", "Organisations"}
    assert nav("funder") == {"Programmes", "Published figures"}
    assert nav("young_person_a") == {"Your plan", "Jobs", "Your details"}


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, world, settings):
    settings.LOCKOUT_ATTEMPTS = 3
    for _ in range(3):
        client.post(reverse("accounts:sign-in"), {"username": "funder", "password": "wrong"})
    response = client.post(reverse("accounts:sign-in"), {"username": "FUNDER", "password": PERSONA_PASSWORD})
    assert response.status_code == 200
    assert "Too many failed attempts to sign in. Wait 15 minutes" in response.content.decode()
    other = client.post(reverse("accounts:sign-in"), {"username": "admin", "password": PERSONA_PASSWORD})
    assert other.status_code == 302  # another login from the same address is not locked by three failures


def test_the_lockout_passes_with_its_window(client, world, settings):
    import datetime

    from django.utils import timezone

    settings.LOCKOUT_ATTEMPTS = 2
    for _ in range(2):
        client.post(reverse("accounts:sign-in"), {"username": "funder", "password": "wrong"})
    AuditEntry.objects.filter(action="sign_in_failed").update(at=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(reverse("accounts:sign-in"), {"username": "funder", "password": PERSONA_PASSWORD})
    assert response.status_code == 302
