"""Enrichment: store a postcode's area on a record, and refresh every record after a data update."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from onramp.geography import postcodes
from onramp.geography.models import LocatedByPostcode, Lsoa11, Lsoa21, Postcode
from onramp.geography.selectors import Area, data_version, lookup_one


def locate(record: LocatedByPostcode, text: str, *, area: Area | None = None) -> Area | None:
    """Set the record's postcode and area fields (not saved). Returns the Area, or None for no postcode.

    A well-formed postcode that the directory does not know is kept, with empty area fields ("not located").
    Callers validate the format first: a malformed postcode is stored as typed, with no area.
    """
    key = postcodes.normalise(text)
    if not key:
        _clear(record)
        record.postcode = ""
        record.postcode_key = ""
        return None
    area = area or lookup_one(text)
    _clear(record)
    record.postcode = area.postcode or text.strip().upper()
    record.postcode_key = key if postcodes.is_valid(key) else ""
    record.postcode_terminated = area.terminated
    if area.error is None:
        record.lsoa11 = area.lsoa11 or ""
        record.lsoa21 = area.lsoa21 or ""
        record.imd2019_decile = area.imd2019_decile
        record.imd2025_decile = area.imd2025_decile
        record.icb_ods = area.icb_ods or ""
        record.icb_ons = area.icb_ons or ""
        record.icb_name = area.icb_name or ""
        record.icb24_ods = area.icb24_ods or ""
        record.local_authority_code = area.local_authority_code or ""
        record.local_authority_name = area.local_authority_name or ""
    record.geography_version = data_version()
    return area


AREA_FIELDS = [
    "postcode_terminated",
    "lsoa11",
    "lsoa21",
    "imd2019_decile",
    "imd2025_decile",
    "icb_ods",
    "icb_ons",
    "icb_name",
    "icb24_ods",
    "local_authority_code",
    "local_authority_name",
    "geography_version",
]


def _clear(record: LocatedByPostcode) -> None:
    for name in AREA_FIELDS:
        field = record._meta.get_field(name)
        setattr(record, name, None if field.null else "")


@transaction.atomic
def refresh(queryset: models.QuerySet[LocatedByPostcode]) -> int:
    """Re-enrich every record in the queryset from the loaded data: five UPDATE statements, no loop."""
    rows = queryset.exclude(postcode_key="")
    postcode = Postcode.objects.filter(key=OuterRef("postcode_key"))
    england = models.Q(country="E92000001") | models.Q(country="", lsoa11__startswith="E")
    english = postcode.filter(england)
    count = rows.update(
        lsoa11=Coalesce(Subquery(english.values("lsoa11")[:1]), Value("")),
        lsoa21=Coalesce(Subquery(english.values("lsoa21")[:1]), Value("")),
        postcode_terminated=Subquery(
            postcode.annotate(
                t=models.ExpressionWrapper(~models.Q(terminated=""), output_field=models.BooleanField())
            ).values("t")[:1]
        ),
        geography_version=Value(data_version()),
    )
    old = Lsoa11.objects.filter(code=OuterRef("lsoa11"))
    rows.update(
        lsoa21=Coalesce(NullIf("lsoa21", Value("")), Subquery(old.values("best_lsoa21")[:1]), Value("")),
        imd2019_decile=Subquery(old.values("imd2019_decile")[:1]),
        icb_ods=Coalesce(Subquery(old.values("icb22_ods")[:1]), Value("")),
        icb_ons=Coalesce(Subquery(old.values("icb22_ons")[:1]), Value("")),
        icb_name=Coalesce(Subquery(old.values("icb22_name")[:1]), Value("")),
        local_authority_code=Coalesce(Subquery(old.values("lad22_code")[:1]), Value("")),
        local_authority_name=Coalesce(Subquery(old.values("lad22_name")[:1]), Value("")),
    )
    new = Lsoa21.objects.filter(code=OuterRef("lsoa21"))
    rows.update(
        imd2025_decile=Subquery(new.values("imd2025_decile")[:1]),
        icb24_ods=Coalesce(Subquery(new.values("icb24_ods")[:1]), Value("")),
    )
    # Without a 2011 LSOA, the ICB comes from the 2021 LSOA's 2024 geography (as in lookup).
    rows.filter(lsoa11="").exclude(lsoa21="").update(
        icb_ods=Coalesce(Subquery(new.values("icb24_ods")[:1]), Value("")),
        icb_ons=Coalesce(Subquery(new.values("icb24_ons")[:1]), Value("")),
        icb_name=Coalesce(Subquery(new.values("icb24_name")[:1]), Value("")),
    )
    return count


def refresh_all() -> dict[str, int]:
    """Refresh every model that stores a postcode."""
    counts = {}
    for model in apps.get_models():
        if issubclass(model, LocatedByPostcode):
            counts[str(model._meta.verbose_name_plural)] = refresh(model._default_manager.all())
    return counts
