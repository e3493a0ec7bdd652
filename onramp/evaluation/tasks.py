"""Background refresh of a report snapshot, run by the django-tasks-db worker (queued by ``snapshots``)."""

from __future__ import annotations

import datetime

from django.tasks import task

from onramp.evaluation import snapshots


@task()
def refresh_snapshot(*, published: bool, start: str, end: str, as_of: str, icbs: list[str] | None) -> float:
    """Build and store one snapshot; returns how many seconds the build took."""
    key = snapshots.Key.of(
        published=published,
        start=datetime.date.fromisoformat(start),
        end=datetime.date.fromisoformat(end),
        as_of=datetime.date.fromisoformat(as_of),
        icbs=icbs,
    )
    return snapshots.refresh(key).seconds
