"""A paginator for long lists whose count stops at a cap, so that a page costs the same with a million rows as
with a thousand: counting every row is the one part of a page of 25 that grows with the table."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows (one bounded query); past that the list says "more than 10,000" and offers
    the first ``cap`` rows' pages, with the filters to narrow it."""

    def __init__(self, object_list: Any, per_page: int, cap: int = 10_000, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        bounded = rows.values("pk")[: self.cap + 1] if hasattr(rows, "values") else rows[: self.cap + 1]
        found = bounded.count() if hasattr(bounded, "count") and hasattr(rows, "values") else len(bounded)
        self.capped = found > self.cap
        return min(found, self.cap)

    @property
    def count_label(self) -> str:
        count = self.count
        return f"more than {count:,}" if self.capped else f"{count:,}"

    @property
    def pages_label(self) -> str:
        pages = self.num_pages
        return f"more than {pages:,}" if self.capped else f"{pages:,}"
