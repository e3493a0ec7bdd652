"""Audit every view of personal data: one entry per page, download or API read, written only if it succeeded.

Views call ``log_view`` where they show young people's data; it queues the entry on the request, and
``ViewLogMiddleware`` writes the queue once the response is known. A 404, a 403, a 500 or a view that raised
writes nothing, so the trail never claims a view (or an export of so many rows) that did not happen.

The entry never holds personal data: a list that was searched is recorded as searched, with the ids it showed,
not the words searched for (they may be a name; see docs/security.md, "Audit of views")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest

from onramp.core import audit

# A list page records the ids of at most this many rows (with the count of all): a page of 50 fits, an export's
# count says how many more there were.
IDS_KEPT = 100
_QUEUE = "_onramp_view_log"


@dataclass
class _Queued:
    action: str
    target: models.Model | None
    detail: dict[str, Any] = field(default_factory=dict)


def log_view(
    request: HttpRequest,
    *,
    what: str,
    target: models.Model | None = None,
    ids: Iterable[Any] | None = None,
    count: int | None = None,
    searched: bool = False,
    filters: Sequence[str] = (),
    action: str = "personal_data.viewed",
    detail: dict[str, Any] | None = None,
) -> None:
    """Queue one audit entry for this view of personal data, written by ``ViewLogMiddleware`` if it succeeds.

    ``what`` says what was shown in words ("pre-employment checks"); ``target`` is the record (the young person
    whose data it is, where there is one); ``ids`` the records a list showed (the first ``IDS_KEPT`` kept) and
    ``count`` how many there were; ``filters`` the names (never the values) of the filters used. ``detail`` may add
    facts that are not personal data (a format, a period)."""
    if action not in audit.ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to onramp.core.audit.ACTIONS.")
    queue = getattr(request, _QUEUE, None)
    if queue is None:
        # Without the middleware the entry would be lost, and a view of personal data go unrecorded.
        raise RuntimeError("log_view needs onramp.core.viewlog.ViewLogMiddleware in settings.MIDDLEWARE.")
    entry: dict[str, Any] = {"what": what, **(detail or {})}
    if ids is not None:
        kept = [item.pk if isinstance(item, models.Model) else item for item in ids]
        entry["ids"] = kept[:IDS_KEPT]
        entry["count"] = len(kept) if count is None else count
    elif count is not None:
        entry["count"] = count
    if searched:
        entry["searched"] = True
    if filters:
        entry["filters"] = sorted(set(filters))
    queue.append(_Queued(action=action, target=target, detail=entry))


def queued(request: HttpRequest) -> list[_Queued]:
    """What this request has queued so far (for tests)."""
    return list(getattr(request, _QUEUE, []))


class ViewLogMiddleware:
    """Writes the entries ``log_view`` queued, after the view, only if the response succeeded (status < 400).

    Django turns a view's exception into a 404/403/500 response before it reaches here, so "nothing raised" and
    "status < 400" are one test. Sits inside AuditContextMiddleware, so entries carry the request's address."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        setattr(request, _QUEUE, [])
        response = self.get_response(request)
        entries: list[_Queued] = getattr(request, _QUEUE, [])
        setattr(request, _QUEUE, None)  # a late call (after this point) fails loudly rather than being lost
        if entries and response.status_code < 400:
            actor = getattr(request, "user", None)
            for entry in entries:
                audit.record(actor=actor, action=entry.action, target=entry.target, detail=entry.detail)
        return response
