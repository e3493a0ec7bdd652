import pytest

from onramp.geography import postcodes


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("sw1a1aa", "SW1A1AA"),
        (" SW1A  1AA ", "SW1A1AA"),
        ("ct1 1aa", "CT11AA"),
        ("m1 1ae", "M11AE"),
        ("B33 8TH", "B338TH"),
        ("cr2 6xh", "CR26XH"),
        ("dn55 1pt", "DN551PT"),
        ("w1a 0ax", "W1A0AX"),
        ("ec1a 1bb", "EC1A1BB"),
        ("w1y 9pb", "W1Y9PB"),
        ("\tTN1\n1AA", "TN11AA"),
    ],
)
def test_valid_postcodes_in_any_case_and_spacing(typed, key):
    assert postcodes.normalise(typed) == key
    assert postcodes.is_valid(key)


@pytest.mark.parametrize("typed", ["", "XX", "SW1A", "1AA SW1", "SW1A 1A", "SW1A 1AAA", "AB1 1A1", "SW1A 1A4", "12345"])
def test_malformed_postcodes(typed):
    assert not postcodes.is_valid(postcodes.normalise(typed))


@pytest.mark.parametrize(("key", "shown"), [("SW1A1AA", "SW1A 1AA"), ("M11AE", "M1 1AE"), ("CT11AA", "CT1 1AA")])
def test_display_form(key, shown):
    assert postcodes.display(key) == shown


@pytest.mark.parametrize(
    ("key", "outside"),
    [
        ("EH11YZ", True),
        ("G11AA", True),
        ("CF101AA", True),
        ("BT11AA", True),
        ("IM11AA", True),
        ("JE23AA", True),
        ("GL11AA", False),
        ("GU11AA", False),
        ("SY11AA", False),
        ("TD151AA", False),
        ("CH11AA", False),
    ],
)
def test_areas_wholly_outside_england(key, outside):
    assert postcodes.outside_england_by_area(key) is outside
