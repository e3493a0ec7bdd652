"""Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite. Used where rows are written by the
thousand (the synthetic programme, the participants import); everything else writes through the ORM."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL


class Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite. Values are Python values (a JSON
    column takes its text, or a list on SQLite). Columns left out take NULL, so name every NOT NULL column."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = list(columns)
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                names = ", ".join(f'"{c}"' for c in self.columns)
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                names = ", ".join(f'"{c}"' for c in self.columns)
                marks = ", ".join("?" for _ in self.columns)
                sql = f'INSERT INTO "{self.table}" ({names}) VALUES ({marks})'
                cursor.connection.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in rows])


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value)
    return value


def among(values: Sequence[Any], *, cast: str = "text") -> Any:
    """The right-hand side of an ``__in`` filter on many values, as one parameter (an array on PostgreSQL, JSON on
    SQLite) instead of one per value, which costs the ORM and the driver milliseconds a thousand values."""
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{cast}[])", [list(values)])
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(values), default=str)])
    return list(values)
