"""Two-factor sign-in: RFC 6238 codes, set-up on first sign-in, a code every time after, no reuse, lockout,
an administrator's reset; young people and demo mode are exempt."""

import pytest
from django.urls import reverse

from conftest import PERSONA_PASSWORD
from onramp.accounts.models import User
from onramp.core import totp
from onramp.core.models import AuditEntry

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890", RFC 6238 appendix B


@pytest.mark.parametrize(
    ("time", "code"),
    [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (2000000000, "69279037")],
)
def test_codes_match_the_rfc_vectors(time, code):
    assert totp.code_at(RFC_SECRET, time // 30, digits=8) == code


def test_a_code_is_accepted_once_with_a_step_of_drift():
    secret = totp.new_secret()
    now = 1_700_000_000
    code = totp.code_at(secret, now // 30)
    assert totp.verify(secret, code, now=now) == now // 30
    assert totp.verify(secret, code, now=now + 30) == now // 30  # the previous step still counts
    assert totp.verify(secret, code, now=now + 90) is None
    assert totp.verify(secret, code, now=now, last_step=now // 30) is None  # used already
    assert totp.verify(secret, "12 34", now=now) is None


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def sign_in(client, username):
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": PERSONA_PASSWORD})


def test_staff_set_it_up_then_need_a_code_every_time(client, world, required):
    response = sign_in(client, "coordinator-kent")
    assert response["Location"] == reverse("accounts:two-factor-setup")
    assert client.get(reverse("accounts:my-account"))["Location"].startswith(reverse("accounts:sign-in"))  # not yet
    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    user = User.objects.get(username="coordinator-kent")
    assert "otpauth://totp/" in page and user.totp_secret
    wrong = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"}).content.decode()
    assert "Enter the 6-digit code your authenticator app shows now" in wrong
    code = totp.code_at(user.totp_secret, totp.current_step())
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("accounts:my-account")).status_code == 200
    client.post(reverse("accounts:sign-out"))

    assert sign_in(client, "coordinator-kent")["Location"] == reverse("accounts:two-factor")
    reused = client.post(reverse("accounts:two-factor"), {"code": code}).content.decode()
    assert "Enter the 6-digit code" in reused  # the same code cannot be used twice
    user.refresh_from_db()
    user.totp_last_step -= 1  # as if the last code were from the step before
    user.save()
    assert client.post(reverse("accounts:two-factor"), {"code": code}).status_code == 302
    assert AuditEntry.objects.filter(action="signed_in", actor=user, detail__two_factor=True).count() == 2


def test_young_people_need_no_code(client, world, required):
    assert sign_in(client, "young-a")["Location"] == reverse("site:home")


def test_wrong_codes_lock_the_login(client, world, required, settings):
    settings.LOCKOUT_ATTEMPTS = 3
    sign_in(client, "coordinator-kent")
    client.get(reverse("accounts:two-factor-setup"))
    for _ in range(3):
        client.post(reverse("accounts:two-factor-setup"), {"code": "000000"})
    user = User.objects.get(username="coordinator-kent")
    code = totp.code_at(user.totp_secret, totp.current_step())
    locked = client.post(reverse("accounts:two-factor-setup"), {"code": code}).content.decode()
    assert "Too many failed attempts to sign in" in locked


def test_an_administrator_resets_it(client_as, world):
    user = world.coordinator_kent
    user.totp_secret, user.totp_confirmed_at = totp.new_secret(), user.date_joined
    user.save()
    assert client_as("coordinator_sussex").post(reverse("accounts:two-factor-reset", args=[user.pk])).status_code == 404
    client_as("admin").post(reverse("accounts:two-factor-reset", args=[user.pk]))
    user.refresh_from_db()
    assert not user.totp_secret and user.totp_confirmed_at is None
    assert AuditEntry.objects.filter(action="two_factor.reset", actor=world.admin).exists()


def test_the_second_step_needs_the_first(client, world, required):
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse("accounts:sign-in")
    assert client.get(reverse("accounts:two-factor-setup"))["Location"] == reverse("accounts:sign-in")
