"""The JSON API: bearer tokens, scope per persona, the same services and rules as the web, problem details."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from onramp.accounts import tokens
from onramp.accounts.models import ApiToken
from onramp.participants.models import YoungPerson


@pytest.fixture
def token_for(world):
    def make(persona: str) -> str:
        return tokens.create_token(actor=None, user=world.persona(persona))

    return make


@pytest.fixture
def api(client, token_for):
    def call(persona, method, path, data=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(persona)}"} if persona != "anonymous" else {}
        kwargs = {"content_type": "application/json", "data": data} if data is not None else {}
        return getattr(client, method)(f"/api/v1{path}", **kwargs, **headers)

    return call


def test_the_schema_and_docs_are_public(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Onramp API"
    assert {"/api/v1/participants", "/api/v1/events", "/api/v1/organisations"} <= set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200


def test_no_token_is_a_401_problem(client, db):
    response = client.get("/api/v1/participants")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Authentication required"


def test_token_command_prints_only_the_token_and_stores_a_hash(world):
    out = io.StringIO()
    call_command("token", "create", "coordinator-kent", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("onr_") and "\n" not in token
    record = ApiToken.objects.get()
    assert token not in {record.key_hash, record.prefix} and len(record.key_hash) == 64
    assert tokens.user_for(token) == world.coordinator_kent


def test_revoked_and_expired_tokens_are_refused(client, world):
    token = tokens.create_token(actor=None, user=world.admin)
    tokens.revoke_token(actor=None, prefix=ApiToken.objects.get().prefix)
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    expiring = tokens.create_token(actor=None, user=world.admin, expires_in_days=1)
    ApiToken.objects.filter(revoked_at=None).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {expiring}").status_code == 401


SEES_KENT = {"coordinator_kent", "regional_lead", "admin"}


@pytest.mark.parametrize(
    ("persona", "status", "count"),
    [
        ("coordinator_kent", 200, 1),
        ("coordinator_sussex", 200, 1),
        ("regional_lead", 200, 2),
        ("admin", 200, 2),
        ("recruiter_scas", 403, None),
        ("funder", 403, None),
        ("young_person_a", 403, None),
    ],
)
def test_participant_list_scope_per_persona(api, people, persona, status, count):
    response = api(persona, "get", "/participants?limit=10")
    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count


@pytest.mark.parametrize(
    "persona",
    [
        "coordinator_kent",
        "coordinator_sussex",
        "regional_lead",
        "recruiter_scas",
        "recruiter_care",
        "funder",
        "young_person_a",
        "admin",
    ],
)
def test_participant_detail_scope_per_persona(api, people, persona):
    response = api(persona, "get", f"/participants/{people.kent.pk}")
    expected = 200 if persona in SEES_KENT else 404 if persona == "coordinator_sussex" else 403
    assert response.status_code == expected
    assert response["Content-Type"] == (
        "application/json; charset=utf-8" if expected == 200 else "application/problem+json"
    )


def test_paging(api, people):
    page = api("admin", "get", "/participants?limit=1&offset=1").json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 1, 1)
    response = api("admin", "get", "/participants?limit=0")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "limit"


def test_create_participant_through_the_service(api, people):
    response = api(
        "coordinator_kent",
        "post",
        "/participants",
        {
            "participant_id": "API-1",
            "given_name": "Kofi",
            "family_name": "Mensah",
            "date_of_birth": "2004-03-03",
            "registered_on": "2024-05-01",
            "postcode": "ct1 1dd",
            "ethnic_group": "6",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["postcode"], body["ics"], body["eligible"], body["stage"]) == ("CT1 1DD", "QKS", True, "registered")
    person = YoungPerson.objects.get(reference="API-1")
    assert person.events.get().source == "api"


def test_create_outside_the_caseload_is_refused_and_rolled_back(api, people, world):
    response = api(
        "coordinator_sussex",
        "post",
        "/participants",
        {
            "participant_id": "API-2",
            "given_name": "Out",
            "family_name": "Side",
            "date_of_birth": "2004-03-03",
            "registered_on": "2024-05-01",
            "postcode": "CT1 1DD",
        },
    )
    assert response.status_code == 422
    assert not YoungPerson.objects.filter(reference="API-2").exists()


def test_bad_input_is_named_field_by_field(api, people):
    response = api(
        "admin",
        "post",
        "/participants",
        {"given_name": "", "family_name": "X", "date_of_birth": "2004-02-30", "registered_on": "2024-01-01"},
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"given_name", "date_of_birth"} <= fields
    response = api(
        "admin",
        "post",
        "/participants",
        {
            "given_name": "A",
            "family_name": "B",
            "postcode": "nope",
            "date_of_birth": "2004-02-03",
            "registered_on": "2024-01-01",
        },
    )
    assert response.json()["errors"] == [{"field": "postcode", "message": "'nope' is not a postcode"}]


def test_update_participant(api, people):
    response = api("coordinator_kent", "patch", f"/participants/{people.kent.pk}", {"postcode": "TN1 1AG"})
    assert response.status_code == 200
    assert response.json()["postcode"] == "TN1 1AG"
    assert api("coordinator_sussex", "patch", f"/participants/{people.kent.pk}", {"phone": "1"}).status_code == 404
    assert api("recruiter_care", "patch", f"/participants/{people.kent.pk}", {"phone": "1"}).status_code == 403


def test_events_create_order_rule_and_void(api, people, world):
    bad = api(
        "coordinator_kent",
        "post",
        "/events",
        {"participant": people.kent.pk, "event": "started_work", "date": "2024-05-01", "role": "care_worker"},
    )
    assert bad.status_code == 422
    assert "a start before any job offer" in bad.json()["errors"][0]["message"]
    offer = api(
        "coordinator_kent",
        "post",
        "/events",
        {
            "participant": people.kent.pk,
            "event": "job_offered",
            "date": "2024-04-01",
            "role": "care_worker",
            "employer": "rye",
        },
    )
    assert offer.status_code == 201
    assert (offer.json()["employer"], offer.json()["source"]) == ("RYE", "api")
    listing = api("regional_lead", "get", f"/events?participant={people.kent.pk}").json()
    assert [item["event"] for item in listing["items"]] == ["registered", "job_offered"]
    voided = api("coordinator_kent", "post", f"/events/{offer.json()['id']}/void", {"reason": "Typo"})
    assert voided.status_code == 200 and voided.json()["void"] is True
    assert api("coordinator_sussex", "post", f"/events/{offer.json()['id']}/void", {"reason": "x"}).status_code == 404
    again = api("coordinator_kent", "post", f"/events/{offer.json()['id']}/void", {"reason": "Twice"})
    assert again.status_code == 422


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("recruiter_scas", {"South Central Ambulance Service", "NHS Frimley ICB"}),
        ("funder", {"The Fund"}),
        ("young_person_a", set()),
    ],
)
def test_organisations_scope(api, world, persona, names):
    response = api(persona, "get", "/organisations")
    assert response.status_code == 200
    assert {o["name"] for o in response.json()} == names


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("regional_lead", 200),
        ("admin", 200),
        ("coordinator_kent", 403),
        ("funder", 403),
        ("recruiter_scas", 403),
        ("young_person_a", 403),
    ],
)
def test_headline_report_for_evaluation_rights_only(api, people, persona, status):
    response = api(persona, "get", "/reports/headline?from=2024-01-01&to=2024-12-31&icb=QKS")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["period"] == {"from": "2024-01-01", "to": "2024-12-31", "as_of": "2024-12-31"}
        assert body["scope"] == {"icb": ["QKS"]}
        assert body["metrics"]["supported"] == {"count": 1}


def test_headline_report_refuses_a_backwards_period(api, people):
    response = api("admin", "get", "/reports/headline?from=2024-12-31&to=2024-01-01")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "to", "message": "The end of the period is before its start"}]


def test_funders_get_published_figures_only(api, people):
    assert api("funder", "get", "/reports/headline?from=2024-01-01&to=2024-12-31").status_code == 403
    response = api("funder", "get", "/reports/headline?from=2024-01-01&to=2024-12-31&publish=true")
    assert response.status_code == 200
    body = response.json()
    assert body["metrics"]["supported"] == {"count": None, "suppressed": True}
    exact = api("admin", "get", "/reports/headline?from=2024-01-01&to=2024-12-31").json()
    assert "disclosure_control" not in exact and exact["metrics"]["supported"] == {"count": 2}
    assert exact["metrics"]["retained_3_months"] == {"numerator": 0, "denominator": 0, "rate": None, "pending": 0}
