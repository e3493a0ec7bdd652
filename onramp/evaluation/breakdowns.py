"""Breakdowns of the headline counts: by ICB, provider, programme phase, quarter, cohort, role, age band, sex,
ethnic group and IMD quintile (docs/metrics.md, "Breakdowns").

Every column is a headline count split into parts, so each column adds up to its headline total: "Supported"
(registered in the period), "Offered a job" (a ``job_offered`` in the period) and "Started work" (a
``started_work`` in the period). A person's own attributes (where they live, ethnic group, age, sex) split all
three columns; an event's attributes (its provider, role, date) split only the columns of that event, using
the person's first such event in the period. Set-based: one grouped pass over the period's events gives a row per
person, counted into every table as it is read (plus the cohorts' own query), whatever the number of people.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from onramp.accounts.models import Organisation
from onramp.evaluation.disclosure import suppress
from onramp.evaluation.headline import FIRSTS_CTE, people_in_scope, scope_sql, sql_day
from onramp.geography.models import Lsoa11
from onramp.journey.models import EventType, EventVoid, JourneyEvent, Role
from onramp.participants.models import ETHNIC_GROUP_5, ProgrammePhase, Sex, YoungPerson, counting_sql
from onramp.training.models import Cohort

SUPPORTED, OFFERED, STARTED = "Supported", "Offered a job", "Started work"
AGE_BANDS = [(16, 18, "16 to 18"), (19, 24, "19 to 24"), (25, 30, "25 to 30")]
NOT_KNOWN = "Not known or prefer not to say"
NOT_LOCATED = "Postcode not located"


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    heading: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]  # None: hidden by disclosure control
    totals: list[int | None]
    note: str = ""

    def share(self, row: int, column: int) -> float | None:
        value, total = self.rows[row][1][column], self.totals[column]
        return round(value / total, 4) if value is not None and total else None


def _breakdown(
    key: str,
    title: str,
    heading: str,
    columns: list[tuple[str, dict[Any, int]]],
    order: list[Any],
    label: Callable[[Any], str] = str,
    note: str = "",
) -> Breakdown:
    """Rows in ``order`` first (shown even when 0), then any other keys found, sorted by their labels."""
    found = set().union(*(counts.keys() for _, counts in columns))
    extra = sorted(found - set(order), key=lambda k: label(k))
    keys = [*order, *extra]
    rows = [(label(k), [counts.get(k, 0) for _, counts in columns]) for k in keys]
    totals: list[int | None] = [sum(counts.values()) for _, counts in columns]
    return Breakdown(key, title, heading, [name for name, _ in columns], rows, totals, note)  # type: ignore[arg-type]


def _count_by(people: models.QuerySet[Any], expression: Any, condition: Q) -> dict[Any, int]:
    rows = people.filter(condition).annotate(group=expression).values("group").annotate(n=Count("pk")).order_by()
    return {row["group"]: row["n"] for row in rows}


def financial_quarter(day: datetime.date) -> str:
    """ "2024-25 Q1" for April to June 2024: the UK government's financial year, April to March."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{year}-{str(year + 1)[2:]} Q{quarter}"


def _as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


