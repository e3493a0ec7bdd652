"""Breakdowns of the headline counts: by ICB, provider, programme phase, quarter, cohort, role, age band, sex,
ethnic group and IMD quintile (docs/metrics.md, "Breakdowns").

Every column is a headline count split into parts, so each column adds up to its headline total: "Supported"
(registered in the period), "Offered a job" (a ``job_offered`` in the period) and "Started work" (a
``started_work`` in the period). A person's own attributes (where they live, ethnic group, age, sex) split all
three columns; an event's attributes (its provider, role, date) split only the columns of that event, using
the person's first such event in the period. Set-based: one grouped query per column, whatever the number of
people.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncQuarter

from onramp.accounts.models import Organisation
from onramp.evaluation.disclosure import suppress
from onramp.evaluation.headline import people_in_scope
from onramp.geography.models import Lsoa11
from onramp.participants.models import ETHNIC_GROUP_5, EventType, JourneyEvent, ProgrammePhase, Role, Sex
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


def _flags(people: models.QuerySet[Any], start: datetime.date, end: datetime.date) -> models.QuerySet[Any]:
    events = JourneyEvent.objects.filter(
        young_person=OuterRef("pk"), void__isnull=True, occurred_on__gte=start, occurred_on__lte=end
    )
    offers = events.filter(type=EventType.JOB_OFFERED).order_by("occurred_on", "position", "pk")
    starts = events.filter(type=EventType.STARTED_WORK).order_by("occurred_on", "position", "pk")
    return people.annotate(
        is_supported=Exists(events.filter(type=EventType.REGISTERED)),
        offer_on=Subquery(offers.values("occurred_on")[:1]),
        offer_role=Subquery(offers.values("role")[:1]),
        offer_org=Subquery(offers.values("organisation_id")[:1]),
        start_on=Subquery(starts.values("occurred_on")[:1]),
        start_role=Subquery(starts.values("role")[:1]),
        start_org=Subquery(starts.values("organisation_id")[:1]),
    )


def _count_by(people: models.QuerySet[Any], expression: Any, condition: Q) -> dict[Any, int]:
    rows = people.filter(condition).annotate(group=expression).values("group").annotate(n=Count("pk")).order_by()
    return {row["group"]: row["n"] for row in rows}


SUPPORTED_Q, OFFERED_Q, STARTED_Q = Q(is_supported=True), Q(offer_on__isnull=False), Q(start_on__isnull=False)


def _three(people: models.QuerySet[Any], expression: Any) -> list[tuple[str, dict[Any, int]]]:
    return [
        (SUPPORTED, _count_by(people, expression, SUPPORTED_Q)),
        (OFFERED, _count_by(people, expression, OFFERED_Q)),
        (STARTED, _count_by(people, expression, STARTED_Q)),
    ]


def _age_band() -> Any:
    age = (
        ExtractYear("registered_on")
        - ExtractYear("date_of_birth")
        - Case(
            When(
                Q(registered_on__month__lt=ExtractMonth("date_of_birth"))
                | Q(
                    registered_on__month=ExtractMonth("date_of_birth"),
                    registered_on__day__lt=ExtractDay("date_of_birth"),
                ),
                then=1,
            ),
            default=0,
            output_field=IntegerField(),
        )
    )
    return Case(
        *[When(Q(age__gte=low) & Q(age__lte=high), then=Value(text)) for low, high, text in AGE_BANDS],
        default=Value("Other ages"),
        output_field=CharField(),
    ), age


def _phase_of(programme: Any, day: Any) -> Subquery:
    return Subquery(
        ProgrammePhase.objects.filter(programme=programme, starts_on__lte=day, ends_on__gte=day).values("pk")[:1]
    )


def financial_quarter(day: datetime.date) -> str:
    """ "2024-25 Q1" for April to June 2024: the UK government's financial year, April to March."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{year}-{str(year + 1)[2:]} Q{quarter}"


