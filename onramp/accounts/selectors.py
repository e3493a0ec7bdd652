"""Reads about organisations and accounts, always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from onramp.accounts import policy
from onramp.accounts.models import ApiToken, Organisation, OrganisationKind, Role, User


@dataclass(frozen=True)
class HomeSummary:
    user: User
    icss: list[Organisation]
    region: str
    organisation: Organisation | None
    organisation_counts: dict[str, int]


def home_summary(*, user: User) -> HomeSummary:
    if user.role == Role.COORDINATOR:
        icss = list(user.icss.order_by("name"))
    elif user.role == Role.REGIONAL_LEAD:
        icss = list(Organisation.objects.icss().filter(region=user.region).order_by("name"))
    else:
        icss = []
    counts: dict[str, int] = {}
    if policy.allows(user, "organisations.list"):
        rows = policy.visible(user, Organisation).values("kind").annotate(n=models.Count("pk")).order_by()
        labels = dict(OrganisationKind.choices)
        counts = {labels[row["kind"]]: row["n"] for row in rows}
    return HomeSummary(
        user=user, icss=icss, region=user.region, organisation=user.organisation, organisation_counts=counts
    )


def organisations(*, user: User, kind: str = "", query: str = "") -> models.QuerySet[Organisation]:
    rows = policy.visible(user, Organisation).prefetch_related("icss")
    if kind in OrganisationKind.values:
        rows = rows.filter(kind=kind)
    if query:
        rows = rows.filter(models.Q(name__icontains=query) | models.Q(code__iexact=query))
    return rows.order_by("kind", "name")


def users(*, user: User, role: str = "", query: str = "") -> models.QuerySet[User]:
    rows = policy.visible(user, User).select_related("organisation")
    if role in Role.values:
        rows = rows.filter(role=role)
    if query:
        rows = rows.filter(
            models.Q(username__icontains=query)
            | models.Q(email__icontains=query)
            | models.Q(first_name__icontains=query)
            | models.Q(last_name__icontains=query)
        )
    return rows.order_by("role", "username")


def api_tokens(*, user: User, owner: User) -> models.QuerySet[ApiToken]:
    """``owner``'s API tokens that ``user`` may see: usable ones first, then expired or revoked, newest first."""
    return policy.visible(user, ApiToken).filter(user=owner).order_by("revoked_at", "-created_at")
