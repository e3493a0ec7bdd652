"""People make, see and revoke their own API tokens on their account page; administrators see and revoke anyone's."""

from django.urls import reverse

from onramp.accounts import tokens
from onramp.accounts.models import ApiToken
from onramp.core.models import AuditEntry


def test_make_a_token_see_it_once_and_use_it(client_as, world, client):
    browser = client_as("recruiter_care")
    page = browser.post(
        reverse("accounts:token-create"), {"name": "Our applicant tracking system", "expires_in_days": "30"}
    )
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    html = page.content.decode()
    token = html.split('id="token">')[1].split("<")[0]
    assert token.startswith("onr_")
    record = ApiToken.objects.get(user=world.recruiter_care)
    assert record.name == "Our applicant tracking system" and 29 <= (record.expires_at - record.created_at).days <= 30
    assert tokens.user_for(token) == world.recruiter_care
    assert AuditEntry.objects.filter(action="token.created", actor=world.recruiter_care).exists()
    account = browser.get(reverse("accounts:my-account")).content.decode()
    assert f"onr_{record.prefix}_" in account and token not in account and "Our applicant tracking system" in account


def test_the_form_names_what_is_missing(client_as, world):
    html = client_as("coordinator_kent").post(reverse("accounts:token-create"), {"name": ""}).content.decode()
    assert "Enter what this token is for" in html and "Choose when the token should stop working" in html
    assert not ApiToken.objects.exists()


def test_revoke_your_own_token(client_as, world):
    tokens.create_token(actor=None, user=world.coordinator_kent, name="Reports", expires_in_days=90)
    record = ApiToken.objects.get()
    response = client_as("coordinator_kent").post(reverse("accounts:token-revoke", args=[record.pk]))
    assert response["Location"] == reverse("accounts:my-account")
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert "Revoked" in client_as("coordinator_kent").get(reverse("accounts:my-account")).content.decode()


def test_someone_elses_token_is_not_found_and_stays(client_as, world):
    tokens.create_token(actor=None, user=world.coordinator_kent, name="Reports")
    record = ApiToken.objects.get()
    for persona in ("coordinator_sussex", "recruiter_scas", "funder", "young_person_a"):
        assert client_as(persona).post(reverse("accounts:token-revoke", args=[record.pk])).status_code == 404
    assert client_as("coordinator_kent").get(reverse("accounts:token-revoke", args=[record.pk])).status_code == 405
    record.refresh_from_db()
    assert record.revoked_at is None


def test_an_administrator_lists_and_revokes_a_users_tokens(client_as, world):
    tokens.create_token(actor=None, user=world.coordinator_kent, name="Reports")
    record = ApiToken.objects.get()
    admin = client_as("admin")
    html = admin.get(reverse("accounts:user-detail", args=[world.coordinator_kent.pk])).content.decode()
    assert f"onr_{record.prefix}_" in html and "Reports" in html
    response = admin.post(reverse("accounts:token-revoke", args=[record.pk]))
    assert response["Location"] == reverse("accounts:user-detail", args=[world.coordinator_kent.pk])
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert AuditEntry.objects.filter(action="token.revoked", actor=world.admin).exists()


def test_young_people_have_no_tokens(client_as, world):
    html = client_as("young_person_a").get(reverse("accounts:my-account")).content.decode()
    assert "API tokens" not in html
    assert client_as("young_person_a").post(reverse("accounts:token-create"), {"name": "x"}).status_code == 403
