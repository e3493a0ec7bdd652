"""Report snapshots: the built evaluation report, stored in the database and refreshed in the background.

The dashboards and the funder return read ``current()``: the stored report for their figures (exact or
published), period, as-of day and ICB scope. A snapshot older than ``ONRAMP_REPORT_MAX_AGE_MINUTES`` (default
15) is still shown, and one refresh is queued for the task worker (however many readers see it stale: the queue
mark is set by one conditional UPDATE, so only the reader that sets it enqueues). A missing snapshot is built in
the request for a programme of up to ``ONRAMP_REPORT_BUILD_IN_REQUEST_UP_TO`` young people; for a larger one it is
queued (once, however many ask) and ``current()`` returns None until the worker has stored it. Building reads
from the read replica when there is one (``DATABASE_REPLICA_URL``). ``onramp report refresh`` builds the default
ones (national, each ICB and each region, both kinds) for cron. Definitions do not change: a snapshot is exactly
``report.build()`` at ``computed_at``, serialised.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from functools import cached_property, partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from onramp.accounts.models import Organisation
from onramp.core.routers import replica_reads
from onramp.env import report_build_in_request_up_to, report_max_age_minutes
from onramp.evaluation import breakdowns, dashboard, representativeness, spc, targets, tasks
from onramp.evaluation import report as report_module
from onramp.evaluation.models import ReportSnapshot
from onramp.participants.models import ProgrammePhase, Target, YoungPerson

# A queued refresh not done after this long is taken as lost (a worker stopped), and may be queued again.
LOST_AFTER = datetime.timedelta(minutes=30)

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        report_module.Report,
        report_module.SpcSeries,
        dashboard.FunnelStep,
        breakdowns.Breakdown,
        targets.PhaseResult,
        targets.TargetResult,
        representativeness.Representativeness,
        representativeness.Row,
        spc.XmR,
        spc.Point,
    )
}


@dataclasses.dataclass(frozen=True)
class Key:
    published: bool
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    icbs: list[str] | None  # sorted, upper case; None: national

    @classmethod
    def of(
        cls,
        *,
        published: bool,
        start: datetime.date,
        end: datetime.date,
        icbs: list[str] | None,
        as_of: datetime.date | None = None,
    ) -> Key:
        codes = sorted({code.strip().upper() for code in icbs if code.strip()}) if icbs is not None else None
        return cls(published, start, end, as_of or end, codes)

    @property
    def scope(self) -> str:
        return "" if self.icbs is None else ",".join(self.icbs)

    def lookup(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "start": self.start,
            "end": self.end,
            "as_of": self.as_of,
            "scope": self.scope,
        }

    def as_task_arguments(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "icbs": self.icbs,
        }


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The dashboards' default period: the last four calendar years to today."""
    return datetime.date(today.year - 4, 1, 1), today


# --- serialising a report --------------------------------------------------------------------------------


