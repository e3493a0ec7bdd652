"""Reads about training."""

from __future__ import annotations

from collections.abc import Iterable

from onramp.training.models import Cohort


def cohort_names(ids: Iterable[int]) -> dict[int, str]:
    """The names of these cohorts (the ones a record's course events belong to), in one query; none for none."""
    ids = set(ids)
    if not ids:
        return {}
    return dict(Cohort.objects.filter(pk__in=ids).values_list("pk", "name"))
