"""Administrators add organisations and accounts; every change is audited."""

from django.core import mail
from django.urls import reverse

from onramp.accounts.models import Organisation, Role, User
from onramp.core.models import AuditEntry


def test_adding_a_coordinator_sends_a_set_up_email(client_as, world, django_capture_on_commit_callbacks):
    client = client_as("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user-create"),
            {
                "first_name": "Nia",
                "last_name": "Evans",
                "email": "Nia.Evans@example.org",
                "username": "nia-evans",
                "role": Role.COORDINATOR,
                "organisation": world.charity.pk,
                "icss": [world.kent.pk, world.sussex.pk],
                "region": "",
            },
        )
    user = User.objects.get(username="nia-evans")
    assert response["Location"] == reverse("accounts:user-detail", args=[user.pk])
    assert user.email == "nia.evans@example.org"
    assert not user.has_usable_password()
    assert set(user.icss.all()) == {world.kent, world.sussex}
    assert AuditEntry.objects.about(user).filter(action="user.created", actor=world.admin).exists()
    assert len(mail.outbox) == 1
    assert "Your username is nia-evans" in mail.outbox[0].body


def test_role_rules_are_named_field_by_field(client_as, world):
    html = (
        client_as("admin")
        .post(
            reverse("accounts:user-create"),
            {
                "first_name": "A",
                "last_name": "B",
                "email": "funder@example.org",
                "username": "admin",
                "role": Role.PROVIDER_RECRUITER,
                "organisation": world.funder_org.pk,
            },
        )
        .content.decode()
    )
    assert "An account already uses this email address" in html
    assert "An account already uses this username" in html
    assert "A provider recruiter must belong to a provider" in html
    assert User.objects.count() == 9


def test_a_coordinator_needs_an_ics_and_a_lead_a_region(client_as, world):
    client = client_as("admin")
    base = {"first_name": "A", "last_name": "B", "email": "new@example.org", "username": "new-person"}
    html = client.post(reverse("accounts:user-create"), base | {"role": Role.COORDINATOR}).content.decode()
    assert "Choose at least one integrated care system for this coordinator" in html
    html = client.post(reverse("accounts:user-create"), base | {"role": Role.REGIONAL_LEAD}).content.decode()
    assert "Choose the region this regional lead leads" in html