def to_data(value: Any) -> Any:
    """A report as JSON-safe data: dataclasses by class name, tuples, sets and dates marked, model instances
    (programme phases and targets) by primary key."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: to_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {"__class": type(value).__name__, **fields}
    if isinstance(value, ProgrammePhase | Target):
        return {"__model": type(value).__name__, "pk": value.pk}
    if isinstance(value, datetime.date):
        return {"__date": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple": [to_data(item) for item in value]}
    if isinstance(value, set):
        return {"__set": sorted(to_data(item) for item in value)}
    if isinstance(value, list):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"A report snapshot cannot hold {type(value).__name__}.")


def _models_in(data: Any, found: dict[str, set[int]]) -> None:
    if isinstance(data, dict):
        if "__model" in data:
            found.setdefault(data["__model"], set()).add(data["pk"])
            return
        for item in data.values():
            _models_in(item, found)
    elif isinstance(data, list):
        for item in data:
            _models_in(item, found)


def from_data(data: Any) -> Any:
    """The report back from ``to_data``: two queries at most (the phases with their programmes, the targets)."""
    wanted: dict[str, set[int]] = {}
    _models_in(data, wanted)
    instances: dict[str, dict[int, Any]] = {
        "ProgrammePhase": ProgrammePhase.objects.select_related("programme").in_bulk(wanted["ProgrammePhase"])
        if wanted.get("ProgrammePhase")
        else {},
        "Target": Target.objects.in_bulk(wanted["Target"]) if wanted.get("Target") else {},
    }
    return _load(data, instances)


def _load(data: Any, instances: dict[str, dict[int, Any]]) -> Any:
    if isinstance(data, list):
        return [_load(item, instances) for item in data]
    if not isinstance(data, dict):
        return data
    if "__class" in data:
        cls = _CLASSES[data["__class"]]
        return cls(**{key: _load(item, instances) for key, item in data.items() if key != "__class"})
    if "__model" in data:
        return instances[data["__model"]].get(data["pk"])
    if "__date" in data:
        return datetime.date.fromisoformat(data["__date"])
    if "__tuple" in data:
        return tuple(_load(item, instances) for item in data["__tuple"])
    if "__set" in data:
        return {_load(item, instances) for item in data["__set"]}
    return {key: _load(item, instances) for key, item in data.items()}


def _drop_removed(report: report_module.Report) -> report_module.Report:
    """A phase or target deleted since the snapshot was built is left out until the next refresh."""
    phases = []
    for phase in report.targets:
        if phase.phase is None:
            continue
        phases.append(dataclasses.replace(phase, results=[r for r in phase.results if r.target is not None]))
    report.targets = phases
    return report


# --- reading and refreshing ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Current:
    """A stored snapshot as a page reads it: which one, when it was computed, whether a newer one is being
    computed. The report itself is loaded (and its JSON read) only when asked for: a dashboard whose figures are
    already rendered in this process does not need it (``rendered``)."""

    snapshot_id: int
    computed_at: datetime.datetime
    refreshing: bool  # a newer one is being computed
    published: bool
    data: Any = dataclasses.field(default=None, repr=False, compare=False)  # the stored JSON, when already read

    @cached_property
    def report(self) -> report_module.Report:
        data = self.data
        if data is None:
            data = (
                ReportSnapshot.objects.filter(pk=self.snapshot_id, computed_at=self.computed_at)
                .values_list("report", flat=True)
                .first()
            )
            if data is None:  # replaced by a refresh since it was looked up: the newer one is read instead
                raise Replaced
        return _drop_removed(from_data(data))


class Replaced(Exception):
    """The snapshot a reader looked up was refreshed before its report was read."""


def refresh(key: Key) -> ReportSnapshot:
    """Build the report for ``key`` now and store it (replacing the one there was). The figures are computed
    once for both kinds, so the exact and the published snapshot of the same period and scope are both stored,
    with the same time."""
    began = timezone.now()
    clock = time.perf_counter()
    with replica_reads():
        exact, published = report_module.build_both(
            start=key.start, end=key.end, as_of=key.as_of, icbs=key.icbs, with_spc=True
        )
    seconds = round(time.perf_counter() - clock, 3)
    stored = {}
    for kind, built in ((False, exact), (True, published)):
        sibling = dataclasses.replace(key, published=kind)
        stored[kind], _ = ReportSnapshot.objects.update_or_create(
            **sibling.lookup(),
            defaults={"report": to_data(built), "computed_at": began, "seconds": seconds, "refresh_queued_at": None},
        )
    return stored[key.published]


def request_refresh(key: Key) -> bool:
    """Queue one background refresh of ``key``'s snapshot, unless one is queued already (by this server or
    another): True if this call queued it."""
    now = timezone.now()
    marked = (
        ReportSnapshot.objects.filter(**key.lookup())
        .filter(Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - LOST_AFTER))
        .update(refresh_queued_at=now)
    )
    if not marked and ReportSnapshot.objects.filter(**key.lookup()).exists():
        return False
    if not marked and first_build_queued(key):
        return False
    transaction.on_commit(partial(tasks.refresh_snapshot.enqueue, **key.as_task_arguments()))
    return True


def max_age() -> datetime.timedelta:
    return datetime.timedelta(minutes=report_max_age_minutes())


def first_build_queued(key: Key) -> bool:
    """A build of ``key``'s figures, which have no snapshot yet, is waiting for or running on a task worker (queued
    within LOST_AFTER). Read from the task queue's own table, so it holds across app servers."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False  # tasks run as they are queued (tests): nothing waits
    wanted = {name: value for name, value in key.as_task_arguments().items() if name != "published"}
    queued = DBTaskResult.objects.filter(
        task_path=tasks.refresh_snapshot.module_path,
        status__in=["READY", "RUNNING"],
        enqueued_at__gte=timezone.now() - LOST_AFTER,
    ).values_list("args_kwargs", flat=True)
    return any(
        {name: value for name, value in (args.get("kwargs") or {}).items() if name != "published"} == wanted
        for args in queued
    )


def current(key: Key) -> Current | None:
    """The stored report for ``key``, queued for a refresh if it is stale. With none stored: built now for a
    programme small enough to build while a page waits; otherwise queued, and None (the page says the figures are
    being worked out)."""
    snapshot = ReportSnapshot.objects.filter(**key.lookup()).defer("report").first()
    if snapshot is None:
        if YoungPerson.objects.count() > report_build_in_request_up_to():
            request_refresh(key)
            return None
        snapshot = refresh(key)
    refreshing = snapshot.refresh_queued_at is not None and snapshot.refresh_queued_at > timezone.now() - LOST_AFTER
    if snapshot.computed_at < timezone.now() - max_age() and not refreshing:
        refreshing = request_refresh(key)
    data = None if "report" in snapshot.get_deferred_fields() else snapshot.report
    return Current(snapshot.pk, snapshot.computed_at, refreshing, key.published, data)


def default_keys(today: datetime.date) -> list[Key]:
    """The snapshots the dashboards open on: the default period, national, each ICB and each region's ICBs
    together (a regional lead's default); each key's refresh stores both its exact and its published figures."""
    start, end = default_period(today)
    icss = list(Organisation.objects.filter(kind="ics").order_by("name").values_list("code", "region"))
    scopes: list[list[str] | None] = [None, *[[code] for code, _ in icss]]
    regions: dict[str, list[str]] = {}
    for code, region in icss:
        if region:
            regions.setdefault(region, []).append(code)
    scopes += [codes for _, codes in sorted(regions.items()) if len(codes) > 1]
    return [Key.of(published=False, start=start, end=end, icbs=icbs) for icbs in scopes]
