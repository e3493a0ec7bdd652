"""The figures part of a dashboard, rendered once per stored snapshot and kept in this process.

A dashboard's figures (headline, targets, funnel, SPC charts, representativeness, breakdowns) are the same HTML for
everyone who sees the same snapshot: they depend only on the snapshot, the period and scope, and the programme's
targets. Rendering them costs more than the rest of the page together, and more the bigger the programme (more
rows in the breakdowns), so each app server process keeps the last few it rendered. The key names the snapshot
and when it was computed (a refresh makes a new key), the scope's query and the targets and phases as they are
now (editing a target makes a new key), so a kept rendering is always what rendering now would give
(tests/test_rendered.py checks it). Nothing is shared between processes, so nothing needs invalidating across
servers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import Markup

from onramp.evaluation.snapshots import Current
from onramp.participants.models import ProgrammePhase, Target

KEEP = 32  # renderings kept per process; each is tens to a few hundred kilobytes

_lock = threading.Lock()
_kept: OrderedDict[Hashable, str] = OrderedDict()


def targets_signature() -> tuple[tuple[object, ...], ...]:
    """The phases and targets as the figures show them (names, metrics, comparisons and values): two small
    queries."""
    phases = tuple(ProgrammePhase.objects.order_by("pk").values_list("pk", "name", "programme__name"))
    targets = tuple(Target.objects.order_by("pk").values_list("pk", "phase_id", "metric", "comparison", "value"))
    return phases + targets


def figures(found: Current, scope_query: str, render: Callable[[Current], str]) -> Markup:
    """The figures of ``found`` rendered by ``render``, from this process's keeping when it has them."""
    key = (found.snapshot_id, found.computed_at, found.published, scope_query, targets_signature())
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            return Markup(html)
    html = render(found)
    with _lock:
        _kept[key] = html
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return Markup(html)


def forget() -> None:
    """Drop everything kept (tests)."""
    with _lock:
        _kept.clear()
