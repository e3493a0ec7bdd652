"""What a young person tells staff never reaches a provider's recruiter or a funder.

On the demo, a marker is planted in every confidential text field the apps register with
``accounts.policy.confidential`` (and in the young person's side of every check-in, which is confidential as a
row); then each of the two recruiters and the funder crawls every page and export they can reach from the home
page, following links, and every API list with a token of their own. No marker may come back. A coordinator finds
them, so the markers are where a page would show them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import models
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from pypdf import PdfReader

from onramp.accounts import policy, tokens
from onramp.accounts.models import User
from onramp.grants.models import Grant
from onramp.recruitment.models import Application
from onramp.site.demo import build_demo
from onramp.support.models import CheckIn, CheckInStatus, Outcome, Party

MARK = "ZQCONFIDENTIAL"
OUTSIDERS = ("employer-scas", "employer-care", "funder")
PER_ROUTE = 4  # pages of one route (one URL pattern) a crawl opens: enough for each kind of page, in bounded time
HREF = re.compile(r"""href="([^"#]*)""")
NEVER_FOLLOW = ("/static/", "/accounts/sign-out", "/api/v1/docs")
API_LISTS = ["/api/v1/participants", "/api/v1/events", "/api/v1/candidates", "/api/v1/organisations"]


def _text_fields(model: type[models.Model], names: tuple[str, ...]) -> list[models.Field]:
    fields = [model._meta.get_field(name) for name in names]
    return [f for f in fields if isinstance(f, models.CharField | models.TextField) and not f.choices]


def _plant() -> Counter[str]:
    """A marker in every confidential text field of every row, naming the model and the field."""
    planted: Counter[str] = Counter()
    for model, entry in policy.CONFIDENTIAL.items():
        for field in _text_fields(model, entry.fields):
            marker = f"{MARK}-{model.__name__}-{field.name}"[: field.max_length or None]
            planted[f"{model.__name__}.{field.name}"] += model.objects.update(**{field.name: marker})
    # The young person's own side of the check-ins: some of them held, at risk, with what they said.
    mine = CheckIn.objects.filter(party=Party.YOUNG_PERSON)
    planted["CheckIn.actions (young person's side)"] = mine.update(actions=f"{MARK}-CheckIn-actions")
    held = list(mine.filter(status=CheckInStatus.DUE).order_by("due_on").values_list("pk", flat=True)[:40])
    mine.filter(pk__in=held).update(status=CheckInStatus.HELD, held_on=models.F("due_on"), outcome=Outcome.AT_RISK)
    return planted


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return " ".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    if "pdf" in kind:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


def _crawl(client) -> tuple[dict[str, int], list[str]]:
    """Every page and export reachable from home by following links (GET only), at most PER_ROUTE per route.
    Returns the status of each page opened and the pages where a marker was found."""
    seen: dict[str, int] = {}
    per_route: Counter[str] = Counter()
    found: list[str] = []
    queue = ["/"]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        try:
            route = resolve(urlsplit(url).path).route
        except Resolver404:
            continue
        if per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200:
            continue
        body = _body(response)
        if MARK in body:
            found.append(url)
        if "text/html" in response.get("Content-Type", ""):
            for href in HREF.findall(body):
                link = urljoin(url, href.replace("&amp;", "&"))
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or link.startswith(NEVER_FOLLOW) or link in seen:
                    continue
                queue.append(link)
    return seen, found


def _routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route whose only argument is ``<int:pk>``, as a template with ``{pk}``."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.count("<") == 1 and "<int:pk>" in route:
            found.append("/" + route.replace("<int:pk>", "{pk}").lstrip("^").rstrip("$"))
    return found


def _sweep(client, user: User) -> tuple[int, list[str]]:
    """The id sweep an attacker would try: every ``<int:pk>`` route with the ids of this user's own candidates
    (their records, plans, support, grants) and of their starters' check-ins on both sides, and with low ids."""
    candidates = list(
        Application.objects.filter(vacancy__provider=user.organisation)
        .order_by("pk")
        .values_list("young_person_id", flat=True)
        .distinct()[:6]
    )
    ids = {
        "young-people/": candidates,
        "check-ins/": list(
            CheckIn.objects.filter(employment__offer__application__vacancy__provider=user.organisation)
            .order_by("party", "pk")
            .values_list("pk", flat=True)[:10]
        )
        or [1, 2, 3],
        "grants/": list(Grant.objects.order_by("pk").values_list("pk", flat=True)[:5]),
    }
    calls, found = 0, []
    for route in _routes():
        for pk in next((values for start, values in ids.items() if route.startswith("/" + start)), [1, 2, 3]):
            url = route.format(pk=pk)
            response = client.get(url)
            calls += 1
            assert response.status_code < 500, url
            if response.status_code == 200 and MARK in _body(response):
                found.append(url)
    return calls, found


def _api(client, token: str) -> tuple[int, list[str]]:
    """Every API list, every page of it, and each candidate; the published headline for a funder."""
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    calls, found = 0, []
    urls = [*API_LISTS, "/api/v1/reports/headline?from=2020-01-01&to=2030-12-31&publish=true"]
    while urls:
        url = urls.pop(0)
        response = client.get(url, **auth)
        calls += 1
        assert response.status_code < 500, url
        if MARK in response.content.decode():
            found.append(url)
        if response.status_code != 200 or "?" in url:
            continue
        page = response.json()
        if isinstance(page, dict) and "items" in page:
            limit = page["limit"]
            urls += [f"{url}?limit={limit}&offset={offset}" for offset in range(limit, page["count"], limit)]
            if url == "/api/v1/candidates":
                urls += [f"/api/v1/candidates/{item['id']}" for item in page["items"][:PER_ROUTE]]
    return calls, found


@pytest.mark.django_db(transaction=False)
def test_no_confidential_marker_reaches_a_recruiter_or_the_funder(geography, client, capsys):
    build_demo(password="demo-password-long", young_people=300)
    planted = _plant()
    assert all(planted.values()), f"the demo leaves a confidential field empty everywhere: {planted}"

    tried: dict[str, int] = {}
    for username in OUTSIDERS:
        user = User.objects.get(username=username)
        client.force_login(user)
        pages, found = _crawl(client)
        assert found == [], f"{username} read a confidential marker on {found}"
        swept, swept_found = _sweep(client, user)
        assert swept_found == [], f"{username} read a confidential marker on {swept_found}"
        calls, api_found = _api(client, tokens.create_token(actor=None, user=user))
        assert api_found == [], f"{username} read a confidential marker from the API: {api_found}"
        assert sum(status == 200 for status in pages.values()) > 10, f"{username}'s crawl reached too little"
        tried[username] = len(pages) + swept + calls
        client.logout()

    # The control: the Kent coordinator's crawl reads the markers, so they are where a page shows them.
    client.force_login(User.objects.get(username="coordinator-kent"))
    _, found = _crawl(client)
    assert found, "the coordinator found no marker: the planting or the crawl is broken"
    with capsys.disabled():
        print(f"\nconfidential crawl: markers planted {dict(planted)}; requests {tried}; markers found 0")
