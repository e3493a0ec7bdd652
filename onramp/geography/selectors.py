"""Resolve postcodes to their area: LSOAs, deprivation, ICB, local authority. Set-based: a handful of
queries whatever the number of postcodes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from types import SimpleNamespace
from typing import Any

from onramp.core.bulk import among
from onramp.geography import postcodes
from onramp.geography.models import DataVersion, Lsoa11, Lsoa21, Postcode, quintile

ENGLAND = "E92000001"


@dataclass(frozen=True)
class Area:
    """Everything Onramp knows about where a postcode is. Field names match `onramp geo lookup --json`."""

    input: str
    postcode: str | None = None
    lsoa11: str | None = None
    imd2019_decile: int | None = None
    imd2019_quintile: int | None = None
    lsoa21: str | None = None
    imd2025_decile: int | None = None
    imd2025_quintile: int | None = None
    icb_ods: str | None = None
    icb_ons: str | None = None
    icb_name: str | None = None
    terminated: bool | None = None
    error: str | None = None
    # Beyond the pinned JSON: shown on records and used by reports.
    lsoa21_best_fit: bool = False
    icb24_ods: str | None = None
    icb24_name: str | None = None
    local_authority_code: str | None = None
    local_authority_name: str | None = None
    terminated_month: str | None = None

    PINNED = (
        "input",
        "postcode",
        "lsoa11",
        "imd2019_decile",
        "imd2019_quintile",
        "lsoa21",
        "imd2025_decile",
        "imd2025_quintile",
        "icb_ods",
        "icb_ons",
        "icb_name",
        "terminated",
        "error",
    )

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {key: data[key] for key in self.PINNED}

    @property
    def resolved(self) -> bool:
        return self.error is None


def _chunks(items: Sequence[str], size: int = 900) -> Iterable[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def lookup(inputs: Sequence[str]) -> list[Area]:
    """One Area per input, in input order. Bad or unknown postcodes get an error sentence, never an exception."""
    keys = {text: postcodes.normalise(text) for text in inputs}
    valid = sorted({key for key in keys.values() if postcodes.is_valid(key)})
    found = _fetch(Postcode, "key", valid, _POSTCODE)
    lsoa11s = _fetch(Lsoa11, "code", sorted({p.lsoa11 for p in found.values() if p.lsoa11}), _LSOA11)
    lsoa21_codes = sorted(
        {p.lsoa21 for p in found.values() if p.lsoa21}
        | {row.best_lsoa21 for row in lsoa11s.values() if row.best_lsoa21}
    )
    lsoa21s = _fetch(Lsoa21, "code", lsoa21_codes, _LSOA21)
    return [_area(text, keys[text], found, lsoa11s, lsoa21s) for text in inputs]


# The columns _area reads, fetched as plain rows (no model instance each: imports look up thousands at once).
_POSTCODE = ("key", "lsoa11", "lsoa21", "country", "terminated")
_LSOA11: tuple[str, ...] = ("code", "imd2019_decile", "icb22_ods", "icb22_ons", "icb22_name", "lad22_code")
_LSOA11 += ("lad22_name", "best_lsoa21", "lsoa21_change")
_LSOA21 = ("code", "imd2025_decile", "icb24_ods", "icb24_ons", "icb24_name")


def _fetch(model: Any, key: str, codes: list[str], columns: tuple[str, ...]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for chunk in _chunks(codes):
        for values in model.objects.filter(**{f"{key}__in": among(chunk)}).values_list(*columns):
            rows[values[0]] = SimpleNamespace(**dict(zip(columns, values, strict=True)))
    return rows


def lookup_one(text: str) -> Area:
    return lookup([text])[0]


def _area(text: str, key: str, found: dict[str, Any], lsoa11s: dict[str, Any], lsoa21s: dict[str, Any]) -> Area:
    if not postcodes.is_valid(key):
        return Area(input=text, error=postcodes.NOT_A_POSTCODE)
    display = postcodes.display(key)
    record = found.get(key)
    if record is None:
        message = postcodes.NOT_IN_ENGLAND if postcodes.outside_england_by_area(key) else postcodes.NOT_FOUND
        return Area(input=text, postcode=display, error=message)
    terminated = bool(record.terminated)
    in_england = (
        record.country == ENGLAND
        if record.country
        else record.lsoa11.startswith("E") or (record.lsoa21.startswith("E"))
    )
    if not in_england:
        return Area(
            input=text,
            postcode=display,
            terminated=terminated,
            error=postcodes.NOT_IN_ENGLAND,
            terminated_month=record.terminated or None,
        )
    old = lsoa11s.get(record.lsoa11)
    new_code = record.lsoa21 or (old.best_lsoa21 if old else "")
    new = lsoa21s.get(new_code)
    best_fit = not record.lsoa21 and old is not None and old.lsoa21_change in {"S", "X"}
    return Area(
        input=text,
        postcode=display,
        lsoa11=record.lsoa11 or None,
        imd2019_decile=old.imd2019_decile if old else None,
        imd2019_quintile=quintile(old.imd2019_decile) if old else None,
        lsoa21=new_code or None,
        imd2025_decile=new.imd2025_decile if new else None,
        imd2025_quintile=quintile(new.imd2025_decile) if new else None,
        # The 2022 ICB of the 2011 LSOA; without a 2011 LSOA, the 2024 ICB of the 2021 LSOA.
        icb_ods=(old.icb22_ods if old else new.icb24_ods if new else "") or None,
        icb_ons=(old.icb22_ons if old else new.icb24_ons if new else "") or None,
        icb_name=(old.icb22_name if old else new.icb24_name if new else "") or None,
        terminated=terminated,
        lsoa21_best_fit=best_fit,
        icb24_ods=(new.icb24_ods or None) if new else None,
        icb24_name=(new.icb24_name or None) if new else None,
        local_authority_code=(old.lad22_code or None) if old else None,
        local_authority_name=(old.lad22_name or None) if old else None,
        terminated_month=record.terminated or None,
    )


def data_version() -> str:
    """A short label of the datasets loaded, stored with each enrichment."""
    versions = dict(DataVersion.objects.values_list("dataset", "version"))
    return "; ".join(f"{dataset}={version}" for dataset, version in sorted(versions.items()))[:300]


def loaded_datasets() -> list[DataVersion]:
    return list(DataVersion.objects.order_by("dataset"))
