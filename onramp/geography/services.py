"""Enrichment: store a postcode's area on a record, and refresh every record after a data update."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from onramp.geography import postcodes
from onramp.geography.models import LocatedByPostcode, Lsoa11, Lsoa21, Postcode
from onramp.geography.selectors import Area, data_version, lookup_one


def locate(record: LocatedByPostcode, text: str, *, area: Area | None = None) -> Area | None:
    """Set the record's postcode and area fields (not saved). Returns the Area, or None for no postcode.

    A well-formed postcode that the directory does not know is kept, with empty area fields ("not located").
    Callers validate the format first: a malformed postcode is stored as typed, with no area.
    """
    key = postcodes.normalise(text)
    if key:
        area = area or lookup_one(text)
    for name, value in located_values(text, area if key else None, version=data_version() if key else "").items():
        setattr(record, name, value)
    return area if key else None


def located_values(text: str, area: Area | None, *, version: str) -> dict[str, Any]:
    """The postcode and area fields ``locate`` sets for this postcode, given its Area (from ``lookup``) and the
    data version: for writers that build many records at once without a model instance each."""
    key = postcodes.normalise(text)
    values: dict[str, Any] = dict(_BLANK)
    if not key:
        values.update(postcode="", postcode_key="")
        return values
    area = area or lookup_one(text)
    values["postcode"] = area.postcode or text.strip().upper()
    values["postcode_key"] = key if postcodes.is_valid(key) else ""
    values["postcode_terminated"] = area.terminated
    if area.error is None:
        values["lsoa11"] = area.lsoa11 or ""
        values["lsoa21"] = area.lsoa21 or ""
        values["imd2019_decile"] = area.imd2019_decile
        values["imd2025_decile"] = area.imd2025_decile
        values["icb_ods"] = area.icb_ods or ""
        values["icb_ons"] = area.icb_ons or ""
        values["icb_name"] = area.icb_name or ""
        values["icb24_ods"] = area.icb24_ods or ""
        values["local_authority_code"] = area.local_authority_code or ""
        values["local_authority_name"] = area.local_authority_name or ""
    values["geography_version"] = version
    return values


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


# Every area field empty: NULL where the field allows it, else "".
_BLANK: dict[str, Any] = {name: None if LocatedByPostcode._meta.get_field(name).null else "" for name in AREA_FIELDS}


# The area of every distinct postcode key among the records, in three steps that mirror ``lookup``: the
# postcode's English LSOAs and whether it is terminated (none of it for a key the directory does not know); the
# 2011 LSOA's deprivation, ICB and local authority, and the best-fit 2021 LSOA when the postcode has none; the
# 2021 LSOA's deprivation and 2024 ICB, which also gives the ICB when there is no 2011 LSOA.
_AREAS = """
SELECT s2.key, s2.lsoa11, s2.lsoa21, s2.terminated, s2.imd2019_decile, n.imd2025_decile,
       COALESCE(n.icb24_ods, '') AS icb24_ods,
       CASE WHEN s2.lsoa11 = '' AND s2.lsoa21 <> '' THEN COALESCE(n.icb24_ods, '') ELSE s2.icb_ods END AS icb_ods,
       CASE WHEN s2.lsoa11 = '' AND s2.lsoa21 <> '' THEN COALESCE(n.icb24_ons, '') ELSE s2.icb_ons END AS icb_ons,
       CASE WHEN s2.lsoa11 = '' AND s2.lsoa21 <> '' THEN COALESCE(n.icb24_name, '') ELSE s2.icb_name END AS icb_name,
       s2.local_authority_code, s2.local_authority_name
FROM (
    SELECT s1.key, s1.lsoa11, COALESCE(NULLIF(s1.lsoa21, ''), o.best_lsoa21, '') AS lsoa21, s1.terminated,
           o.imd2019_decile, COALESCE(o.icb22_ods, '') AS icb_ods, COALESCE(o.icb22_ons, '') AS icb_ons,
           COALESCE(o.icb22_name, '') AS icb_name, COALESCE(o.lad22_code, '') AS local_authority_code,
           COALESCE(o.lad22_name, '') AS local_authority_name
    FROM (
        SELECT k.key,
               CASE WHEN {english} THEN COALESCE(pc.lsoa11, '') ELSE '' END AS lsoa11,
               CASE WHEN {english} THEN COALESCE(pc.lsoa21, '') ELSE '' END AS lsoa21,
               CASE WHEN pc.key IS NULL THEN NULL ELSE pc.terminated <> '' END AS terminated
        FROM (SELECT DISTINCT postcode_key AS key FROM {table} WHERE postcode_key <> ''{scope}) k
        LEFT JOIN {postcode} pc ON pc.key = k.key
    ) s1
    LEFT JOIN {lsoa11} o ON o.code = s1.lsoa11
) s2
LEFT JOIN {lsoa21} n ON n.code = s2.lsoa21
"""
_ENGLISH = "(pc.country = 'E92000001' OR (pc.country = '' AND substr(pc.lsoa11, 1, 1) = 'E'))"
# What the UPDATE sets from the areas; whether the postcode is terminated and the version are set beside them.
_SET = [name for name in AREA_FIELDS if name not in {"postcode_terminated", "geography_version"}]


@transaction.atomic
def refresh(queryset: models.QuerySet[LocatedByPostcode]) -> int:
    """Re-enrich every record in the queryset that has a postcode from the loaded data: one UPDATE joined to the
    area of each distinct postcode (PostgreSQL and SQLite alike), no loop. Sets what ``locate`` would."""
    statement, params = _refresh_statement(queryset)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _refresh_statement(queryset: models.QuerySet[LocatedByPostcode]) -> tuple[str, list[Any]]:
    model = queryset.model
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column or "id")
    scope, params = "", []
    if queryset.query.where:
        sql, where_params = queryset.values("pk").query.sql_with_params()
        scope, params = f" AND {pk} IN ({sql})", list(where_params)
    areas = _AREAS.format(
        english=_ENGLISH,
        table=table,
        scope=scope,
        postcode=connection.ops.quote_name(Postcode._meta.db_table),
        lsoa11=connection.ops.quote_name(Lsoa11._meta.db_table),
        lsoa21=connection.ops.quote_name(Lsoa21._meta.db_table),
    )
    assignments = ", ".join(f"{name} = a.{name}" for name in _SET)
    outer_scope = f" AND {table}.{pk} IN ({sql})" if scope else ""
    statement = (
        f"UPDATE {table} SET {assignments}, postcode_terminated = a.terminated, geography_version = %s "
        f"FROM ({areas}) a WHERE a.key = {table}.postcode_key{outer_scope}"
    )
    return statement, [data_version(), *params, *params]


def refresh_all() -> dict[str, int]:
    """Refresh every model that stores a postcode."""
    counts = {}
    for model in apps.get_models():
        if issubclass(model, LocatedByPostcode):
            counts[str(model._meta.verbose_name_plural)] = refresh(model._default_manager.all())
    return counts
