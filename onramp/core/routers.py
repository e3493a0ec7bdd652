"""Reads that may go to a read replica.

With ``DATABASE_REPLICA_URL`` set, the ``replica`` database is a read-only copy of the primary (a managed
PostgreSQL read replica). Code that only reads, and can accept a few seconds of replication lag, wraps itself
in ``replica_reads()``: building the evaluation report for a snapshot does. Everything else, and every write
anywhere, goes to the primary. Without a replica this router routes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[str]:
    """Within this block, model reads go to the replica when there is one. Yields the alias reads use, so raw
    SQL can follow (``connections[alias]``). Do not write, or read what this block wrote, inside it."""
    token = _reading_from_replica.set(True)
    try:
        yield REPLICA if replica_configured() else "default"
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None  # always the primary

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # one database and its copy: relations between them are the same rows

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary's schema by replication