def test_changing_an_account_records_old_and_new_values(client_as, world):
    response = client_as("admin").post(
        reverse("accounts:user-edit", args=[world.coordinator_kent.pk]),
        {
            "first_name": "Amira",
            "last_name": "Tester",
            "email": "coordinator-kent@example.org",
            "role": Role.COORDINATOR,
            "organisation": world.charity.pk,
            "icss": [world.sussex.pk],
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.about(world.coordinator_kent).get(action="user.updated")
    assert entry.detail["first_name"] == {"old": "Coordinator", "new": "Amira"}
    assert entry.detail["icss"] == {"old": ["QKS"], "new": ["QNX"]}


def test_viewing_an_account_is_audited(client_as, world):
    client_as("admin").get(reverse("accounts:user-detail", args=[world.funder.pk]))
    assert AuditEntry.objects.about(world.funder).filter(action="user.viewed", actor=world.admin).exists()


def test_adding_an_organisation(client_as, world):
    response = client_as("admin").post(
        reverse("accounts:organisation-create"),
        {
            "name": "East Kent Hospitals",
            "kind": "provider",
            "provider_type": "nhs_trust",
            "code": "rvv",
            "icss": [world.kent.pk],
        },
    )
    organisation = Organisation.objects.get(code="RVV")
    assert response["Location"] == reverse("accounts:organisation-detail", args=[organisation.pk])
    assert list(organisation.icss.all()) == [world.kent]
    assert AuditEntry.objects.about(organisation).filter(action="organisation.created").exists()


def test_organisation_rules_are_named(client_as, world):
    html = (
        client_as("admin")
        .post(reverse("accounts:organisation-create"), {"name": "", "kind": "provider", "code": "QKS"})
        .content.decode()
    )
    assert "Enter the organisation&#39;s name" in html or "Enter the organisation's name" in html
    assert "Choose the type of provider" in html
    assert "An organisation already has this ODS code" in html
    html = (
        client_as("admin")
        .post(reverse("accounts:organisation-create"), {"name": "New ICB", "kind": "ics"})
        .content.decode()
    )
    assert "Enter the integrated care system&#39;s ODS code" in html or "ODS code, for example QKS" in html


def test_lists_filter_and_search(client_as, world):
    html = client_as("admin").get(reverse("accounts:organisation-list"), {"kind": "ics"}).content.decode()
    assert "NHS Kent and Medway ICB" in html and "South Central Ambulance Service" not in html
    html = client_as("admin").get(reverse("accounts:user-list"), {"q": "employer"}).content.decode()
    assert "employer-scas" in html and "coordinator-kent" not in html


def test_the_audit_trail_can_be_filtered(client_as, world):
    html = client_as("admin").get(reverse("accounts:audit"), {"action": "user.created"}).content.decode()
    assert "created an account" in html
    assert AuditEntry.objects.filter(action="audit.viewed", actor=world.admin).exists()


def test_adduser_command_creates_an_administrator_with_a_set_password_link(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("adduser", "first-admin", email="First.Admin@example.org", stdout=out)
    user = User.objects.get(username="first-admin")
    assert user.role == Role.ADMINISTRATOR and user.email == "first.admin@example.org"
    assert "http://127.0.0.1:8000/password-reset/" in out.getvalue()


def test_adduser_command_names_the_bad_option(world):
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--ics: no integrated care system has the ODS code 'ZZZ'"):
        call_command("adduser", "x", email="x@example.org", role=Role.COORDINATOR, ics=["ZZZ"])
    with pytest.raises(CommandError, match="organisation: Choose the organisation this provider recruiter works for"):
        call_command("adduser", "y", email="y@example.org", role=Role.PROVIDER_RECRUITER)
    assert not User.objects.filter(username__in=["x", "y"]).exists()


def test_changing_an_organisation_is_audited_and_keeps_its_kind(client_as, world):
    url = reverse("accounts:organisation-edit", args=[world.scas.pk])
    html = client_as("admin").get(url).content.decode()
    assert 'name="kind"' not in html and 'value="RYE"' in html
    response = client_as("admin").post(
        url,
        {
            "name": "SCAS",
            "provider_type": "ambulance_service",
            "code": "rye",
            "icss": [world.frimley.pk, world.kent.pk],
        },
    )
    assert response["Location"] == reverse("accounts:organisation-detail", args=[world.scas.pk])
    world.scas.refresh_from_db()
    assert (world.scas.name, world.scas.kind, world.scas.code) == ("SCAS", "provider", "RYE")
    entry = AuditEntry.objects.about(world.scas).get(action="organisation.updated")
    assert entry.detail["icss"] == {"old": ["QNQ"], "new": ["QKS", "QNQ"]}
    assert entry.detail["name"]["new"] == "SCAS"
    html = (
        client_as("admin")
        .post(url, {"name": "SCAS", "provider_type": "ambulance_service", "code": "QKS"})
        .content.decode()
    )
    assert "An organisation already has this ODS code" in html


def test_a_care_provider_has_a_cqc_location_id(client_as, world):
    from onramp.accounts.models import Organisation

    client = client_as("admin")
    data = {"name": "Harbour Care", "kind": "provider", "provider_type": "care_provider", "cqc_location": "123"}
    html = client.post(reverse("accounts:organisation-create"), data).content.decode()
    assert "Enter the CQC location ID as 1- and 8 to 11 digits" in html
    assert not Organisation.objects.filter(name="Harbour Care").exists()
    client.post(reverse("accounts:organisation-create"), data | {"cqc_location": " 1-123456789 "})
    assert Organisation.objects.get(name="Harbour Care").cqc_location == "1-123456789"
    html = client.post(
        reverse("accounts:organisation-create"), {"name": "Fund", "kind": "funder", "cqc_location": "1-123456789"}
    ).content.decode()
    assert "Only providers have a CQC location ID" in html
