"""The programme dashboard's figures: the funnel and monthly series for SPC, set-based over the event log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from onramp.core.dates import add_months
from onramp.evaluation.headline import (
    AddThreeMonths,
    months_sql,
    people_in_scope,
    run_sql,
    scope_sql,
    sql_day,
)
from onramp.evaluation.spc import XmR, xmr
from onramp.evaluation.statistics import wilson
from onramp.journey.models import EventType, EventVoid, JourneyEvent
from onramp.participants.models import YoungPerson, counting_sql

FUNNEL_STEPS = [
    ("supported", "Supported (registered in the period)"),
    ("plan_agreed", "Agreed a development plan"),
    ("course_completed", "Completed a course"),
    ("interview_guaranteed", "Guaranteed an interview"),
    ("job_offered", "Offered a job"),
    ("started_work", "Started work"),
    ("in_post_3", "Still in post at 3 months"),
    ("in_post_6", "Still in post at 6 months"),
    ("in_post_12", "Still in post at 12 months"),
]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int | None  # None: hidden by disclosure control
    share_of_supported: float | None
    interval: tuple[float, float] | None


class AddMonths(AddThreeMonths):
    """date + N calendar months, clipped to the month's end (N = 3, 6 or 12)."""

    def __init__(self, expression: Any, months: int) -> None:
        super().__init__(expression)
        self.months = months

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql}) + INTERVAL '{int(self.months)} months' AS date)", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        months = int(self.months)
        return (
            f"MIN(DATE({sql}, '+{months} months'), DATE({sql}, 'start of month', '+{months + 1} months', '-1 day'))",
            [*params, *params],
        )


def funnel(
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
    icbs: list[str] | None,
    campaign_id: int | None = None,
) -> list[FunnelStep]:
    """Of the young people registered in the period, how many reached each step by ``as_of``. "Still in post at
    N months": their first start's N-month date is on or before ``as_of`` and they did not leave before it.

    One grouped pass over the events up to ``as_of`` (voided ones never count), keeping the people registered in
    the period; leaving early is looked up by index only for starters whose N-month date has come. (Not a join
    of the supported people with their events: at a million people that join was hashed in batches on disk and
    took six minutes, against seconds for the one grouped pass.)"""
    people = people_in_scope(icbs)
    if campaign_id is not None:
        people = people.filter(campaign_id=campaign_id)
    steps = [step for step, _ in FUNNEL_STEPS[1:6]]
    params: dict[str, Any] = {
        "registered": str(EventType.REGISTERED),
        "started": str(EventType.STARTED_WORK),
        "left": str(EventType.LEFT_WORK),
        "start": sql_day(start),
        "end": sql_day(end),
        "as_of": sql_day(as_of),
    } | {f"step{index}": step for index, step in enumerate(steps)}
    scoped = icbs is not None or campaign_id is not None
    scope = f"AND e.young_person_id IN ({scope_sql(people, params)})" if scoped else ""
    vendor = connection.vendor
    reached = ",\n".join(
        f"MAX(CASE WHEN e.type = %(step{index})s THEN 1 ELSE 0 END) AS reached{index}" for index in range(len(steps))
    )
    due = ",\n".join(f"{months_sql('f.first_start', n, vendor)} AS due{n}" for n in (3, 6, 12))
    kept = ",\n".join(
        f"""CASE WHEN g.first_start IS NOT NULL AND g.due{n} <= %(as_of)s THEN (
            CASE WHEN EXISTS (
                SELECT 1 FROM {{event}} x
                WHERE x.young_person_id = g.pid AND x.type = %(left)s
                  AND x.occurred_on >= g.first_start AND x.occurred_on < g.due{n}
                  AND NOT EXISTS (SELECT 1 FROM {{void}} v WHERE v.event_id = x.id)
            ) THEN 0 ELSE 1 END) ELSE 0 END AS kept{n}"""
        for n in (3, 6, 12)
    )
    sql = f"""
WITH firsts AS MATERIALIZED (
    SELECT e.young_person_id AS pid, {reached},
           MIN(CASE WHEN e.type = %(started)s THEN e.occurred_on END) AS first_start
    FROM {{event}} e
    WHERE e.occurred_on <= %(as_of)s
      AND NOT EXISTS (SELECT 1 FROM {{void}} v WHERE v.event_id = e.id)
      {scope}
    GROUP BY e.young_person_id
    HAVING MAX(CASE WHEN e.type = %(registered)s AND e.occurred_on >= %(start)s AND e.occurred_on <= %(end)s
                    THEN 1 ELSE 0 END) = 1
), dated AS MATERIALIZED (
    SELECT f.*, {due} FROM firsts f JOIN {{person}} p ON p.id = f.pid AND {counting_sql("p")}
), judged AS MATERIALIZED (
    SELECT g.*, {kept} FROM dated g
)
SELECT COUNT(*), {", ".join(f"COALESCE(SUM(reached{index}), 0)" for index in range(len(steps)))},
       COALESCE(SUM(kept3), 0), COALESCE(SUM(kept6), 0), COALESCE(SUM(kept12), 0)
FROM judged
""".format(event=JourneyEvent._meta.db_table, void=EventVoid._meta.db_table, person=YoungPerson._meta.db_table)
    row = run_sql(sql, params)
    counts = dict(zip(["supported", *steps, "in_post_3", "in_post_6", "in_post_12"], row, strict=True))
    supported = counts["supported"]
    return [
        FunnelStep(
            key,
            label,
            counts[key],
            round(counts[key] / supported, 4) if supported else None,
            wilson(counts[key], supported) if supported else None,
        )
        for key, label in FUNNEL_STEPS
    ]


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def monthly(
    *, event_type: str, start: datetime.date, end: datetime.date, icbs: list[str] | None
) -> list[tuple[str, int]]:
    """Distinct young people with this event in each month of the period (0 for a month with none)."""
    rows = (
        JourneyEvent.objects.filter(
            young_person__in=people_in_scope(icbs),
            void__isnull=True,
            type=event_type,
            occurred_on__gte=start,
            occurred_on__lte=end,
        )
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(people=Count("young_person", distinct=True))
        .order_by("month")
    )
    found = {_as_date(row["month"]): row["people"] for row in rows}
    return [(month.strftime("%b %Y"), found.get(month, 0)) for month in months_between(start, end)]


