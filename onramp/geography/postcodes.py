"""UK postcodes as people type them: normalise, validate, display. Pure functions, no database."""

from __future__ import annotations

import re

# The UK format: an outward code (area letters, district) and an inward code (sector digit, two unit letters).
# Deliberately no stricter than this: the directory holds historic postcodes (W1Y 9PB, say) that the modern
# letter-position rules would reject, and people registered years ago may still live at one.
_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
_SPACES = re.compile(r"\s+")

NOT_A_POSTCODE = "This is not a postcode: enter a UK postcode, like SW1A 1AA."
NOT_FOUND = "This postcode was not found in the postcode directory."
NOT_IN_ENGLAND = "This postcode is not in England."

# Postcode areas wholly outside England (Scotland, Wales, Northern Ireland, the Crown Dependencies).
# Border areas (CH, SY, TD, LD's neighbours, DG, HR) are mixed and are not listed: only the directory knows.
AREAS_OUTSIDE_ENGLAND = frozenset(
    {
        *("AB", "DD", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"),  # Scotland
        *("CF", "LL", "NP", "SA"),  # Wales
        "BT",  # Northern Ireland
        *("GY", "JE", "IM"),  # Guernsey, Jersey, Isle of Man
    }
)


def normalise(text: str) -> str:
    """The key: upper case with no spaces ("sw1a 1aa" -> "SW1A1AA"). Does not validate."""
    return _SPACES.sub("", text or "").upper()


def is_valid(key: str) -> bool:
    return bool(_POSTCODE.match(key))


def display(key: str) -> str:
    """The display form, "SW1A 1AA", from a normalised key."""
    return f"{key[:-3]} {key[-3:]}"


def area(key: str) -> str:
    """The postcode area: the leading letters ("SW1A1AA" -> "SW", "G11AA" -> "G")."""
    match = re.match(r"[A-Z]+", key)
    return match.group(0) if match else ""


def outside_england_by_area(key: str) -> bool:
    return area(key) in AREAS_OUTSIDE_ENGLAND