_PEOPLE_SQL = (
    "WITH "
    + FIRSTS_CTE
    + """, chosen AS MATERIALIZED (
    SELECT f.*,
           CASE WHEN f.offer_on IS NOT NULL THEN (
               SELECT o.id FROM {event} o
               WHERE o.young_person_id = f.pid AND o.type = %(offered)s AND o.occurred_on = f.offer_on
                 AND NOT EXISTS (SELECT 1 FROM {void} v WHERE v.event_id = o.id)
               ORDER BY o.position, o.id LIMIT 1
           ) END AS offer_id,
           CASE WHEN f.start_on IS NOT NULL THEN (
               SELECT o.id FROM {event} o
               WHERE o.young_person_id = f.pid AND o.type = %(started)s AND o.occurred_on = f.start_on
                 AND NOT EXISTS (SELECT 1 FROM {void} v WHERE v.event_id = o.id)
               ORDER BY o.position, o.id LIMIT 1
           ) END AS start_id
    FROM firsts f
)
SELECT c.supported, c.offer_on, oe.role, oe.organisation_id, c.start_on, se.role, se.organisation_id,
       p.registered_on, p.date_of_birth, p.sex, p.ethnic_group, p.programme_id, l.icb22_ods, l.imd2019_decile
FROM chosen c
JOIN {person} p ON p.id = c.pid AND {counting}
LEFT JOIN {lsoa} l ON l.code = p.lsoa11
LEFT JOIN {event} oe ON oe.id = c.offer_id
LEFT JOIN {event} se ON se.id = c.start_id
"""
)


