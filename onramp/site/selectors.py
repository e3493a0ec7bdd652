"""The caseload: every young person a user may see, with their stage, next plan action and latest check-in,
filtered and paged. It reads the journey and the stages, so it lives in the site above them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, OrganisationKind, User
from onramp.core.paginator import CappedPaginator
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import YoungPerson
from onramp.plans.models import PlanAction
from onramp.support.models import CheckIn, CheckInStatus
from onramp.training.models import Cohort


def with_stage(queryset: models.QuerySet[YoungPerson]) -> models.QuerySet[YoungPerson]:
    """Annotate each person's current stage (the latest counting event) and next plan action."""

    latest = JourneyEvent.objects.filter(young_person=OuterRef("pk"), void__isnull=True).order_by(
        "-occurred_on", "-position", "-pk"
    )
    open_actions = PlanAction.objects.filter(
        plan__young_person=OuterRef("pk"), plan__is_current=True, done_on__isnull=True
    ).order_by("due_on", "pk")
    return queryset.annotate(
        stage=Subquery(latest.values("type")[:1]),
        stage_on=Subquery(latest.values("occurred_on")[:1]),
        next_action=Subquery(open_actions.values("description")[:1]),
        next_action_due=Subquery(open_actions.values("due_on")[:1]),
    )


# The caseload's eligibility filter: "eligible" is everyone who counts (eligible when they registered, or
# overridden: ``YoungPersonQuerySet.counting``), "not_eligible" the rest.
ELIGIBILITY_FILTERS = [("", "All"), ("eligible", "Eligible"), ("not_eligible", "Registered, not eligible")]


@dataclass(frozen=True)
class CaseloadFilters:
    ics: int | None = None
    stage: str = ""
    provider: int | None = None
    cohort: int | None = None
    query: str = ""
    overdue: bool = False
    eligibility: str = ""  # "", "eligible" or "not_eligible" (ELIGIBILITY_FILTERS)

    @classmethod
    def from_query(cls, params: Any) -> CaseloadFilters:
        """Read the caseload page's query string; anything unknown is ignored."""

        def number(name: str) -> int | None:
            value = params.get(name) or ""
            return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None

        stage = params.get("stage") or ""
        eligibility = params.get("eligibility") or ""
        return cls(
            ics=number("ics"),
            stage=stage if stage in EventType.values else "",
            provider=number("provider"),
            cohort=number("cohort"),
            query=(params.get("q") or "").strip()[:100],
            overdue=params.get("overdue") == "1",
            eligibility=eligibility if eligibility in dict(ELIGIBILITY_FILTERS) else "",
        )

    def used(self) -> list[str]:
        """The names of the filters set, for the audit trail: the search is left out (its words may be a name)."""
        return [
            name for name in ("ics", "stage", "provider", "cohort", "overdue", "eligibility") if getattr(self, name)
        ]


def _latest_check_in() -> Subquery:

    return Subquery(
        CheckIn.objects.filter(
            employment__offer__application__young_person=OuterRef("pk"),
            employment__leaving__isnull=True,
            status=CheckInStatus.HELD,
        )
        .order_by("-held_on", "-pk")
        .values("outcome")[:1]
    )


def _filtered(rows: models.QuerySet[YoungPerson], filters: CaseloadFilters) -> models.QuerySet[YoungPerson]:
    """The caseload's filters on ``rows``, which must carry the ``stage`` and ``next_action_due`` annotations if
    those filters are set."""
    if filters.ics:
        rows = rows.filter(ics_id=filters.ics)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)  # type: ignore[misc]
    if filters.provider:
        rows = rows.filter(
            pk__in=JourneyEvent.objects.counting().filter(organisation_id=filters.provider).values("young_person")
        )
    if filters.cohort:
        rows = rows.filter(
            pk__in=JourneyEvent.objects.counting().filter(cohort_id=filters.cohort).values("young_person")
        )
    if filters.eligibility == "eligible":
        rows = rows.counting()  # type: ignore[attr-defined]
    elif filters.eligibility == "not_eligible":
        rows = rows.registered_not_eligible()  # type: ignore[attr-defined]
    if filters.query:
        rows = rows.search(filters.query)  # type: ignore[attr-defined]
    if filters.overdue:
        rows = rows.filter(next_action_due__lt=timezone.localdate())  # type: ignore[misc]
    return rows.order_by("family_name", "given_name", "pk")


