"""The headline figures, computed from the journey event log to the definitions in docs/metrics.md.

Set-based: every figure comes from one grouped pass over the period's events (two queries with the survey,
whatever the number of people). Voided events never count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Count, Q

from onramp.geography.models import Lsoa11
from onramp.journey.models import EventType, EventVoid, JourneyEvent
from onramp.participants.models import SurveyResponse, YoungPerson, YoungPersonQuerySet, counting_sql

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


def rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date


def people_in_scope(icbs: list[str] | None, programme_id: int | None = None) -> models.QuerySet[YoungPerson]:
    """The people who count (``YoungPersonQuerySet.counting``: eligible when they registered, or overridden)
    nationally; for a set of ICBs, those whose postcode's 2011 LSOA is in one of them (2022 lookup). People with
    no resolvable ICB count only nationally. With a programme, only its young people."""
    return registered_in_scope(icbs, programme_id).counting()


def registered_in_scope(icbs: list[str] | None, programme_id: int | None = None) -> YoungPersonQuerySet:
    """Everyone registered in the scope of ``people_in_scope``, whether they count or not."""
    people: YoungPersonQuerySet = YoungPerson.objects.all()
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
    figures = _figures(start=start, end=end, as_of=as_of, people=people, scoped=icbs is not None or programme_id)
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


# One grouped pass over the period's registrations, offers and starts (voided events never count) gives each
# person's flags and first dates; the first offer's role and an early leaving are then looked up by index only
# for the people who have an offer or a start. Both steps are materialised so that each per-person lookup runs
# once, however many figures use it. Written in SQL that PostgreSQL and SQLite (3.35 or newer) both run.
# FIRSTS_CTE (the grouped pass) is shared with the breakdowns (breakdowns._PEOPLE_SQL).
FIRSTS_CTE = """firsts AS MATERIALIZED (
    SELECT e.young_person_id AS pid,
           MAX(CASE WHEN e.type = %(registered)s THEN 1 ELSE 0 END) AS supported,
           MIN(CASE WHEN e.type = %(offered)s THEN e.occurred_on END) AS offer_on,
           MIN(CASE WHEN e.type = %(started)s THEN e.occurred_on END) AS start_on
    FROM {event} e
    WHERE e.occurred_on >= %(start)s AND e.occurred_on <= %(end)s
      AND e.type IN (%(registered)s, %(offered)s, %(started)s)
      AND NOT EXISTS (SELECT 1 FROM {void} v WHERE v.event_id = e.id)
      {scope}
    GROUP BY e.young_person_id
)"""

_FIGURES_SQL = (
    "WITH "
    + FIRSTS_CTE
    + """, flags AS MATERIALIZED (
    SELECT f.pid, f.supported, f.offer_on, f.start_on, p.ethnic_group, p.lsoa11, l.imd2019_decile,
           CASE WHEN f.offer_on IS NOT NULL THEN (
               SELECT o.role FROM {event} o
               WHERE o.young_person_id = f.pid AND o.type = %(offered)s AND o.occurred_on = f.offer_on
                 AND NOT EXISTS (SELECT 1 FROM {void} v WHERE v.event_id = o.id)
               ORDER BY o.position, o.id LIMIT 1
           ) END AS offer_role,
           {three_months} AS three_months
    FROM firsts f
    JOIN {person} p ON p.id = f.pid AND {counting}
    LEFT JOIN {lsoa} l ON l.code = p.lsoa11
), judged AS MATERIALIZED (
    SELECT g.*,
           CASE WHEN g.start_on IS NOT NULL AND g.three_months <= %(as_of)s THEN (
               CASE WHEN EXISTS (
                   SELECT 1 FROM {event} x
                   WHERE x.young_person_id = g.pid AND x.type = %(left)s
                     AND x.occurred_on >= g.start_on AND x.occurred_on < g.three_months
                     AND NOT EXISTS (SELECT 1 FROM {void} v WHERE v.event_id = x.id)
               ) THEN 1 ELSE 0 END
           ) END AS left_early
    FROM flags g
)
SELECT
    COUNT(*) FILTER (WHERE supported = 1),
    COUNT(*) FILTER (WHERE supported = 1 AND ethnic_group NOT IN ('', 'prefer_not_to_say')),
    COUNT(*) FILTER (WHERE supported = 1 AND ethnic_group IN ('', 'prefer_not_to_say')),
    COUNT(*) FILTER (WHERE supported = 1 AND ethnic_group NOT IN ('', 'prefer_not_to_say', '13')),
    COUNT(*) FILTER (WHERE supported = 1 AND ethnic_group NOT IN ('', 'prefer_not_to_say', {white})),
    COUNT(*) FILTER (WHERE offer_on IS NOT NULL),
    COUNT(*) FILTER (WHERE offer_on IS NOT NULL AND offer_role IN ({hca})),
    COUNT(*) FILTER (WHERE start_on IS NOT NULL),
    COUNT(*) FILTER (WHERE start_on IS NOT NULL AND lsoa11 <> '' AND imd2019_decile IS NOT NULL),
    COUNT(*) FILTER (WHERE start_on IS NOT NULL AND lsoa11 <> '' AND imd2019_decile <= 2),
    COUNT(*) FILTER (WHERE left_early IS NOT NULL),
    COUNT(*) FILTER (WHERE left_early = 0),
    COUNT(*) FILTER (WHERE start_on IS NOT NULL AND three_months > %(as_of)s)
