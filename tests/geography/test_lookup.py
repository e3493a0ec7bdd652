"""Postcodes as people type them, resolved against a real extract of the bundled England data."""

import pytest

from onramp.geography import postcodes
from onramp.geography.selectors import lookup, lookup_one

pytestmark = pytest.mark.usefixtures("geography")


def test_a_live_postcode_typed_carelessly():
    area = lookup_one("  ct11aa ")
    assert area.error is None
    assert area.postcode == "CT1 1AA"
    assert (area.lsoa11, area.imd2019_decile, area.imd2019_quintile) == ("E01024092", 3, 2)
    assert (area.lsoa21, area.imd2025_decile, area.imd2025_quintile) == ("E01024092", 2, 1)
    assert (area.icb_ods, area.icb_ons) == ("QKS", "E54000032")
    assert area.icb_name == "NHS Kent and Medway Integrated Care Board"
    assert area.terminated is False
    assert area.local_authority_name == "Canterbury"


def test_a_terminated_postcode_still_resolves():
    area = lookup_one("TN1 1AA")
    assert area.terminated is True
    assert area.terminated_month == "199512"
    assert area.lsoa11 == "E01024801"
    assert area.icb_ods == "QKS"


def test_a_split_2011_lsoa_takes_the_best_fit_2021_lsoa():
    area = lookup_one("TN1 1AG")  # E01024801 split into E01035012 and E01035013
    assert area.lsoa21 == "E01035012"
    assert area.lsoa21_best_fit is True
    assert area.imd2025_decile is not None


def test_merged_2011_lsoas_share_their_2021_lsoa():
    first, second = lookup(["TS24 8AP", "TS26 8EN"])  # E01011973 and E01011976 merged into E01035188
    assert (first.lsoa11, second.lsoa11) == ("E01011973", "E01011976")
    assert first.lsoa21 == second.lsoa21 == "E01035188"
    assert first.lsoa21_best_fit is second.lsoa21_best_fit is False
    assert first.icb_ods == "QHM"  # North East and North Cumbria


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("EH1 1YZ", postcodes.NOT_IN_ENGLAND),
        ("CF10 1AA", postcodes.NOT_IN_ENGLAND),
        ("BT1 1AA", postcodes.NOT_IN_ENGLAND),
        ("LL11 1AA", postcodes.NOT_IN_ENGLAND),
        ("SW1A 2ZZ", postcodes.NOT_FOUND),
        ("XX", postcodes.NOT_A_POSTCODE),
        ("", postcodes.NOT_A_POSTCODE),
    ],
)
def test_unresolved_postcodes_get_a_sentence_not_an_exception(typed, message):
    area = lookup_one(typed)
    assert area.error == message
    assert area.lsoa11 is None and area.icb_ods is None


def test_error_sentences_say_what_went_wrong():
    assert "not a postcode" in postcodes.NOT_A_POSTCODE
    assert "not found" in postcodes.NOT_FOUND
    assert "not in England" in postcodes.NOT_IN_ENGLAND


def test_results_come_back_in_input_order_with_repeats(django_assert_max_num_queries):
    typed = ["SW1A 1AA", "xx", "ct1 1aa", "SW1A1AA"]
    with django_assert_max_num_queries(3):
        areas = lookup(typed)
    assert [area.input for area in areas] == typed
    assert [area.postcode for area in areas] == ["SW1A 1AA", None, "CT1 1AA", "SW1A 1AA"]


def test_json_has_exactly_the_pinned_keys():
    assert list(lookup_one("SW1A 1AA").as_json()) == [
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
    ]
