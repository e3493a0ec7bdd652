"""Progressions after starting work (docs/metrics.md, "Progressions"): the period's ``progressed`` events of the
young people who count, by the kind of their progression.

Computed from the events: each counting (not voided) ``progressed`` event in the period, in the scope, of a young
person who counts. Its kind is that of the progression recorded with it (``support.services.record_progression``
writes both, on the same day, for the same person); an event with no progression behind it (a spreadsheet import
or the API, which record the milestone alone) is counted as "Kind not recorded", so the table's progressions always
add up to the events. One grouped query.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Subquery

from onramp.evaluation.breakdowns import Breakdown
from onramp.evaluation.headline import people_in_scope
from onramp.journey.models import EventType, JourneyEvent
from onramp.support.models import Progression, ProgressionKind

NOT_RECORDED = "Kind not recorded"
PEOPLE, EVENTS = "Young people", "Progressions"


def progressions(*, start: datetime.date, end: datetime.date, icbs: list[str] | None) -> Breakdown:
    """Rows by kind (every kind shown, 0 included; "Kind not recorded" only when there is such an event).
    Columns: the young people with a progression of that kind in the period, and the progressions. Totals: the
    young people who progressed at all (one person may progress more than once, in more than one kind, so the
    people column can add up to more than its total) and all the period's progressions."""
    kind_of = Progression.objects.filter(
        young_person=OuterRef("young_person_id"), progressed_on=OuterRef("occurred_on")
    ).order_by("pk")
    events = (
        JourneyEvent.objects.counting()
        .filter(
            type=EventType.PROGRESSED,
            occurred_on__gte=start,
            occurred_on__lte=end,
            young_person__in=people_in_scope(icbs).values("pk"),
        )
        .annotate(kind=Subquery(kind_of.values("kind")[:1]))
    )
    grouped = events.values("kind").annotate(n=Count("pk"), people=Count("young_person_id", distinct=True)).order_by()
    found = {row["kind"] or "": (row["n"], row["people"]) for row in grouped}
    totals = events.aggregate(n=Count("pk"), people=Count("young_person_id", distinct=True))
    rows: list[tuple[str, list[int | None]]] = []
    for kind in ProgressionKind:
        n, people = found.get(kind.value, (0, 0))
        rows.append((str(kind.label), [people, n]))
    if "" in found:
        n, people = found[""]
        rows.append((NOT_RECORDED, [people, n]))
    return Breakdown(
        key="progression",
        title="Progressions after starting work, by kind",
        heading="Kind of progression",
        columns=[PEOPLE, EVENTS],
        rows=rows,
        totals=[totals["people"], totals["n"]],
        note="Progressed events in the period of the young people who count. A young person may progress more than "
        "once and in more than one kind, so the young people column can add up to more than its total. "
        f'"{NOT_RECORDED}": a progression recorded by import or the API, without its kind.',
    )
