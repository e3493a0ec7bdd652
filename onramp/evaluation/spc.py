"""Statistical process control by the NHS "Making Data Count" method: XmR charts and their signals.

Limits: the mean ± 2.66 × the mean moving range. Signals, each marked on the points that make it:
- ``outside``: a point outside the limits;
- ``trend``: 7 points in a row, each higher than the one before (or each lower);
- ``two_of_three``: 2 of 3 points in a row beyond two-thirds of the way from the mean to a limit, on the same side;
- ``shift``: 7 points in a row on the same side of the mean (a point on the mean breaks the run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from statistics import fmean

RUN = 7


@dataclass
class Point:
    label: str
    value: float
    signals: set[str] = field(default_factory=set)
    side: int = 0  # +1 above the mean, -1 below, 0 on it

    @property
    def special(self) -> bool:
        return bool(self.signals)


@dataclass
class XmR:
    points: list[Point]
    mean: float
    mean_moving_range: float
    upper: float
    lower: float
    higher_is_better: bool = True

    def variation(self) -> str:
        """The chart's overall message, in words (Making Data Count's variation icons)."""
        recent = self.points[-1] if self.points else None
        if recent is None or not recent.special:
            return "common cause"
        improving = (recent.side > 0) == self.higher_is_better
        return "special cause: improvement" if improving else "special cause: concern"

    def assurance(self, target: float | None) -> str:
        """Whether the process will reliably meet a target, by where the limits lie."""
        if target is None:
            return "no target"
        if self.higher_is_better:
            if self.lower >= target:
                return "consistently passes the target"
            if self.upper < target:
                return "consistently fails the target"
        else:
            if self.upper <= target:
                return "consistently passes the target"
            if self.lower > target:
                return "consistently fails the target"
        return "hit and miss: the target lies within the limits"


def xmr(series: list[tuple[str, float]], *, higher_is_better: bool = True) -> XmR:
    if len(series) < 2:
        raise ValueError("An XmR chart needs at least two points.")
    values = [value for _, value in series]
    mean = fmean(values)
    moving = [abs(b - a) for a, b in pairwise(values)]
    mr = fmean(moving)
    chart = XmR(
        points=[Point(label, value, side=(value > mean) - (value < mean)) for label, value in series],
        mean=mean,
        mean_moving_range=mr,
        upper=mean + 2.66 * mr,
        lower=mean - 2.66 * mr,
        higher_is_better=higher_is_better,
    )
    _mark(chart)
    return chart


def _mark(chart: XmR) -> None:
    points = chart.points
    for point in points:
        if point.value > chart.upper or point.value < chart.lower:
            point.signals.add("outside")
    # Trend: RUN points each strictly higher (or lower) than the one before.
    for start in range(len(points) - RUN + 1):
        window = points[start : start + RUN]
        steps = [b.value - a.value for a, b in pairwise(window)]
        if all(step > 0 for step in steps) or all(step < 0 for step in steps):
            for point in window:
                point.signals.add("trend")
    # Shift: RUN points in a row on the same side of the mean.
    for start in range(len(points) - RUN + 1):
        window = points[start : start + RUN]
        if window[0].side != 0 and all(point.side == window[0].side for point in window):
            for point in window:
                point.signals.add("shift")
    # Two of three beyond two-thirds of the way to a limit, on the same side.
    high = chart.mean + (chart.upper - chart.mean) * 2 / 3
    low = chart.mean - (chart.mean - chart.lower) * 2 / 3
    for start in range(len(points) - 2):
        window = points[start : start + 3]
        for beyond in ([p for p in window if p.value > high], [p for p in window if p.value < low]):
            if len(beyond) >= 2:
                for point in beyond:
                    point.signals.add("two_of_three")


SIGNAL_WORDS = {
    "outside": "outside the process limits",
    "trend": "7 points in a row rising or falling",
    "two_of_three": "2 of 3 points close to a limit",
    "shift": "7 points in a row on one side of the mean",
}
