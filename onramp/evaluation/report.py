"""One evaluation report, exact or published, shared by the dashboards, the funder return (XLSX and CSV) and the
learning story, so that every output shows the same figures for the same period and scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from onramp.evaluation import breakdowns as breakdown_module
from onramp.evaluation import dashboard, targets
from onramp.evaluation.disclosure import primary, publish_headline, suppress
from onramp.evaluation.headline import headline, registered_not_eligible
from onramp.evaluation.progressions import progressions
from onramp.evaluation.representativeness import Representativeness, representativeness
from onramp.evaluation.spc import XmR, xmr
from onramp.evaluation.statistics import wilson
from onramp.journey.models import EventType

SHARES = [
    ("offered_hca_or_care_worker", "Offers as healthcare assistant or care worker"),
    ("ethnic_minority", "Supported from ethnic minority backgrounds"),
    ("non_white", "Supported from outside the White groups"),
    ("imd_quintile_1_starters", "Starters living in the most deprived fifth of areas"),
    ("retained_3_months", "Starters still in post after 3 months"),
]
COUNTS = [
    ("supported", "Young people supported"),
    ("offered", "Young people offered jobs"),
    ("starters", "Young people starting work"),
]


@dataclass(frozen=True)
class SpcSeries:
    id: str
    title: str
    unit: str  # "young people" or "per cent"
    chart: XmR | None
    withheld: str = ""  # why a published chart is not shown


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    icbs: list[str] | None
    published: bool
    headline: dict[str, Any]
    shares: list[dict[str, Any]]
    funnel: list[dashboard.FunnelStep]
    breakdowns: list[breakdown_module.Breakdown]
    targets: list[targets.PhaseResult]
    representativeness: Representativeness
    spc: list[SpcSeries] = field(default_factory=list)
    # Registered in the period but not counted (not eligible, not overridden): shown apart, in no figure above.
    # None when published and from 1 to 4 (disclosure control).
    registered_not_eligible: int | None = None
    # Progressions after starting work, by kind (docs/metrics.md, "Progressions"). None only in a snapshot stored
    # before the figure existed (the next refresh adds it).
    progressions: breakdown_module.Breakdown | None = None

    @property
    def kind(self) -> str:
        return kind(published=self.published)


def kind(*, published: bool) -> str:
    """What a report's figures are, in words."""
    return "Published figures (disclosure control applied)" if published else "Exact figures"


@dataclass
class _Computed:
    """Everything a report needs from the database, before disclosure control: the exact and the published
    report are both assembled from one of these, so a refresh computes the figures once for both."""

    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    icbs: list[str] | None
    headline: dict[str, Any]
    funnel: list[dashboard.FunnelStep]
    breakdowns: list[breakdown_module.Breakdown]
    representativeness: Representativeness
    phases: list[tuple[Any, datetime.date, bool, dict[str, Any]]]
    series: list[tuple[str, str, list[tuple[str, int]]]] | None
    retention: list[tuple[str, float, int, int]] | None
    registered_not_eligible: int
    progressions: breakdown_module.Breakdown


def build(
    *,
    start: datetime.date,
    end: datetime.date,
    icbs: list[str] | None,
    published: bool,
    as_of: datetime.date | None = None,
    with_spc: bool = True,
) -> Report:
    computed = _compute(start=start, end=end, icbs=icbs, as_of=as_of or end, with_spc=with_spc)
    return _assemble(computed, published=published)


def build_both(
    *,
    start: datetime.date,
    end: datetime.date,
    icbs: list[str] | None,
    as_of: datetime.date | None = None,
    with_spc: bool = True,
) -> tuple[Report, Report]:
    """The exact and the published report from one computation: the same as ``build()`` twice."""
    computed = _compute(start=start, end=end, icbs=icbs, as_of=as_of or end, with_spc=with_spc)
    return _assemble(computed, published=False), _assemble(computed, published=True)


