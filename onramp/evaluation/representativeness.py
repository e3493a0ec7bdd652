"""Representativeness: the intake's ethnic groups against the Census 2021 population of its ICSs (5 groups, all
ages). Definitions in docs/metrics.md, "Representativeness"."""

from __future__ import annotations

import csv
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Exists, OuterRef

from onramp.evaluation.headline import UNKNOWN_ETHNICITY, people_in_scope
from onramp.evaluation.statistics import wilson
from onramp.geography.models import Lsoa11
from onramp.journey.models import EventType, JourneyEvent
from onramp.participants.models import ETHNIC_GROUP_5

CENSUS_FILE = Path(__file__).parent / "data" / "census2021_ethnic_group5_icb24.csv"
GROUPS = sorted(set(ETHNIC_GROUP_5.values()))  # the 5 groups, in the order the census table uses
SOURCE = "Census 2021 (ONS, TS021), usual residents of all ages; Open Government Licence v3.0"


@functools.cache
def census() -> dict[str, tuple[str, dict[str, int]]]:
    """ICB ODS code -> (name, residents by ethnic group)."""
    with CENSUS_FILE.open(newline="", encoding="utf-8") as handle:
        return {
            row["icb24_code_nhs"]: (row["icb24_name"], {group: round(float(row[group])) for group in GROUPS})
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class Row:
    group: str
    intake: int | None  # None: hidden by disclosure control
    intake_share: float | None
    interval: tuple[float, float] | None
    population: int
    population_share: float | None

    @property
    def difference(self) -> float | None:
        """Intake share minus population share, in percentage points."""
        if self.intake_share is None or self.population_share is None:
            return None
        return round(100 * (self.intake_share - self.population_share), 1)


@dataclass(frozen=True)
class Representativeness:
    rows: list[Row]
    known: int | None
    unknown: int | None
    icbs: list[tuple[str, str]]  # (code, name) of the population compared
    source: str = SOURCE


def representativeness(*, start: datetime.date, end: datetime.date, icbs: list[str] | None) -> Representativeness:
    """The supported young people (registered in the period) with a known ethnic group, by 5 groups, against the
    residents of the ICBs in scope: the chosen ICBs, or nationally the ICBs the intake lives in."""
    registered = JourneyEvent.objects.filter(
        young_person=OuterRef("pk"),
        void__isnull=True,
        type=EventType.REGISTERED,
        occurred_on__gte=start,
        occurred_on__lte=end,
    )
    supported = people_in_scope(icbs).filter(Exists(registered))
    by_code = dict(supported.values_list("ethnic_group").annotate(n=Count("pk")).order_by())
    intake = {group: 0 for group in GROUPS}
    unknown = 0
    for code, n in by_code.items():
        if code in UNKNOWN_ETHNICITY or code not in ETHNIC_GROUP_5:
            unknown += n
        else:
            intake[ETHNIC_GROUP_5[code]] += n
    if icbs is None:
        # Each ICB once (the people's own ordering must not reach the DISTINCT, or every person adds a copy
        # and the population would be weighted by the intake).
        lsoas = supported.order_by().values("lsoa11")
        found = Lsoa11.objects.filter(code__in=lsoas).exclude(icb22_ods="").order_by()
        icbs = sorted(set(found.values_list("icb22_ods", flat=True).distinct()))
    table = census()
    compared = [(code, table[code][0]) for code in sorted(icbs) if code in table]
    population = {group: sum(table[code][1][group] for code, _ in compared) for group in GROUPS}
    known, residents = sum(intake.values()), sum(population.values())
    rows = [
        Row(
            group,
            intake[group],
            round(intake[group] / known, 4) if known else None,
            wilson(intake[group], known) if known else None,
            population[group],
            round(population[group] / residents, 4) if residents else None,
        )
        for group in GROUPS
    ]
    return Representativeness(rows, known, unknown, compared)