def _as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def breakdowns(
    *, start: datetime.date, end: datetime.date, icbs: list[str] | None, programme_id: int | None = None
) -> list[Breakdown]:
    people = _flags(people_in_scope(icbs, programme_id), start, end)
    result = []

    icb = Subquery(Lsoa11.objects.filter(code=OuterRef("lsoa11")).values("icb22_ods")[:1])
    names = dict(Lsoa11.objects.exclude(icb22_ods="").values_list("icb22_ods", "icb22_name").distinct())
    result.append(
        _breakdown(
            "icb",
            "By integrated care board of home postcode",
            "Integrated care board",
            _three(people, _blank_if_null(icb)),
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
            [
                (OFFERED, _count_by(people, F("offer_org"), OFFERED_Q)),
                (STARTED, _count_by(people, F("start_org"), STARTED_Q)),
            ],
            [],
            lambda pk: organisations.get(pk, "Not recorded") if pk else "Not recorded",
        )
    )

    phases = {
        phase.pk: f"{phase.programme.name}: {phase.name}"
        for phase in ProgrammePhase.objects.select_related("programme")
    }
    result.append(
        _breakdown(
            "phase",
            "By programme phase",
            "Programme phase",
            [
                (
                    SUPPORTED,
                    _count_by(people, _phase_of(OuterRef("programme"), OuterRef("registered_on")), SUPPORTED_Q),
                ),
                (OFFERED, _count_by(people, _phase_of(OuterRef("programme"), OuterRef("offer_on")), OFFERED_Q)),
                (STARTED, _count_by(people, _phase_of(OuterRef("programme"), OuterRef("start_on")), STARTED_Q)),
            ],
            [],
            lambda pk: phases.get(pk, "Outside any phase") if pk else "Outside any phase",
            note="The phase whose dates include the registration, the first offer or the first start.",
        )
    )

    def quarters(name: str, day_field: str, condition: Q) -> tuple[str, dict[Any, int]]:
        counts: dict[str, int] = {}
        for day, n in _count_by(people, TruncQuarter(day_field), condition).items():
            label = financial_quarter(_as_date(day))
            counts[label] = counts.get(label, 0) + n
        return name, counts

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
            [
                quarters(SUPPORTED, "registered_on", SUPPORTED_Q),
                quarters(OFFERED, "offer_on", OFFERED_Q),
                quarters(STARTED, "start_on", STARTED_Q),
            ],
            all_quarters,
            note="Financial years run from April to March; Q1 is April to June. Each column by its own event's date.",
        )
    )

    result.append(_cohorts(people_in_scope(icbs, programme_id), start, end))

    roles = dict(Role.choices)
    result.append(
        _breakdown(
            "role",
            "By role of the first offer and the first start",
            "Role",
            [
                (OFFERED, _count_by(people, F("offer_role"), OFFERED_Q)),
                (STARTED, _count_by(people, F("start_role"), STARTED_Q)),
            ],
            list(Role.values),
            lambda role: roles.get(role, "Not recorded") if role else "Not recorded",
        )
    )

    band, age = _age_band()
    aged = people.annotate(age=age)
    result.append(
        _breakdown(
            "age",
            "By age when registered",
            "Age band",
            _three(aged, band),
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
            _three(people, F("sex")),
            [*Sex.values, ""],
            lambda sex: sexes.get(sex, "Not recorded") if sex else "Not recorded",
        )
    )

    ethnic_columns = []
    for name, counts in _three(people, F("ethnic_group")):
        grouped: dict[str, int] = {}
        for code, n in counts.items():
            group = ETHNIC_GROUP_5.get(code, NOT_KNOWN)
            grouped[group] = grouped.get(group, 0) + n
        ethnic_columns.append((name, grouped))
    result.append(
        _breakdown(
            "ethnic_group",
            "By ethnic group",
            "Ethnic group (ONS 2021, 5 groups)",
            ethnic_columns,
            [*sorted(set(ETHNIC_GROUP_5.values())), NOT_KNOWN],
        )
    )

    decile = Subquery(Lsoa11.objects.filter(code=OuterRef("lsoa11")).values("imd2019_decile")[:1])
    quintile = Case(
        *[When(decile__in=[2 * q - 1, 2 * q], then=Value(q)) for q in range(1, 6)],
        default=Value(0),
        output_field=IntegerField(),
    )
    located = people.annotate(decile=decile)
    quintile_names = {
        q: f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else "")
        for q in range(1, 6)
    } | {0: NOT_LOCATED}
    result.append(
        _breakdown(
            "imd_quintile",
            "By IMD 2019 quintile of home area",
            "Deprivation quintile",
            _three(located, quintile),
            [1, 2, 3, 4, 5, 0],
            lambda q: quintile_names[q],
            note="Quintile 1 is IMD 2019 deciles 1 and 2, the most deprived fifth of areas in England.",
        )
    )
    return result


def _blank_if_null(expression: Any) -> Any:
    return Coalesce(expression, Value(""), output_field=CharField())


def _cohorts(people: models.QuerySet[Any], start: datetime.date, end: datetime.date) -> Breakdown:
    """Young people whose first course completion in the period was with a cohort, by that cohort; and of them,
    those offered a job, and those starting work, on or after that completion and by the period's end."""
    completions = JourneyEvent.objects.filter(
        young_person=OuterRef("pk"),
        void__isnull=True,
        type=EventType.COURSE_COMPLETED,
        cohort__isnull=False,
        occurred_on__gte=start,
        occurred_on__lte=end,
    ).order_by("occurred_on", "position", "pk")
    later = JourneyEvent.objects.filter(
        young_person=OuterRef("pk"),
        void__isnull=True,
        occurred_on__gte=OuterRef("completed_on"),
        occurred_on__lte=end,
    )
    completers = people.annotate(
        cohort_id=Subquery(completions.values("cohort_id")[:1]),
        completed_on=Subquery(completions.values("occurred_on")[:1]),
    ).filter(cohort_id__isnull=False)
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