FROM judged
"""
)
_FIGURE_NAMES = [
    "supported",
    "known",
    "unknown",
    "ethnic_minority",
    "non_white",
    "offered",
    "offered_hca",
    "starters",
    "located",
    "quintile_1",
    "matured",
    "retained",
    "pending",
]


def three_months_sql(column: str, vendor: str) -> str:
    """SQL for ``column`` + 3 calendar months, clipped to the month's end (as ``AddThreeMonths``)."""
    return months_sql(column, 3, vendor)


def months_sql(column: str, months: int, vendor: str) -> str:
    """SQL for ``column`` + N calendar months, clipped to the month's end (PostgreSQL clips by itself; SQLite
    rolls over, so the earlier of that and the target month's last day)."""
    months = int(months)
    if vendor == "postgresql":
        return f"CAST({column} + INTERVAL '{months} months' AS date)"
    return (
        f"MIN(DATE({column}, '+{months} months'), DATE({column}, 'start of month', '+{months + 1} months', '-1 day'))"
    )


def scope_sql(people: models.QuerySet[Any], params: dict[str, Any]) -> str:
    """The SQL of ``people``'s primary keys, its parameters added to ``params`` by name (``%(scopeN)s``), to sit
    in a query with named parameters."""
    sql, positional = people.values("pk").query.sql_with_params()
    first, *rest = sql.split("%s")
    offset = sum(1 for name in params if name.startswith("scope"))
    params |= {f"scope{offset + index}": value for index, value in enumerate(positional)}
    return first + "".join(f"%(scope{offset + index})s{piece}" for index, piece in enumerate(rest))


def sql_day(value: datetime.date) -> Any:
    """A date as a query parameter: a date for PostgreSQL, ISO text for SQLite (where dates are stored so)."""
    return value if connection.vendor == "postgresql" else value.isoformat()


def run_sql(sql: str, params: dict[str, Any]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


def _figures(
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date,
    people: models.QuerySet[YoungPerson],
    scoped: object,
) -> dict[str, int]:
    vendor = connection.vendor

    def day(value: datetime.date) -> Any:
        return value if vendor == "postgresql" else value.isoformat()

    params: dict[str, Any] = {
        "registered": str(EventType.REGISTERED),
        "offered": str(EventType.JOB_OFFERED),
        "started": str(EventType.STARTED_WORK),
        "left": str(EventType.LEFT_WORK),
        "start": day(start),
        "end": day(end),
        "as_of": day(as_of),
    }
    scope = f"AND e.young_person_id IN ({scope_sql(people, params)})" if scoped else ""
    quoted = lambda values: ", ".join(f"'{value}'" for value in values)  # noqa: E731 (constants, not input)
    sql = _FIGURES_SQL.format(
        event=JourneyEvent._meta.db_table,
        void=EventVoid._meta.db_table,
        person=YoungPerson._meta.db_table,
        lsoa=Lsoa11._meta.db_table,
        scope=scope,
        counting=counting_sql("p"),
        three_months=three_months_sql("f.start_on", vendor),
        white=quoted(WHITE_GROUPS),
        hca=quoted(HCA_OR_CARE_WORKER),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(_FIGURE_NAMES, row, strict=True))


def registered_not_eligible(
    *, start: datetime.date, end: datetime.date, icbs: list[str] | None = None, programme_id: int | None = None
) -> int:
    """Young people registered in the period (a ``registered`` event in it, not voided) who do not count: not
    eligible when they registered and not overridden (docs/metrics.md). Shown apart, never in a figure."""
    registered = JourneyEvent.objects.filter(
        young_person=models.OuterRef("pk"),
        void__isnull=True,
        type=EventType.REGISTERED,
        occurred_on__gte=start,
        occurred_on__lte=end,
    )
    return registered_in_scope(icbs, programme_id).registered_not_eligible().filter(models.Exists(registered)).count()


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