def _as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def spc_chart(*, event_type: str, start: datetime.date, end: datetime.date, icbs: list[str] | None) -> XmR | None:
    series = monthly(event_type=event_type, start=start, end=end, icbs=icbs)
    return xmr([(label, float(value)) for label, value in series]) if len(series) >= 2 else None


def monthly_retention(
    *, start: datetime.date, end: datetime.date, as_of: datetime.date, icbs: list[str] | None
) -> list[tuple[str, float, int, int]]:
    """3-month retention by month of start: (month, rate in per cent, retained, due), for each month of the
    period all of whose starters' 3-month dates are on or before ``as_of`` and that has any. Each starter's start
    is their first ``started_work`` in the period, as in the headline definition."""
    events = JourneyEvent.objects.filter(young_person=OuterRef("pk"), void__isnull=True)
    starts = events.filter(type=EventType.STARTED_WORK, occurred_on__gte=start, occurred_on__lte=end).order_by(
        "occurred_on", "pk"
    )
    started_in_period = JourneyEvent.objects.filter(
        void__isnull=True, type=EventType.STARTED_WORK, occurred_on__gte=start, occurred_on__lte=end
    ).values("young_person_id")
    starters = (
        people_in_scope(icbs)
        .filter(pk__in=started_in_period)  # the per-person lookups below then run for starters only
        .annotate(start=Subquery(starts.values("occurred_on")[:1]))
        .filter(start__isnull=False)
        .annotate(three_months=AddThreeMonths("start"))
        .filter(three_months__lte=as_of)
        .annotate(
            left_early=Exists(
                events.filter(
                    type=EventType.LEFT_WORK,
                    occurred_on__gte=OuterRef("start"),
                    occurred_on__lt=OuterRef("three_months"),
                )
            )
        )
    )
    rows = (
        starters.annotate(month=TruncMonth("start"))
        .values("month")
        .annotate(due=Count("pk"), retained=Count("pk", filter=Q(left_early=False)))
        .order_by("month")
    )
    found = {_as_date(row["month"]): (row["retained"], row["due"]) for row in rows}
    series = []
    for month in months_between(start, end):
        month_end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        if add_months(month_end, 3) > as_of or month not in found:
            continue
        retained, due = found[month]
        series.append((month.strftime("%b %Y"), round(100 * retained / due, 1), retained, due))
    return series


def retention_chart(
    *, start: datetime.date, end: datetime.date, as_of: datetime.date, icbs: list[str] | None
) -> XmR | None:
    series = monthly_retention(start=start, end=end, as_of=as_of, icbs=icbs)
    return xmr([(label, value) for label, value, _, _ in series]) if len(series) >= 2 else None
