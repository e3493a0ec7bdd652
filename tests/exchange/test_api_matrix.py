"""Every API route × every persona, from one table; a route missing from the table fails the test, so a new
route cannot slip through. Write routes are called with valid bodies, so a refusal is the policy's, not the
validator's."""

import datetime

import pytest

from conftest import PERSONAS
from onramp.accounts import tokens
from onramp.exchange.api import api as ninja_api

OK, CREATED, UNAUTHORISED, FORBIDDEN, HIDDEN, UNPROCESSABLE = 200, 201, 401, 403, 404, 422
STAFF = {"coordinator_kent", "coordinator_sussex", "regional_lead", "admin"}
SEES_KENT = {"coordinator_kent", "regional_lead", "admin"}
EMPLOYERS = {"recruiter_scas", "recruiter_care"}


def table(allowed: set[str], status: int = OK, **special: int) -> dict[str, int]:
    out = {p: (UNAUTHORISED if p == "anonymous" else status if p in allowed else FORBIDDEN) for p in PERSONAS}
    return out | special


KENT_RECORD = {"coordinator_sussex": HIDDEN}

# (method, path, body, expected status per persona); {kent} and {event} are filled in per test.
API_MATRIX = [
    ("GET", "/participants", None, table(STAFF)),
    (
        "POST",
        "/participants",
        {
            "participant_id": "API-9",
            "given_name": "Kofi",
            "family_name": "Mensah",
            "date_of_birth": "2004-03-03",
            "registered_on": "2024-05-01",
            "postcode": "ct1 1dd",
        },
        # A Sussex coordinator may register people, but not in Kent: refused naming the postcode field.
        table(SEES_KENT | {"coordinator_sussex"}, CREATED, coordinator_sussex=UNPROCESSABLE),
    ),
    ("GET", "/participants/{kent}", None, table(SEES_KENT, **KENT_RECORD)),
    ("PATCH", "/participants/{kent}", {"phone": "07700 900999"}, table(SEES_KENT, **KENT_RECORD)),
    ("GET", "/events?participant={kent}", None, table(STAFF)),
    (
        "POST",
        "/events",
        {"participant": "{kent}", "event": "plan_agreed", "date": "2024-02-01"},
        table(SEES_KENT, CREATED, **KENT_RECORD),
    ),
    ("POST", "/events/{event}/void", {"reason": "Recorded twice"}, table(SEES_KENT, **KENT_RECORD)),
    ("GET", "/candidates", None, table(EMPLOYERS)),
    # Kent's young person has not been referred to either employer: not theirs to see.
    ("GET", "/candidates/{kent}", None, table(EMPLOYERS, HIDDEN)),
    ("GET", "/organisations", None, table(set(PERSONAS))),
    ("GET", "/reports/headline?from=2024-01-01&to=2024-12-31", None, table({"regional_lead", "admin"})),
]

CASES = [
    pytest.param(method, path, body, persona, status, id=f"{method} {path} {persona}")
    for method, path, body, statuses in API_MATRIX
    for persona, status in statuses.items()
]


def _fill(value, people, event):
    if isinstance(value, str):
        return value.replace("{kent}", str(people.kent.pk)).replace("{event}", str(event.pk))
    if isinstance(value, dict):
        return {
            k: (int(_fill(v, people, event)) if v == "{kent}" else _fill(v, people, event)) for k, v in value.items()
        }
    return value


@pytest.mark.parametrize(("method", "path", "body", "persona", "status"), CASES)
def test_api_access(client, world, people, method, path, body, persona, status):
    from onramp.journey import services as journey_services

    event = journey_services.record_event(
        actor=world.admin, person=people.kent, type="plan_agreed", occurred_on=datetime.date(2024, 1, 20)
    )
    headers = {}
    if persona != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens.create_token(actor=None, user=world.persona(persona))}"
    url = "/api/v1" + _fill(path, people, event)
    kwargs = {"content_type": "application/json", "data": _fill(body, people, event)} if body is not None else {}
    response = getattr(client, method.lower())(url, **kwargs, **headers)
    assert response.status_code == status, f"{persona} {method} {url}: {response.content[:300]!r}"


def test_every_api_route_is_in_the_matrix():
    routes = {
        (method, path)
        for _, router in ninja_api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    covered = {
        (
            method,
            path.split("?")[0]
            .replace("{kent}", "{participant}")
            .replace("candidates/{participant}", "candidates/{candidate}"),
        )
        for method, path, _, _ in API_MATRIX
    }
    assert routes - covered == set(), "add these API routes to API_MATRIX"


def test_on_the_demo_programme_tokens_see_their_own_caseloads(client, geography):
    """The demo's coordinators see disjoint caseloads, the regional lead both, the funder and anonymous callers no
    personal records; a record outside a coordinator's scope cannot be read by its id."""
    from onramp.accounts.models import User
    from onramp.site.demo import build_demo

    build_demo(password="demo-password-for-tests", young_people=60)

    def ids(username):
        token = tokens.create_token(actor=None, user=User.objects.get(username=username))
        found, offset = set(), 0
        while True:
            page = client.get(f"/api/v1/participants?limit=50&offset={offset}", HTTP_AUTHORIZATION=f"Bearer {token}")
            if page.status_code != 200:
                return page.status_code, found
            items = page.json()["items"]
            found |= {item["id"] for item in items}
            if len(items) < 50:
                return 200, found
            offset += 50

    kent_status, kent = ids("coordinator-kent")
    sussex_status, sussex = ids("coordinator-sussex")
    lead_status, lead = ids("lead-southeast")
    assert kent_status == sussex_status == lead_status == 200
    assert kent and sussex and not kent & sussex and kent | sussex <= lead
    assert ids("funder")[0] == 403 and client.get("/api/v1/participants").status_code == 401
    outsider = next(iter(sussex))
    token = tokens.create_token(actor=None, user=User.objects.get(username="coordinator-kent"))
    assert client.get(f"/api/v1/participants/{outsider}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404

    # A provider's recruiter sees only part: their own candidates, with the fields an employer needs.
    recruiter = User.objects.get(username="employer-scas")
    token = tokens.create_token(actor=None, user=recruiter)
    assert client.get("/api/v1/participants", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403
    candidates = client.get("/api/v1/candidates?limit=100", HTTP_AUTHORIZATION=f"Bearer {token}").json()["items"]
    seen = {item["id"] for item in candidates}
    assert seen and seen < lead
    assert set(candidates[0]) == {
        "id",
        "given_name",
        "family_name",
        "email",
        "phone",
        "applications",
        "guaranteed_interview_by",
    }
    not_theirs = next(iter(lead - seen))
    assert client.get(f"/api/v1/candidates/{not_theirs}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
