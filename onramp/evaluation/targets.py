"""Targets per programme phase: each phase's headline figures (over the phase's dates, up to ``as_of``) against
its targets, met or not met, with the 95% interval for shares (docs/metrics.md, "Targets")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from onramp.evaluation.disclosure import publish_headline
from onramp.evaluation.headline import headline
from onramp.evaluation.statistics import wilson
from onramp.participants.models import ProgrammePhase, Target


@dataclass(frozen=True)
class TargetResult:
    target: Target
    count: int | None  # for a count target
    numerator: int | None  # for a share
    denominator: int | None
    rate: float | None
    interval: tuple[float, float] | None
    met: bool | None  # None: nothing to judge yet, or hidden by disclosure control
    confidence: str  # words about the interval against the target
    suppressed: bool

    @property
    def status(self) -> str:
        if self.suppressed:
            return "Not shown (small numbers)"
        if self.met is None:
            return "No figures yet"
        return "Met" if self.met else "Not met"


@dataclass(frozen=True)
class PhaseResult:
    phase: ProgrammePhase
    start: datetime.date
    end: datetime.date
    finished: bool
    results: list[TargetResult]


def _confidence(target: Target, interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    goal = float(target.value) / 100
    low, high = interval
    if low > goal:
        return "the whole 95% interval is above the target"
    if high < goal:
        return "the whole 95% interval is below the target"
    return "the 95% interval includes the target, so the difference may be chance"


def judge(target: Target, metrics: dict[str, Any]) -> TargetResult:
    figure = metrics[target.metric]
    suppressed = bool(figure.get("suppressed"))
    if target.is_count:
        count = figure["count"]
        return TargetResult(
            target, count, None, None, None, None, None if count is None else target.met_by(count), "", suppressed
        )
    numerator, denominator, rate = figure["numerator"], figure["denominator"], figure["rate"]
    interval = wilson(numerator, denominator) if numerator is not None and denominator is not None else None
    return TargetResult(
        target,
        None,
        numerator,
        denominator,
        rate,
        interval,
        None if rate is None else target.met_by(rate),
        _confidence(target, interval),
        suppressed,
    )


def phase_results(
    *, as_of: datetime.date, icbs: list[str] | None, published: bool, programme_id: int | None = None
) -> list[PhaseResult]:
    """Every phase that has targets and has begun by ``as_of``, judged over [its start, min(its end, as_of)]
    for its own programme's young people in scope. ``published`` applies disclosure control first."""
    return judge_phases(phase_headlines(as_of=as_of, icbs=icbs, programme_id=programme_id), published=published)


def phase_headlines(
    *, as_of: datetime.date, icbs: list[str] | None, programme_id: int | None = None
) -> list[tuple[ProgrammePhase, datetime.date, bool, dict[str, Any]]]:
    """Each phase with targets begun by ``as_of``: (phase, its end so far, finished, its exact headline)."""
    phases = (
        ProgrammePhase.objects.filter(targets__isnull=False, starts_on__lte=as_of)
        .distinct()
        .select_related("programme")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("metric", "comparison")))
        .order_by("programme__name", "starts_on")
    )
    if programme_id is not None:
        phases = phases.filter(programme_id=programme_id)
    out = []
    for phase in phases:
        end = min(phase.ends_on, as_of)
        report = headline(start=phase.starts_on, end=end, as_of=end, icbs=icbs, programme_id=phase.programme_id)
        out.append((phase, end, phase.ends_on <= as_of, report))
    return out


def judge_phases(
    found: list[tuple[ProgrammePhase, datetime.date, bool, dict[str, Any]]], *, published: bool
) -> list[PhaseResult]:
    out = []
    for phase, end, finished, report in found:
        if published:
            report = publish_headline(report)
        out.append(
            PhaseResult(
                phase,
                phase.starts_on,
                end,
                finished,
                [judge(target, report["metrics"]) for target in phase.targets.all()],
            )
        )
    return out
