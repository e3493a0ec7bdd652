"""Social return on investment, to the pinned configuration and formulae.

Per outcome: impact = quantity × value_per_year × (1 − deadweight) × (1 − displacement) × (1 − attribution);
value in year t (t = 1 … duration) = impact × (1 − drop_off)^(t − 1);
present value = Σ value_t / (1 + discount_rate)^t. ratio = total present value / investment.
Money and the ratio are rounded to 2 decimals in the output (never before summing).
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeGuard, cast

from onramp.evaluation.headline import headline

FRACTIONS = ("deadweight", "attribution", "displacement", "drop_off")
SENSITIVITY_PARAMETERS = ("deadweight", "attribution", "drop_off", "value_per_year")
CHANGES = (-0.5, -0.25, 0.25, 0.5)
COUNT_METRICS = {"supported", "offered", "starters"}
SHARE_METRICS = {
    "offered_hca_or_care_worker",
    "ethnic_minority",
    "non_white",
    "imd_quintile_1_starters",
    "retained_3_months",
}


class ConfigError(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class Outcome:
    name: str
    value_per_year: float
    duration_years: int
    deadweight: float
    attribution: float
    displacement: float
    drop_off: float
    source: str
    quantity: float | None = None
    quantity_metric: str | None = None


@dataclass(frozen=True)
class Config:
    investment: float
    discount_rate: float
    outcomes: list[Outcome]


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse_config(data: Any) -> Config:
    """Check a configuration, naming every field that is wrong."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError(["the configuration must be a JSON object"])
    investment = data.get("investment")
    if not _number(investment) or investment <= 0:
        errors.append("investment: must be a number of pounds greater than 0")
    rate = data.get("discount_rate", 0.035)
    if not _number(rate) or not 0 <= rate < 1:
        errors.append("discount_rate: must be a fraction from 0 up to 1")
    outcomes_data = data.get("outcomes")
    outcomes: list[Outcome] = []
    if not isinstance(outcomes_data, list) or not outcomes_data:
        errors.append("outcomes: must be a non-empty list")
        outcomes_data = []
    for index, item in enumerate(outcomes_data):
        outcome = _parse_outcome(f"outcomes[{index}]", item, errors)
        if outcome is not None:
            outcomes.append(outcome)
    if errors:
        raise ConfigError(errors)
    return Config(investment=cast(float, investment), discount_rate=float(rate), outcomes=outcomes)


def _parse_outcome(where: str, item: Any, errors: list[str]) -> Outcome | None:
    if not isinstance(item, dict):
        errors.append(f"{where}: must be an object")
        return None
    before = len(errors)
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(f"{where}.name: is required")
    quantity, metric = item.get("quantity"), item.get("quantity_metric")
    if ("quantity" in item) == ("quantity_metric" in item):
        errors.append(f"{where}: give exactly one of quantity and quantity_metric")
    elif "quantity" in item and (not _number(quantity) or quantity < 0):
        errors.append(f"{where}.quantity: must be a number, 0 or more")
    elif "quantity_metric" in item and metric not in COUNT_METRICS | SHARE_METRICS:
        errors.append(f"{where}.quantity_metric: must be one of {', '.join(sorted(COUNT_METRICS | SHARE_METRICS))}")
    value = item.get("value_per_year")
    if not _number(value) or value < 0:
        errors.append(f"{where}.value_per_year: must be a number of pounds, 0 or more")
    duration = item.get("duration_years")
    if not isinstance(duration, int) or isinstance(duration, bool) or duration < 1:
        errors.append(f"{where}.duration_years: must be a whole number, 1 or more")
    fractions = {fraction: item.get(fraction) for fraction in FRACTIONS}
    for fraction, amount in fractions.items():
        if not _number(amount) or not 0 <= amount <= 1:
            errors.append(f"{where}.{fraction}: must be a fraction from 0 to 1")
    source = item.get("source")
    if not isinstance(source, str) or not source.strip():
        errors.append(f"{where}.source: say where the value comes from")
    if len(errors) > before:
        return None
    checked = cast(dict[str, float], fractions)  # every value was checked above
    return Outcome(
        name=str(name).strip(),
        value_per_year=cast(float, value),
        duration_years=cast(int, duration),
        deadweight=checked["deadweight"],
        attribution=checked["attribution"],
        displacement=checked["displacement"],
        drop_off=checked["drop_off"],
        source=str(source).strip(),
        quantity=cast(float, quantity) if "quantity" in item else None,
        quantity_metric=str(metric) if "quantity_metric" in item else None,
    )


