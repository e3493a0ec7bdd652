"""`refresh` (one set-based UPDATE join) sets exactly what `locate` sets for each record, whatever the postcode."""

import datetime

import pytest

from onramp.geography import services
from onramp.geography.models import Lsoa21, Postcode
from onramp.participants.models import Programme, YoungPerson

pytestmark = pytest.mark.usefixtures("geography")

FIELDS = ["postcode", "postcode_key", *services.AREA_FIELDS]


def _person(programme: Programme, n: int, postcode: str) -> YoungPerson:
    person = YoungPerson(
        programme=programme,
        reference=f"R-{n}",
        given_name="A",
        family_name=f"B{n}",
        date_of_birth=datetime.date(2004, 1, 1),
        registered_on=datetime.date(2024, 1, 1),
        eligible=True,
    )
    services.locate(person, postcode)
    person.save()
    return person


def _areas(queryset):
    return {pk: values for pk, *values in queryset.order_by("pk").values_list("pk", *FIELDS)}


@pytest.fixture
def located(db):
    # Edge cases the bundle lacks: a postcode with only a 2021 LSOA, and one without a country but an English LSOA.
    new = Lsoa21.objects.exclude(icb24_ods="").order_by("code").first()
    Postcode.objects.create(key="ZZ11AA", lsoa11="", lsoa21=new.code, country="E92000001")
    Postcode.objects.create(key="ZZ11AB", lsoa11="E01024092", lsoa21="", country="")
    Postcode.objects.create(key="ZZ11AC", lsoa11="W01000001", lsoa21="", country="")
    programme = Programme.objects.create(name="Refresh")
    typed = list(Postcode.objects.order_by("key").values_list("key", flat=True)[:80])
    typed += [
        "TN1 1AA",
        "TN1 1AG",
        "TS24 8AP",
        "CT1 1AA",
        "SW1A 2ZZ",
        "EH1 1YZ",
        "CF10 1AA",
        "",
        "ZZ1 1AA",
        "ZZ1 1AB",
        "ZZ1 1AC",
    ]
    return [_person(programme, n, text) for n, text in enumerate(typed)]


def test_refresh_sets_what_locate_sets(located):
    expected = _areas(YoungPerson.objects.all())
    assert any(values[FIELDS.index("icb_ods")] for values in expected.values())
    blank = {name: None if YoungPerson._meta.get_field(name).null else "x" for name in services.AREA_FIELDS}
    YoungPerson.objects.exclude(postcode_key="").update(**blank)
    count = services.refresh(YoungPerson.objects.all())
    assert count == YoungPerson.objects.exclude(postcode_key="").count()
    assert _areas(YoungPerson.objects.all()) == expected


def test_refresh_of_part_of_a_table_leaves_the_rest(located):
    expected = _areas(YoungPerson.objects.all())
    YoungPerson.objects.update(lsoa11="x", geography_version="old")
    chosen = YoungPerson.objects.filter(family_name__in=["B1", "B2", "B3"])
    assert services.refresh(chosen) == 3
    after = _areas(YoungPerson.objects.all())
    for person in YoungPerson.objects.all():
        if person.family_name in {"B1", "B2", "B3"}:
            assert after[person.pk] == expected[person.pk]
        else:
            assert (person.lsoa11, person.geography_version) == ("x", "old")
