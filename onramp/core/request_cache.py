"""Values worked out at most once per request: facts about the signed-in user that several reads in one page need
(the ICSs of a coordinator's caseload, asked for by each scoped query). Outside a request (services, commands,
tasks, tests calling the policy directly) nothing is kept and every call works the value out afresh."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any

_kept: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_cache", default=None)


def once_per_request[T](key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept under ``key`` until the request ends."""
    kept = _kept.get()
    if kept is None:
        return compute()
    if key not in kept:
        kept[key] = compute()
    return kept[key]


class RequestCacheMiddleware:
    """Gives each request an empty keeping, dropped when the response is returned."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _kept.set({})
        try:
            return self.get_response(request)
        finally:
            _kept.reset(token)