def load_config(path: Path) -> Config:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"no file at {path}"]) from None
    except json.JSONDecodeError as error:
        raise ConfigError(
            [f"the file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
    return parse_config(data)


def impact(outcome: Outcome, quantity: float) -> float:
    return (
        quantity
        * outcome.value_per_year
        * (1 - outcome.deadweight)
        * (1 - outcome.displacement)
        * (1 - outcome.attribution)
    )


def present_value(outcome: Outcome, quantity: float, discount_rate: float) -> float:
    first_year = impact(outcome, quantity)
    return sum(
        first_year * (1 - outcome.drop_off) ** (t - 1) / (1 + discount_rate) ** t
        for t in range(1, outcome.duration_years + 1)
    )


def quantities(config: Config, metrics: dict[str, Any] | None) -> list[float]:
    values = []
    for outcome in config.outcomes:
        if outcome.quantity is not None:
            values.append(outcome.quantity)
            continue
        assert outcome.quantity_metric is not None and metrics is not None
        figure = metrics[outcome.quantity_metric]
        values.append(float(figure["count"] if "count" in figure else figure["numerator"]))
    return values


def _ratio(config: Config, amounts: list[float]) -> float:
    total = sum(present_value(o, q, config.discount_rate) for o, q in zip(config.outcomes, amounts, strict=True))
    return total / config.investment


def _moved(outcome: Outcome, parameter: str, change: float) -> Outcome:
    value = getattr(outcome, parameter) * (1 + change)
    if parameter != "value_per_year":
        value = min(max(value, 0.0), 1.0)
    return replace(outcome, **{parameter: value})


def calculate(config: Config, metrics: dict[str, Any] | None = None) -> dict[str, Any]:
    amounts = quantities(config, metrics)
    rows = []
    total = 0.0
    for outcome, quantity in zip(config.outcomes, amounts, strict=True):
        pv = present_value(outcome, quantity, config.discount_rate)
        total += pv
        rows.append(
            {
                "name": outcome.name,
                "quantity": quantity,
                "impact": round(impact(outcome, quantity), 2),
                "present_value": round(pv, 2),
            }
        )
    sensitivity = []
    for parameter in SENSITIVITY_PARAMETERS:
        ratios = {}
        for change in CHANGES:
            moved = replace(config, outcomes=[_moved(o, parameter, change) for o in config.outcomes])
            ratios[f"{change:+.0%}"] = round(_ratio(moved, amounts), 2)
        sensitivity.append(
            {"parameter": parameter, "ratios": ratios, "low": min(ratios.values()), "high": max(ratios.values())}
        )
    return {
        "investment": round(config.investment, 2),
        "present_value": round(total, 2),
        "net_present_value": round(total - config.investment, 2),
        "ratio": round(total / config.investment, 2),
        "outcomes": rows,
        "sensitivity": sensitivity,
    }


def needs_metrics(config: Config) -> bool:
    return any(outcome.quantity_metric for outcome in config.outcomes)


def for_period(config: Config, *, start: datetime.date, end: datetime.date, icbs: list[str] | None) -> dict[str, Any]:
    metrics = None
    if needs_metrics(config):
        metrics = headline(start=start, end=end, icbs=icbs)["metrics"]
    return calculate(config, metrics)


STARTING_POINT = Path(__file__).parent / "data" / "sroi-starting-point.json"


def starting_point() -> dict[str, Any]:
    """The shipped starting configuration: openly licensed, cited values, with no investment (each programme
    enters its own). See docs/metrics.md."""
    data = json.loads(STARTING_POINT.read_text(encoding="utf-8"))
    return {"discount_rate": data["discount_rate"], "outcomes": data["outcomes"], "provenance": data["notes"]}


def warnings(config: Config) -> list[str]:
    """Things about a configuration a reader of its ratio should know."""
    found = []
    for outcome in config.outcomes:
        if not any((outcome.deadweight, outcome.attribution, outcome.displacement, outcome.drop_off)):
            found.append(
                f"{outcome.name}: deadweight, attribution, displacement and drop-off are all 0, so its value is an "
                "upper bound: what would have happened anyway, and others' part in it, are not taken off."
            )
    return found