def _compute(
    *, start: datetime.date, end: datetime.date, icbs: list[str] | None, as_of: datetime.date, with_spc: bool
) -> _Computed:
    series, retention = None, None
    if with_spc:
        series = [
            (str(event_type), title, dashboard.monthly(event_type=event_type, start=start, end=end, icbs=icbs))
            for event_type, title in [
                (EventType.JOB_OFFERED, "Young people offered jobs each month"),
                (EventType.STARTED_WORK, "Young people starting work each month"),
            ]
        ]
        retention = dashboard.monthly_retention(start=start, end=end, as_of=as_of, icbs=icbs)
    return _Computed(
        start=start,
        end=end,
        as_of=as_of,
        icbs=icbs,
        headline=headline(start=start, end=end, as_of=as_of, icbs=icbs),
        funnel=dashboard.funnel(start=start, end=end, as_of=as_of, icbs=icbs),
        breakdowns=breakdown_module.breakdowns(start=start, end=end, icbs=icbs),
        representativeness=representativeness(start=start, end=end, icbs=icbs),
        phases=targets.phase_headlines(as_of=as_of, icbs=icbs),
        series=series,
        retention=retention,
        registered_not_eligible=registered_not_eligible(start=start, end=end, icbs=icbs),
        progressions=progressions(start=start, end=end, icbs=icbs),
    )


def _assemble(computed: _Computed, *, published: bool) -> Report:
    report = publish_headline(computed.headline) if published else computed.headline
    shares = []
    for key, label in SHARES:
        figure = report["metrics"][key]
        known = figure["numerator"] is not None and figure["denominator"] is not None
        interval = wilson(figure["numerator"], figure["denominator"]) if known else None
        shares.append({"key": key, "label": label, **figure, "interval": interval})
    funnel, tables, compared = computed.funnel, computed.breakdowns, computed.representativeness
    if published:
        funnel = [_publish_step(step) for step in funnel]
        tables = [breakdown_module.publish(table) for table in tables]
        compared = _publish_representativeness(compared)
    result = Report(
        start=computed.start,
        end=computed.end,
        as_of=computed.as_of,
        icbs=computed.icbs,
        published=published,
        headline=report,
        shares=shares,
        funnel=funnel,
        breakdowns=tables,
        targets=targets.judge_phases(computed.phases, published=published),
        representativeness=compared,
        registered_not_eligible=_publish_count(computed.registered_not_eligible)
        if published
        else computed.registered_not_eligible,
        progressions=breakdown_module.publish(computed.progressions) if published else computed.progressions,
    )
    if computed.series is not None and computed.retention is not None:
        result.spc = _spc(computed.series, computed.retention, published=published)
    return result


def _publish_count(value: int) -> int | None:
    """A count apart from the headline (part of no total): hidden when from 1 to 4."""
    return None if primary(value) else value


def _publish_step(step: dashboard.FunnelStep) -> dashboard.FunnelStep:
    """Funnel steps are nested, not parts of a total, so no sum gives a hidden one away: counts of 1 to 4 are
    hidden, with their shares."""
    if step.count is None or not primary(step.count):
        return step
    return dashboard.FunnelStep(step.key, step.label, None, None, None)


def _publish_representativeness(found: Representativeness) -> Representativeness:
    cells = {row.group: row.intake or 0 for row in found.rows} | {"known": found.known or 0}
    hidden = suppress(cells, [("known", [row.group for row in found.rows])])
    rows = [
        replace(row, intake=None, intake_share=None, interval=None) if row.group in hidden else row
        for row in found.rows
    ]
    return replace(
        found,
        rows=rows,
        known=None if "known" in hidden else found.known,
        unknown=None if found.unknown is not None and primary(found.unknown) else found.unknown,
    )


def _spc(
    series_found: list[tuple[str, str, list[tuple[str, int]]]],
    retention: list[tuple[str, float, int, int]],
    *,
    published: bool,
) -> list[SpcSeries]:
    out = []
    for event_type, title, series in series_found:
        withheld = ""
        if published and any(primary(value) for _, value in series):
            withheld = "Not published: some months have from 1 to 4 young people."
        chart = xmr([(label, float(value)) for label, value in series]) if len(series) >= 2 else None
        out.append(SpcSeries(event_type, title, "young people", None if withheld else chart, withheld))
    withheld = ""
    if published and any(primary(due) or primary(due - kept) for _, _, kept, due in retention):
        withheld = "Not published: some months have from 1 to 4 starters, or from 1 to 4 leavers."
    chart = xmr([(label, value) for label, value, _, _ in retention]) if len(retention) >= 2 else None
    out.append(
        SpcSeries(
            "retained_3_months",
            "Starters still in post after 3 months, by month of start (per cent)",
            "per cent",
            None if withheld else chart,
            withheld,
        )
    )
    return out