def caseload(*, user: User, filters: CaseloadFilters) -> models.QuerySet[YoungPerson]:
    """Everyone in the user's caseload that matches the filters, each with their stage, next action and latest
    check-in outcome (for exports, which read every row)."""
    rows = (
        with_stage(policy.visible(user, YoungPerson))
        .select_related("ics", "coordinator")
        .annotate(latest_check_in=_latest_check_in())
    )
    return _filtered(rows, filters)


# What a row of the caseload page shows; the page reads only these columns.
CASELOAD_PAGE_FIELDS = ("reference", "given_name", "family_name", "eligible", "eligibility_override", "ics__code")


# The caseload's count stops here ("more than 1,000"): counting reads each row counted, so a higher cap makes a
# national caseload's first page cost more than a small one's. Filters and the search narrow a longer list.
CASELOAD_COUNT_CAP = 1_000


def caseload_page(*, user: User, filters: CaseloadFilters, number: Any, per_page: int = 25) -> Page:
    """One page of the caseload, as ``caseload`` would give it, at a cost that does not grow with the caseload.

    The page's 25 rows come from the index on the caseload order (for a coordinator, on their ICS and the order),
    with a count that stops at ``CASELOAD_COUNT_CAP``; the stage, next action and latest check-in of those 25 are
    then read in three queries over their events, plans and check-ins. Annotating every row instead (a correlated
    subquery per column, as ``caseload`` does for exports) makes a query that costs more to compile and plan than
    to run."""
    rows = policy.visible(user, YoungPerson)
    if filters.stage or filters.overdue:
        rows = with_stage(rows)  # the filter is on the annotation
    rows = _filtered(rows, filters).select_related("ics").only(*CASELOAD_PAGE_FIELDS)
    page = CappedPaginator(rows, per_page, cap=CASELOAD_COUNT_CAP).get_page(number)
    people = list(page.object_list)
    add_caseload_columns(people)
    page.object_list = people
    return page


def add_caseload_columns(people: list[YoungPerson]) -> None:
    """Set ``stage``, ``stage_on``, ``next_action``, ``next_action_due`` and ``latest_check_in`` on each person,
    with the meanings of ``with_stage`` and ``caseload``, in three queries whatever the number of people."""

    ids = [person.pk for person in people]
    stages: dict[int, tuple[str, datetime.date]] = {}
    events = (
        JourneyEvent.objects.filter(young_person_id__in=ids, void__isnull=True)
        .order_by("young_person_id", "-occurred_on", "-position", "-pk")
        .values_list("young_person_id", "type", "occurred_on")
    )
    for person_id, type_, occurred_on in events:
        stages.setdefault(person_id, (type_, occurred_on))
    actions: dict[int, tuple[str, datetime.date]] = {}
    open_actions = (
        PlanAction.objects.filter(plan__young_person_id__in=ids, plan__is_current=True, done_on__isnull=True)
        .order_by("plan__young_person_id", "due_on", "pk")
        .values_list("plan__young_person_id", "description", "due_on")
    )
    for person_id, description, due_on in open_actions:
        actions.setdefault(person_id, (description, due_on))
    check_ins: dict[int, str] = {}
    held = (
        CheckIn.objects.filter(
            employment__offer__application__young_person_id__in=ids,
            employment__leaving__isnull=True,
            status=CheckInStatus.HELD,
        )
        .order_by("employment__offer__application__young_person_id", "-held_on", "-pk")
        .values_list("employment__offer__application__young_person_id", "outcome")
    )
    for person_id, outcome in held:
        check_ins.setdefault(person_id, outcome)
    for person in people:
        row: Any = person
        row.stage, row.stage_on = stages.get(person.pk, (None, None))
        row.next_action, row.next_action_due = actions.get(person.pk, (None, None))
        row.latest_check_in = check_ins.get(person.pk)


def caseload_choices(*, user: User) -> dict[str, list[tuple[int, str]]]:
    """The ICSs and providers a user may filter their caseload by."""

    organisations = (
        policy.visible(user, Organisation)
        .filter(kind__in=[OrganisationKind.ICS, OrganisationKind.PROVIDER])
        .order_by("name", "pk")
        .values_list("pk", "name", "kind")
    )
    choices: dict[str, list[tuple[int, str]]] = {"icss": [], "providers": []}
    for pk, name, kind in organisations:
        choices["icss" if kind == OrganisationKind.ICS else "providers"].append((pk, name))
    cohorts = policy.visible(user, Cohort).order_by("-starts_on", "name").values_list("pk", "name")[:200]
    return choices | {"cohorts": list(cohorts)}
