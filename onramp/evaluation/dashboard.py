"""The programme dashboard's figures: the funnel and monthly series for SPC, set-based over the event log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from onramp.evaluation.headline import AddThreeMonths, people_in_scope
from onramp.evaluation.spc import XmR, xmr
from onramp.evaluation.statistics import wilson
from onramp.participants.models import EventType, JourneyEvent

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
    count: int
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
    *, start: datetime.date, end: datetime.date, as_of: datetime.date, icbs: list[str] | None
) -> list[FunnelStep]:
    """Of the young people registered in the period, how many reached each step by ``as_of``. "Still in post at
    N months": their first start's N-month date is on or before ``as_of`` and they did not leave before it."""
    events = JourneyEvent.objects.filter(young_person=OuterRef("pk"), void__isnull=True, occurred_on__lte=as_of)
    people = people_in_scope(icbs).filter(
        Exists(events.filter(type=EventType.REGISTERED, occurred_on__gte=start, occurred_on__lte=end))
    )
    first_start = Subquery(events.filter(type=EventType.STARTED_WORK).order_by("occurred_on").values("occurred_on")[:1])
    annotated = people.annotate(
        **{f"reached_{step}": Exists(events.filter(type=step)) for step, _ in FUNNEL_STEPS[1:6]},
        first_start=first_start,
    ).annotate(**{f"due_{n}": AddMonths("first_start", n) for n in (3, 6, 12)})
    for months in (3, 6, 12):
        annotated = annotated.annotate(
            **{
                f"left_{months}": Exists(
                    JourneyEvent.objects.filter(
                        young_person=OuterRef("pk"),
                        void__isnull=True,
                        type=EventType.LEFT_WORK,
                        occurred_on__gte=OuterRef("first_start"),
                        occurred_on__lt=OuterRef(f"due_{months}"),
                    )
                )
            }
        )
    aggregates: dict[str, Any] = {"supported": Count("pk")}
    aggregates |= {step: Count("pk", filter=Q(**{f"reached_{step}": True})) for step, _ in FUNNEL_STEPS[1:6]}
    aggregates |= {
        f"in_post_{n}": Count("pk", filter=Q(**{f"due_{n}__lte": as_of, f"left_{n}": False})) for n in (3, 6, 12)
    }
    counts = annotated.aggregate(**aggregates)
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


# --- breakdowns -------------------------------------------------------------------------------------

AGE_BANDS = [(16, 18, "16 to 18"), (19, 24, "19 to 24"), (25, 30, "25 to 30")]


@dataclass(frozen=True)
class Breakdown:
    title: str
    heading: str
    rows: list[tuple[str, int, float | None]]  # label, count, share of the total
    total: int
    note: str = ""


def _rows(counts: dict[str, int], order: list[str]) -> tuple[list[tuple[str, int, float | None]], int]:
    total = sum(counts.values())
    labels = order + sorted(set(counts) - set(order))
    return [
        (label, counts.get(label, 0), round(counts.get(label, 0) / total, 4) if total else None)
        for label in labels
        if label in counts or label in order
    ], total


def breakdowns(*, start: datetime.date, end: datetime.date, icbs: list[str] | None) -> list[Breakdown]:
    """Supported young people by ethnic group, age band and sex; offers by role; starters by IMD quintile;
    each a grouped query over the event log (set-based)."""
    from django.db.models import Case, CharField, F, IntegerField, Value, When
    from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

    from onramp.geography.models import Lsoa11
    from onramp.participants.models import ETHNIC_GROUP_5, Role, Sex

    events = JourneyEvent.objects.filter(young_person=OuterRef("pk"), void__isnull=True)
    in_period = {"occurred_on__gte": start, "occurred_on__lte": end}
    people = people_in_scope(icbs)
    supported = people.filter(Exists(events.filter(type=EventType.REGISTERED, **in_period)))
    result = []

    unknown = "Not known or prefer not to say"
    groups = dict(supported.values_list("ethnic_group").annotate(n=Count("pk")).order_by())
    five: dict[str, int] = {}
    for code, n in groups.items():
        group = ETHNIC_GROUP_5.get(code, unknown)
        five[group] = five.get(group, 0) + n
    order = [*sorted(set(ETHNIC_GROUP_5.values())), unknown]
    rows, total = _rows(five, order)
    result.append(Breakdown("Supported, by ethnic group", "Ethnic group (ONS 2021, 5 groups)", rows, total))

    # Exact age on the registration date: the difference in years, less one before the birthday.
    bands = (
        supported.annotate(
            reg_month=ExtractMonth("registered_on"),
            reg_day=ExtractDay("registered_on"),
            dob_month=ExtractMonth("date_of_birth"),
            dob_day=ExtractDay("date_of_birth"),
        )
        .annotate(
            age=ExtractYear("registered_on")
            - ExtractYear("date_of_birth")
            - Case(
                When(Q(reg_month__lt=F("dob_month")) | Q(reg_month=F("dob_month"), reg_day__lt=F("dob_day")), then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
        .annotate(
            band=Case(
                *[When(age__gte=low, age__lte=high, then=Value(label)) for low, high, label in AGE_BANDS],
                default=Value("Other ages"),
                output_field=CharField(),
            )
        )
    )
    counts = dict(bands.values_list("band").annotate(n=Count("pk")).order_by())
    rows, total = _rows(counts, [label for _, _, label in AGE_BANDS])
    result.append(
        Breakdown("Supported, by age when registered", "Age band", rows, total, note="Age on the registration date.")
    )

    labels = dict(Sex.choices) | {"": "Not recorded"}
    counts = {labels.get(sex, sex): n for sex, n in supported.values_list("sex").annotate(n=Count("pk")).order_by()}
    rows, total = _rows(counts, [*dict(Sex.choices).values(), "Not recorded"])
    result.append(Breakdown("Supported, by sex", "Sex", rows, total))

    offers = events.filter(type=EventType.JOB_OFFERED, **in_period).order_by("occurred_on", "position", "pk")
    roles = dict(Role.choices)
    counts = {
        roles.get(role, role): n
        for role, n in people.annotate(first_role=Subquery(offers.values("role")[:1]))
        .filter(first_role__isnull=False)
        .values_list("first_role")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows, total = _rows(counts, list(roles.values()))
    result.append(Breakdown("Offered a job, by role of the first offer", "Role", rows, total))

    starters = (
        people.filter(Exists(events.filter(type=EventType.STARTED_WORK, **in_period)))
        .annotate(decile=Subquery(Lsoa11.objects.filter(code=OuterRef("lsoa11")).values("imd2019_decile")[:1]))
        .annotate(
            quintile=Case(
                *[When(decile__in=[2 * q - 1, 2 * q], then=Value(q)) for q in range(1, 6)],
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )
    names = {
        q: f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else "")
        for q in range(1, 6)
    } | {0: "Not located"}
    counts = {names[q]: n for q, n in starters.values_list("quintile").annotate(n=Count("pk")).order_by()}
    rows, total = _rows(counts, list(names.values()))
    result.append(Breakdown("Started work, by IMD 2019 quintile of home area", "Deprivation quintile", rows, total))
    return result
