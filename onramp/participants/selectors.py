"""Reads about young people: the caseload and the record, always through the access policy."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, OrganisationQuerySet, User
from onramp.participants.models import EventType, JourneyEvent, Programme, YoungPerson, stage_label


def with_stage(queryset: models.QuerySet[YoungPerson]) -> models.QuerySet[YoungPerson]:
    """Annotate each person's current stage (the latest counting event) and next plan action."""
    from onramp.plans.models import PlanAction

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


@dataclass(frozen=True)
class CaseloadFilters:
    ics: int | None = None
    stage: str = ""
    provider: int | None = None
    cohort: int | None = None
    query: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, params: Any) -> CaseloadFilters:
        """Read the caseload page's query string; anything unknown is ignored."""

        def number(name: str) -> int | None:
            value = params.get(name) or ""
            return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None

        stage = params.get("stage") or ""
        return cls(
            ics=number("ics"),
            stage=stage if stage in EventType.values else "",
            provider=number("provider"),
            cohort=number("cohort"),
            query=(params.get("q") or "").strip()[:100],
            overdue=params.get("overdue") == "1",
        )


def caseload(*, user: User, filters: CaseloadFilters) -> models.QuerySet[YoungPerson]:
    from onramp.support.models import CheckIn, CheckInStatus

    latest_check_in = (
        CheckIn.objects.filter(
            employment__offer__application__young_person=OuterRef("pk"),
            employment__leaving__isnull=True,
            status=CheckInStatus.HELD,
        )
        .order_by("-held_on", "-pk")
        .values("outcome")[:1]
    )
    rows = (
        with_stage(policy.visible(user, YoungPerson))
        .select_related("ics", "coordinator")
        .annotate(latest_check_in=Subquery(latest_check_in))
    )
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
    if filters.query:
        rows = rows.search(filters.query)  # type: ignore[attr-defined]
    if filters.overdue:
        rows = rows.filter(next_action_due__lt=timezone.localdate())  # type: ignore[misc]
    return rows.order_by("family_name", "given_name", "pk")


def caseload_choices(*, user: User) -> dict[str, list[tuple[int, str]]]:
    """The ICSs and providers a user may filter their caseload by."""
    from onramp.training.models import Cohort

    visible = cast(OrganisationQuerySet, policy.visible(user, Organisation))
    return {
        "icss": [(o.pk, o.name) for o in visible.icss().order_by("name")],
        "providers": [(o.pk, o.name) for o in visible.providers().order_by("name")],
        "cohorts": [(c.pk, c.name) for c in policy.visible(user, Cohort).order_by("-starts_on", "name")[:200]],
    }


@dataclass
class TimelineEntry:
    event: JourneyEvent
    void_reason: str
    voided: bool


def timeline(person: YoungPerson) -> list[TimelineEntry]:
    events = person.events.select_related("organisation", "cohort", "recorded_by", "void", "void__voided_by").order_by(
        "-occurred_on", "-position", "-pk"
    )
    entries = []
    for event in events:
        void = getattr(event, "void", None)
        entries.append(TimelineEntry(event=event, voided=void is not None, void_reason=void.reason if void else ""))
    return entries


def current_stage(person: YoungPerson) -> tuple[str, datetime.date | None]:
    latest = person.events.counting().order_by("-occurred_on", "-position", "-pk").first()
    return (stage_label(latest.type if latest else None), latest.occurred_on if latest else None)


def record(*, user: User, pk: int) -> YoungPerson:
    return policy.get_visible_or_404(
        user, with_stage(YoungPerson.objects.select_related("programme", "ics", "coordinator")), pk=pk
    )


def programmes() -> models.QuerySet[Programme]:
    """Programmes with what their pages show. Programmes are not personal data: everyone allowed to see
    programmes sees them all."""
    return Programme.objects.select_related("funder", "delivery_partner").prefetch_related("icss").order_by("name")
