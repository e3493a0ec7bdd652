"""Representativeness: the intake's 5 ethnic groups against the Census 2021 population of its ICBs."""

import datetime

from onramp.evaluation.representativeness import GROUPS, census, representativeness
from onramp.participants.models import YoungPerson

D = datetime.date


def test_the_census_table_is_bundled():
    table = census()
    assert len(table) == 42
    name, residents = table["QKS"]
    assert name == "NHS Kent and Medway Integrated Care Board"
    assert set(residents) == set(GROUPS) and residents["White"] > 1_000_000


def test_the_intake_against_its_icbs(people):
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="6")
    YoungPerson.objects.filter(pk=people.sussex.pk).update(ethnic_group="prefer_not_to_say")
    found = representativeness(start=D(2024, 1, 1), end=D(2024, 12, 31), icbs=None)
    assert found.known == 1 and found.unknown == 1
    assert found.icbs == [("QKS", "NHS Kent and Medway Integrated Care Board")]  # only Aisha is located
    rows = {row.group: row for row in found.rows}
    black = rows["Black, Black British, Black Welsh, Caribbean or African"]
    assert black.intake == 1 and black.intake_share == 1.0
    _, residents = census()["QKS"]
    assert black.population == residents[black.group]
    assert black.population_share == round(residents[black.group] / sum(residents.values()), 4)
    assert black.difference == round(100 * (1 - black.population_share), 1)


def test_chosen_icbs_are_compared_even_with_no_intake(people):
    found = representativeness(start=D(2025, 1, 1), end=D(2025, 12, 31), icbs=["QNX", "QKS"])
    assert [code for code, _ in found.icbs] == ["QKS", "QNX"]
    assert found.known == 0 and all(row.intake_share is None for row in found.rows)


def test_each_icb_is_compared_once_however_many_live_there(world, people):
    from onramp.participants import services

    services.register(
        actor=world.coordinator_kent,
        programme=people.programme,
        given_name="Chloe",
        family_name="Adams",
        date_of_birth=D(2003, 2, 1),
        registered_on=D(2024, 3, 1),
        postcode="ct1 1aa",
        email="chloe@example.org",
        phone="07700 900125",
        reference="KM-002",
    )
    found = representativeness(start=D(2024, 1, 1), end=D(2024, 12, 31), icbs=None)
    assert found.icbs == [("QKS", "NHS Kent and Medway Integrated Care Board")]
    _, residents = census()["QKS"]
    assert {row.group: row.population for row in found.rows} == residents  # not twice Kent's population
