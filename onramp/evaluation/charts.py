"""Geometry for the dashboard's SVG charts. Templates draw; this works out where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onramp.evaluation.dashboard import FunnelStep
from onramp.evaluation.spc import SIGNAL_WORDS, XmR

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 44, 12, 12, 36


@dataclass(frozen=True)
class Bar:
    label: str
    count: int | None
    width: float
    y: float


def funnel_bars(steps: list[FunnelStep]) -> list[Bar]:
    biggest = max((step.count or 0 for step in steps), default=0) or 1
    return [
        Bar(step.label, step.count, 360 * (step.count or 0) / biggest, 8 + 34 * index)
        for index, step in enumerate(steps)
    ]


@dataclass(frozen=True)
class Dot:
    label: str
    value: float
    x: float
    y: float
    kind: str  # "common", "improvement" or "concern"
    signals: str


@dataclass(frozen=True)
class SpcGeometry:
    dots: list[Dot]
    path: str
    mean_y: float
    upper_y: float
    lower_y: float
    ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT


def spc_geometry(chart: XmR) -> SpcGeometry:
    values = [point.value for point in chart.points]
    low = min([*values, chart.lower, 0.0])
    high = max([*values, chart.upper]) or 1.0
    span = (high - low) or 1.0

    def y(value: float) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / span), 1)

    count = len(chart.points)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)
    dots = []
    for index, point in enumerate(chart.points):
        if point.special:
            improving = (point.side > 0) == chart.higher_is_better
            kind = "improvement" if improving else "concern"
        else:
            kind = "common"
        dots.append(
            Dot(
                point.label,
                point.value,
                round(LEFT + index * step, 1),
                y(point.value),
                kind,
                "; ".join(SIGNAL_WORDS[s] for s in sorted(point.signals)),
            )
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{dot.x},{dot.y}" for i, dot in enumerate(dots))
    ticks = [(y(value), f"{value:g}") for value in _nice_ticks(low, high)]
    every = max(1, count // 8)
    x_labels = [(dot.x, dot.label) for index, dot in enumerate(dots) if index % every == 0]
    return SpcGeometry(
        dots=dots,
        path=path,
        mean_y=y(chart.mean),
        upper_y=y(chart.upper),
        lower_y=y(chart.lower),
        ticks=ticks,
        x_labels=x_labels,
    )


def _nice_ticks(low: float, high: float) -> list[float]:
    span = high - low
    raw = span / 4 if span else 1
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = max(1.0, round(raw / magnitude) * magnitude)
    start = int(low // step) * step
    ticks: list[float] = []
    value = start
    while value <= high + 1e-9 and len(ticks) < 12:
        if value >= low - 1e-9:
            ticks.append(value)
        value += step
    return ticks


@dataclass(frozen=True)
class TornadoBar:
    label: str
    low: float
    high: float
    x: float
    width: float
    y: float


@dataclass(frozen=True)
class Tornado:
    bars: list[TornadoBar]
    base_x: float
    base: float
    ticks: list[tuple[float, str]]
    width: int = 640
    height: int = 0


TORNADO_LABELS = {
    "deadweight": "Deadweight",
    "attribution": "Attribution",
    "drop_off": "Drop-off",
    "value_per_year": "Value per year",
}


def tornado(sensitivity: list[dict[str, Any]], base: float) -> Tornado:
    """A tornado chart of the ratio's range as each parameter moves by ±50%: the widest range on top."""
    left, right, row = 150.0, 24.0, 34
    rows = sorted(sensitivity, key=lambda item: float(item["high"]) - float(item["low"]), reverse=True)
    low = min([base, *(float(item["low"]) for item in rows)])
    high = max([base, *(float(item["high"]) for item in rows)])
    pad = (high - low) * 0.1 or max(abs(base) * 0.1, 0.1)
    low, high = max(0.0, low - pad), high + pad
    span = 640 - left - right

    def x(value: float) -> float:
        return round(left + span * (value - low) / (high - low), 1)

    bars = [
        TornadoBar(
            TORNADO_LABELS.get(str(item["parameter"]), str(item["parameter"])),
            float(item["low"]),
            float(item["high"]),
            x(float(item["low"])),
            max(x(float(item["high"])) - x(float(item["low"])), 1.0),
            8 + row * index,
        )
        for index, item in enumerate(rows)
    ]
    ticks = [(x(value), f"{value:g}") for value in _nice_ticks(low, high) if low <= value <= high]
    return Tornado(bars, x(base), base, ticks, height=8 + row * len(rows) + 30)