def _day(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _age_band_of(born: datetime.date | None, registered: datetime.date | None) -> str:
    """The age band on the registration date (the whole years since the date of birth)."""
    if born is None or registered is None:
        return "Other ages"
    age = registered.year - born.year - (1 if (registered.month, registered.day) < (born.month, born.day) else 0)
    return next((text for low, high, text in AGE_BANDS if low <= age <= high), "Other ages")


def _people_rows(
    *, start: datetime.date, end: datetime.date, people: models.QuerySet[Any], scoped: bool
) -> Iterator[tuple[Any, ...]]:
    """One row per young person in scope with a registration, offer or start in the period (voided events never
    count): their flags, their first offer's and first start's date, role and provider, and their own details.
    One grouped pass over the period's events, read in chunks (a server-side cursor on PostgreSQL), so memory
    stays flat whatever the number of people."""
    params: dict[str, Any] = {
        "registered": str(EventType.REGISTERED),
        "offered": str(EventType.JOB_OFFERED),
        "started": str(EventType.STARTED_WORK),
        "start": sql_day(start),
        "end": sql_day(end),
    }
    scope = f"AND e.young_person_id IN ({scope_sql(people, params)})" if scoped else ""
    sql = _PEOPLE_SQL.format(
        event=JourneyEvent._meta.db_table,
        void=EventVoid._meta.db_table,
        person=YoungPerson._meta.db_table,
        lsoa=Lsoa11._meta.db_table,
        scope=scope,
        counting=counting_sql("p"),
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


class _Tally:
    """Counts per column, per key: ``add("Supported", key)``."""

    def __init__(self, *columns: str) -> None:
        self.counts: dict[str, dict[Any, int]] = {column: {} for column in columns}

    def add(self, column: str, key: Any) -> None:
        found = self.counts[column]
        found[key] = found.get(key, 0) + 1

    def columns(self) -> list[tuple[str, dict[Any, int]]]:
        return list(self.counts.items())


def breakdowns(
    *, start: datetime.date, end: datetime.date, icbs: list[str] | None, programme_id: int | None = None
) -> list[Breakdown]:
    scope = people_in_scope(icbs, programme_id)
    phases_by_programme: dict[int, list[ProgrammePhase]] = {}
    for item in ProgrammePhase.objects.select_related("programme").order_by("starts_on", "pk"):
        phases_by_programme.setdefault(item.programme_id, []).append(item)

    def phase_of(programme: int | None, day: datetime.date | None) -> int | None:
        if programme is None or day is None:
            return None
        return next((p.pk for p in phases_by_programme.get(programme, []) if p.starts_on <= day <= p.ends_on), None)

    icb, provider, phase, quarter = (_Tally(SUPPORTED, OFFERED, STARTED) for _ in range(4))
    role, age, sex, ethnic, imd = (_Tally(SUPPORTED, OFFERED, STARTED) for _ in range(5))
    for row in _people_rows(start=start, end=end, people=scope, scoped=icbs is not None or programme_id is not None):
        (supported, offer_on, offer_role, offer_org, start_on, start_role, start_org) = row[:7]
        (registered_on, born, person_sex, ethnic_group, programme, icb_code, decile) = row[7:]
        offer_on, start_on = _day(offer_on), _day(start_on)
        registered_on, born = _day(registered_on), _day(born)
        person = (
            icb_code or "",
            _age_band_of(born, registered_on),
            person_sex,
            ETHNIC_GROUP_5.get(ethnic_group, NOT_KNOWN),
            next((q for q in range(1, 6) if decile in (2 * q - 1, 2 * q)), 0),
        )
        columns = []
        if supported:
            columns.append((SUPPORTED, None, None, registered_on))
        if offer_on is not None:
            columns.append((OFFERED, offer_org, offer_role, offer_on))
        if start_on is not None:
            columns.append((STARTED, start_org, start_role, start_on))
        for column, organisation, event_role, day in columns:
            for tally, key in zip((icb, age, sex, ethnic, imd), person, strict=True):
                tally.add(column, key)
            phase.add(column, phase_of(programme, day))
            quarter.add(column, financial_quarter(day) if day is not None else None)
            if column != SUPPORTED:
                provider.add(column, organisation)
                role.add(column, event_role)

    result = []
    names = dict(Lsoa11.objects.exclude(icb22_ods="").values_list("icb22_ods", "icb22_name").distinct())
    result.append(
        _breakdown(
            "icb",
            "By integrated care board of home postcode",
            "Integrated care board",
            icb.columns(),
            [],
            lambda code: names.get(code, code) if code else NOT_LOCATED,
            note="The ICB of the young person's postcode (2011 LSOA, 2022 lookup).",
        )
    )

    organisations = dict(Organisation.objects.values_list("pk", "name"))
    result.append(
        _breakdown(
            "provider",
            "By provider (employer) of the first offer and the first start",
            "Provider",
            provider.columns()[1:],
            [],
            lambda pk: organisations.get(pk, "Not recorded") if pk else "Not recorded",
        )
    )

    phases = {
        item.pk: f"{item.programme.name}: {item.name}" for items in phases_by_programme.values() for item in items
    }
    result.append(
        _breakdown(
            "phase",
            "By programme phase",
            "Programme phase",
            phase.columns(),
            [],
            lambda pk: phases.get(pk, "Outside any phase") if pk else "Outside any phase",
            note="The phase whose dates include the registration, the first offer or the first start.",
        )
    )

    all_quarters = []
    day = start
    while day <= end:
        label = financial_quarter(day)
        if label not in all_quarters:
            all_quarters.append(label)
        day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    result.append(
        _breakdown(
            "quarter",
            "By quarter",
            "Quarter (financial year)",
            quarter.columns(),
            all_quarters,
            note="Financial years run from April to March; Q1 is April to June. Each column by its own event's date.",
        )
    )

    result.append(_cohorts(scope, start, end))

    roles = dict(Role.choices)
    result.append(
        _breakdown(
            "role",
            "By role of the first offer and the first start",
            "Role",
            role.columns()[1:],
            list(Role.values),
            lambda value: roles.get(value, "Not recorded") if value else "Not recorded",
        )
    )

    result.append(
        _breakdown(
            "age",
            "By age when registered",
            "Age band",
            age.columns(),
            [text for _, _, text in AGE_BANDS],
            note="Age on the registration date.",
        )
    )

    sexes = dict(Sex.choices)
    result.append(
        _breakdown(
            "sex",
            "By sex",
            "Sex",
            sex.columns(),
            [*Sex.values, ""],
            lambda value: sexes.get(value, "Not recorded") if value else "Not recorded",
        )
    )

    result.append(
        _breakdown(
            "ethnic_group",
            "By ethnic group",
            "Ethnic group (ONS 2021, 5 groups)",
            ethnic.columns(),
            [*sorted(set(ETHNIC_GROUP_5.values())), NOT_KNOWN],
        )
    )

    quintile_names = {
        q: f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else "")
        for q in range(1, 6)
    } | {0: NOT_LOCATED}
    result.append(
        _breakdown(
            "imd_quintile",
            "By IMD 2019 quintile of home area",
            "Deprivation quintile",
            imd.columns(),
            [1, 2, 3, 4, 5, 0],
            lambda q: quintile_names[q],
            note="Quintile 1 is IMD 2019 deciles 1 and 2, the most deprived fifth of areas in England.",
        )
    )
    return result


def _cohorts(people: models.QuerySet[Any], start: datetime.date, end: datetime.date) -> Breakdown:
    """Young people whose first course completion in the period was with a cohort, by that cohort; and of them,
    those offered a job, and those starting work, on or after that completion and by the period's end."""
    completions = JourneyEvent.objects.filter(
        young_person=OuterRef("pk"),
        void__isnull=True,
        type=EventType.COURSE_COMPLETED,
        cohort_id__isnull=False,
        occurred_on__gte=start,
        occurred_on__lte=end,
    ).order_by("occurred_on", "position", "pk")
    later = JourneyEvent.objects.filter(
        young_person=OuterRef("pk"),
        void__isnull=True,
        occurred_on__gte=OuterRef("completed_on"),
        occurred_on__lte=end,
    )
    # Only people with such a completion are looked at (a semi-join on the period's completions), so the
    # per-person lookups below run for completers only.
    completed_in_period = JourneyEvent.objects.filter(
        void__isnull=True,
        type=EventType.COURSE_COMPLETED,
        cohort_id__isnull=False,
        occurred_on__gte=start,
        occurred_on__lte=end,
    ).values("young_person_id")
    completers = (
        people.filter(pk__in=completed_in_period)
        .annotate(
            cohort_id=Subquery(completions.values("cohort_id")[:1]),
            completed_on=Subquery(completions.values("occurred_on")[:1]),
        )
        .filter(cohort_id__isnull=False)
    )
    flagged = completers.annotate(
        then_offered=Exists(later.filter(type=EventType.JOB_OFFERED)),
        then_started=Exists(later.filter(type=EventType.STARTED_WORK)),
    )
    completed = _count_by(flagged, F("cohort_id"), Q())
    found = Cohort.objects.filter(pk__in=list(completed)).order_by("starts_on", "name")
    cohorts = {cohort.pk: f"{cohort.name} ({cohort.starts_on:%b %Y})" for cohort in found}
    return _breakdown(
        "cohort",
        "By training cohort",
        "Cohort",
        [
            ("Completed the course", completed),
            ("Then offered a job", _count_by(flagged, F("cohort_id"), Q(then_offered=True))),
            ("Then started work", _count_by(flagged, F("cohort_id"), Q(then_started=True))),
        ],
        list(cohorts),  # in date order
        lambda pk: cohorts.get(pk, str(pk)),
        note="By the cohort of each young person's first course completion in the period; offers and starts on or "
        "after that completion.",
    )


def publish(breakdown: Breakdown) -> Breakdown:
    """Disclosure control: in each column, counts of 1 to 4 hidden, with secondary suppression against the
    column's total (docs/metrics.md)."""
    hidden: set[tuple[int, int]] = set()
    for column in range(len(breakdown.columns)):
        cells = {f"r{index}": values[column] or 0 for index, (_, values) in enumerate(breakdown.rows)}
        cells["total"] = breakdown.totals[column] or 0
        gone = suppress(cells, [("total", [f"r{index}" for index in range(len(breakdown.rows))])])
        hidden |= {(-1 if name == "total" else int(name[1:]), column) for name in gone}
    rows = [
        (label, [None if (index, column) in hidden else value for column, value in enumerate(values)])
        for index, (label, values) in enumerate(breakdown.rows)
    ]
    totals = [None if (-1, column) in hidden else value for column, value in enumerate(breakdown.totals)]
    return replace(breakdown, rows=rows, totals=totals)
