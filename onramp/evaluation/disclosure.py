"""Disclosure control for published figures: counts of 1 to 4 are suppressed, and enough other cells are
suppressed that no suppressed count can be worked back from totals ("secondary suppression")."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

LOWEST_SHOWN = 5  # counts from 1 to 4 are suppressed; 0 is shown


def primary(value: int) -> bool:
    return 1 <= value < LOWEST_SHOWN


def suppress(cells: dict[str, int], groups: Iterable[tuple[str, list[str]]]) -> set[str]:
    """The names of the cells to hide. ``groups`` are (total, parts) where the parts add up to the total.

    A group with exactly one hidden cell would give it away by subtraction, so the smallest other non-zero cell
    of the group (a part where possible) is hidden too; this repeats until every group hides none or at least two.
    """
    hidden = {name for name, value in cells.items() if primary(value)}
    groups = list(groups)
    changed = True
    while changed:
        changed = False
        for total, parts in groups:
            members = [total, *parts]
            if sum(name in hidden for name in members) != 1:
                continue
            shown = [name for name in parts if name not in hidden]
            # The smallest non-zero part: hiding a zero protects little (the hidden pair's sum is still the small
            # count), so zeros are chosen only when nothing else is left.
            candidates = [name for name in shown if cells[name] > 0] or shown or [total]
            chosen = min(candidates, key=lambda name: (cells[name], name))
            hidden.add(chosen)
            changed = True
    return hidden


SHARES = {  # metric: the count its denominator and the extra cell add up to, if any
    "offered_hca_or_care_worker": None,
    "ethnic_minority": ("supported", "unknown"),
    "non_white": ("supported", "unknown"),
    "imd_quintile_1_starters": ("starters", "unknown"),
    "retained_3_months": ("starters", "pending"),
}


def publish_headline(report: dict[str, Any]) -> dict[str, Any]:
    """The headline report with disclosure control.

    Primary: every published count from 1 to 4 is hidden, and so is a numerator whose complement (denominator
    minus numerator) is from 1 to 4, since it would give that small count away. Secondary: where a denominator
    and its extra cell add up to a published total (known + unknown ethnicity = supported; located + unknown,
    and 3-month-due + pending = starters), a group with exactly one hidden cell has its smallest other part
    hidden too. A rate is hidden when its numerator or denominator is. Hidden values become null.
    """
    metrics = report["metrics"]
    cells: dict[str, int] = {name: metrics[name]["count"] for name in ("supported", "offered", "starters")}
    complements: dict[str, int] = {}
    groups: list[tuple[str, list[str]]] = []
    for name, grouping in SHARES.items():
        share = metrics[name]
        cells[f"{name}.numerator"] = share["numerator"]
        cells[f"{name}.denominator"] = share["denominator"]
        complements[name] = share["denominator"] - share["numerator"]
        if grouping is not None:
            total, extra = grouping
            cells[f"{name}.{extra}"] = share[extra]
            groups.append((total, [f"{name}.denominator", f"{name}.{extra}"]))
    for index, row in enumerate(metrics["survey"]):
        cells[f"survey{index}.numerator"] = row["numerator"]
        cells[f"survey{index}.denominator"] = row["denominator"]
        complements[f"survey{index}"] = row["denominator"] - row["numerator"]
    hidden = suppress(cells, groups)
    hidden |= {f"{name}.numerator" for name, value in complements.items() if primary(value)}

    published = copy.deepcopy(report)
    out = published["metrics"]
    for name in ("supported", "offered", "starters"):
        if name in hidden:
            out[name] = {"count": None, "suppressed": True}
    for name in SHARES:
        _hide(out[name], name, hidden)
    for index, row in enumerate(out["survey"]):
        _hide(row, f"survey{index}", hidden)
    published["disclosure_control"] = {
        "counts_hidden": f"1 to {LOWEST_SHOWN - 1}",
        "method": "primary and secondary suppression (docs/metrics.md)",
    }
    return published


def _hide(share: dict[str, Any], prefix: str, hidden: set[str]) -> None:
    touched = False
    for key in ("numerator", "denominator", "unknown", "pending"):
        if key in share and f"{prefix}.{key}" in hidden:
            share[key] = None
            touched = True
    if share["numerator"] is None or share["denominator"] is None:
        share["rate"] = None
    if touched:
        share["suppressed"] = True
