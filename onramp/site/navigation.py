"""The header's navigation: what each signed-in person is shown, from the access policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from onramp.accounts import policy


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    capability: str | None  # None: everyone signed in
    unless: str | None = None  # not shown to those with this capability (they reach it another way)

    @property
    def href(self) -> str:
        return reverse(self.url_name)


NAVIGATION = [
    NavItem("Home", "site:home", None),
    NavItem("Your plan", "portal:plan", "portal.use"),
    NavItem("Jobs", "portal:jobs", "portal.use"),
    NavItem("Your details", "portal:details", "portal.use"),
    NavItem("Young people", "site:caseload", "young_people.list"),
    NavItem("Cohorts", "training:cohort-list", "young_people.list"),
    NavItem("Recruitment", "recruitment:vacancy-list", "vacancies.list"),
    NavItem("Grants", "grants:list", "grants.view"),
    NavItem("Programmes", "participants:programme-list", "programmes.view"),
    NavItem("Evaluation", "evaluation:dashboard", "evaluation.exact"),
    NavItem("Published figures", "evaluation:funder", "evaluation.published", unless="evaluation.exact"),
    NavItem("Organisations", "accounts:organisation-list", "organisations.list"),
    NavItem("Imports", "exchange:import", "imports.run"),
    NavItem("Accounts", "accounts:user-list", "users.manage"),
    NavItem("Reference data", "geography:reference-data", "reference_data.view"),
    NavItem("Messages sent", "notifications:log", "notifications.view"),
    NavItem("Audit trail", "accounts:audit", "audit.view"),
]


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)  # absent when a request fails before the middleware (a bad Host, say)
    if user is None or not user.is_authenticated:
        return []
    path = request.path
    items = []
    for item in NAVIGATION:
        if item.capability is not None and not policy.allows(user, item.capability):
            continue
        if item.unless is not None and policy.allows(user, item.unless):
            continue
        href = item.href
        current = path == href
        active = current or (href != "/" and path.startswith(href))
        items.append({"text": item.text, "href": href, "current": current, "active": active})
    return items
