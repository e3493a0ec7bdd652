"""The headline figures, computed from the journey event log to the definitions in docs/metrics.md.

Set-based: every figure is an aggregate over one annotated queryset of young people (a handful of queries,
whatever the number of people). Voided events never count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from onramp.geography.models import Lsoa11
from onramp.participants.models import EventType, JourneyEvent, SurveyResponse, YoungPerson

HCA_OR_CARE_WORKER = ["healthcare_assistant", "care_worker"]
WHITE_GROUPS = ["13", "14", "15", "16", "17"]
UNKNOWN_ETHNICITY = ["", "prefer_not_to_say"]


class AddThreeMonths(models.Func):
    """date + 3 calendar months, the day clipped to the month's end (31 January -> 30 April)."""

    output_field = models.DateField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # PostgreSQL clips by itself
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql}) + INTERVAL '3 months' AS date)", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        # SQLite rolls 31 January + 3 months over into May; the earlier of that and the target month's last
        # day is the clipped date.
        return (
            f"MIN(DATE({sql}, '+3 months'), DATE({sql}, 'start of month', '+4 months', '-1 day'))",
            [*params, *params],
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """day + N calendar months, the day clipped to the month's end, in Python (for tests and explanations)."""
    import calendar

    month = day.month + months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_three_months(day: datetime.date) -> datetime.date:
    """The 3-month date of the retention definition."""
    return add_months(day, 3)


def rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date


def people_in_scope(icbs: list[str] | None, programme_id: int | None = None) -> models.QuerySet[YoungPerson]:
    """Nationally, everyone; for a set of ICBs, people whose postcode's 2011 LSOA is in one of them (2022
    lookup). People with no resolvable ICB count only nationally. With a programme, only its young people."""
    people = YoungPerson.objects.all()
    if programme_id is not None:
        people = people.filter(programme_id=programme_id)
    if icbs is not None:
        people = people.filter(lsoa11__in=Lsoa11.objects.filter(icb22_ods__in=icbs).values("code"))
    return people


def headline(
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date | None = None,
    icbs: list[str] | None = None,
    programme_id: int | None = None,
) -> dict[str, Any]:
    as_of = as_of or end
    icbs = sorted({code.strip().upper() for code in icbs if code.strip()}) if icbs is not None else None
    people = people_in_scope(icbs, programme_id)
    events = JourneyEvent.objects.filter(young_person=OuterRef("pk"), void__isnull=True)
    in_period = {"occurred_on__gte": start, "occurred_on__lte": end}
    offers = events.filter(type=EventType.JOB_OFFERED, **in_period).order_by("occurred_on", "position", "pk")
    starts = events.filter(type=EventType.STARTED_WORK, **in_period).order_by("occurred_on", "pk")
    annotated = people.annotate(
        is_supported=Exists(events.filter(type=EventType.REGISTERED, **in_period)),
        is_offered=Exists(offers),
        first_offer_role=Subquery(offers.values("role")[:1]),
        start=Subquery(starts.values("occurred_on")[:1]),
    ).annotate(three_months=AddThreeMonths("start"))
    annotated = annotated.annotate(
        left_early=Exists(
            JourneyEvent.objects.filter(
                young_person=OuterRef("pk"),
                void__isnull=True,
                type=EventType.LEFT_WORK,
                occurred_on__gte=OuterRef("start"),
                occurred_on__lt=OuterRef("three_months"),
            )
        ),
        imd2019_decile_now=Subquery(Lsoa11.objects.filter(code=OuterRef("lsoa11")).values("imd2019_decile")[:1]),
    )
    supported = Q(is_supported=True)
    known = supported & ~Q(ethnic_group__in=UNKNOWN_ETHNICITY)
    starter = Q(start__isnull=False)
    located = starter & ~Q(lsoa11="") & Q(imd2019_decile_now__isnull=False)
    matured = starter & Q(three_months__lte=as_of)
    figures = annotated.aggregate(
        supported=Count("pk", filter=supported),
        known=Count("pk", filter=known),
        unknown=Count("pk", filter=supported & Q(ethnic_group__in=UNKNOWN_ETHNICITY)),
        ethnic_minority=Count("pk", filter=known & ~Q(ethnic_group="13")),
        non_white=Count("pk", filter=known & ~Q(ethnic_group__in=WHITE_GROUPS)),
        offered=Count("pk", filter=Q(is_offered=True)),
        offered_hca=Count("pk", filter=Q(is_offered=True, first_offer_role__in=HCA_OR_CARE_WORKER)),
        starters=Count("pk", filter=starter),
        located=Count("pk", filter=located),
        quintile_1=Count("pk", filter=located & Q(imd2019_decile_now__lte=2)),
        matured=Count("pk", filter=matured),
        retained=Count("pk", filter=matured & Q(left_early=False)),
        pending=Count("pk", filter=starter & Q(three_months__gt=as_of)),
    )
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat()},
        "scope": {"icb": icbs},
        "metrics": {
            "supported": {"count": figures["supported"]},
            "offered": {"count": figures["offered"]},
            "offered_hca_or_care_worker": _share(figures["offered_hca"], figures["offered"]),
            "ethnic_minority": _share(figures["ethnic_minority"], figures["known"]) | {"unknown": figures["unknown"]},
            "non_white": _share(figures["non_white"], figures["known"]) | {"unknown": figures["unknown"]},
            "starters": {"count": figures["starters"]},
            "imd_quintile_1_starters": _share(figures["quintile_1"], figures["located"])
            | {"unknown": figures["starters"] - figures["located"]},
            "retained_3_months": _share(figures["retained"], figures["matured"]) | {"pending": figures["pending"]},
            "survey": survey(start=start, end=end, people=people),
        },
    }


def _share(numerator: int, denominator: int) -> dict[str, Any]:
    return {"numerator": numerator, "denominator": denominator, "rate": rate(numerator, denominator)}


def survey(*, start: datetime.date, end: datetime.date, people: models.QuerySet[YoungPerson]) -> list[dict[str, Any]]:
    rows = (
        SurveyResponse.objects.filter(
            young_person__in=people, answered_on__gte=start, answered_on__lte=end, answer__in=["yes", "no"]
        )
        .values("survey", "question")
        .annotate(yes=Count("pk", filter=Q(answer="yes")), total=Count("pk"))
        .order_by("survey", "question")
    )
    return [
        {
            "survey": row["survey"],
            "question": row["question"],
            "numerator": row["yes"],
            "denominator": row["total"],
            "rate": rate(row["yes"], row["total"]),
        }
        for row in rows
    ]
