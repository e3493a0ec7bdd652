"""Password reset by e-mail (sent in the background) and password change."""

import re

from django.core import mail
from django.urls import reverse

from conftest import PERSONA_PASSWORD
from onramp.accounts.models import User


def reset_link(message) -> str:
    match = re.search(r"https?://[^/]+(/password-reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_by_email(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "FUNDER@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["funder@example.org"]
    link = reset_link(mail.outbox[0])
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    new_password = "a-brand-new-long-password"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("accounts:password-reset-complete")
    assert User.objects.get(username="funder").check_password(new_password)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_a_malformed_address_is_named(client, db):
    html = client.post(reverse("accounts:password-reset"), {"email": "not-an-address"}).content.decode()
    assert "Enter an email address in the correct format" in html


def test_a_used_link_has_expired(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "funder@example.org"})
    link = reset_link(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": "another-long-password", "new_password2": "another-long-password"})
    html = client.get(link, follow=True).content.decode()
    assert "This link has expired" in html


def test_change_password_needs_the_old_one(client_as, world):
    client = client_as("coordinator_kent")
    url = reverse("accounts:password-change")
    html = client.post(url, {"old_password": "wrong", "new_password1": "x", "new_password2": "x"}).content.decode()
    assert "There is a problem" in html
    response = client.post(
        url,
        {
            "old_password": PERSONA_PASSWORD,
            "new_password1": "a-new-long-password",
            "new_password2": "a-new-long-password",
        },
    )
    assert response["Location"] == reverse("accounts:my-account")
    world.coordinator_kent.refresh_from_db()
    assert world.coordinator_kent.check_password("a-new-long-password")
