"""Working days over weekends and English bank holidays, checked against the published GOV.UK dates."""

import datetime

import pytest

from onramp.core.working_days import add_working_days, bank_holidays, easter_sunday, working_days_between

D = datetime.date

# From https://www.gov.uk/bank-holidays (England and Wales).
PUBLISHED = {
    2020: [
        D(2020, 1, 1),
        D(2020, 4, 10),
        D(2020, 4, 13),
        D(2020, 5, 8),
        D(2020, 5, 25),
        D(2020, 8, 31),
        D(2020, 12, 25),
        D(2020, 12, 28),
    ],
    2021: [
        D(2021, 1, 1),
        D(2021, 4, 2),
        D(2021, 4, 5),
        D(2021, 5, 3),
        D(2021, 5, 31),
        D(2021, 8, 30),
        D(2021, 12, 27),
        D(2021, 12, 28),
    ],
    2022: [
        D(2022, 1, 3),
        D(2022, 4, 15),
        D(2022, 4, 18),
        D(2022, 5, 2),
        D(2022, 6, 2),
        D(2022, 6, 3),
        D(2022, 8, 29),
        D(2022, 9, 19),
        D(2022, 12, 26),
        D(2022, 12, 27),
    ],
    2023: [
        D(2023, 1, 2),
        D(2023, 4, 7),
        D(2023, 4, 10),
        D(2023, 5, 1),
        D(2023, 5, 8),
        D(2023, 5, 29),
        D(2023, 8, 28),
        D(2023, 12, 25),
        D(2023, 12, 26),
    ],
    2024: [
        D(2024, 1, 1),
        D(2024, 3, 29),
        D(2024, 4, 1),
        D(2024, 5, 6),
        D(2024, 5, 27),
        D(2024, 8, 26),
        D(2024, 12, 25),
        D(2024, 12, 26),
    ],
    2025: [
        D(2025, 1, 1),
        D(2025, 4, 18),
        D(2025, 4, 21),
        D(2025, 5, 5),
        D(2025, 5, 26),
        D(2025, 8, 25),
        D(2025, 12, 25),
        D(2025, 12, 26),
    ],
    2026: [
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),
    ],
    2027: [
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
        D(2027, 5, 3),
        D(2027, 5, 31),
        D(2027, 8, 30),
        D(2027, 12, 27),
        D(2027, 12, 28),
    ],
}


@pytest.mark.parametrize("year", PUBLISHED)
def test_bank_holidays_match_the_published_dates(year):
    assert list(bank_holidays(year)) == PUBLISHED[year]


def test_easter():
    assert [easter_sunday(y) for y in (2024, 2025, 2038)] == [D(2024, 3, 31), D(2025, 4, 20), D(2038, 4, 25)]


def test_adding_working_days_skips_weekends_and_bank_holidays():
    assert add_working_days(D(2024, 3, 27), 1) == D(2024, 3, 28)  # Wednesday to Thursday
    assert add_working_days(D(2024, 3, 28), 1) == D(2024, 4, 2)  # over Good Friday, the weekend, Easter Monday
    assert add_working_days(D(2024, 12, 20), 5) == D(2024, 12, 31)  # over Christmas and Boxing Day
    assert add_working_days(D(2024, 12, 20), 6) == D(2025, 1, 2)  # and New Year's Day
    # 20 working days from Friday 27 November 2026: 19 take us to Thursday 24 December; Christmas Day (Friday)
    # and Boxing Day's substitute (Monday 28th) are not working days.
    assert add_working_days(D(2026, 11, 27), 20) == D(2026, 12, 29)
    assert add_working_days(D(2026, 11, 27), 19) == D(2026, 12, 24)
    assert add_working_days(D(2024, 6, 1), 0) == D(2024, 6, 1)
    with pytest.raises(ValueError):
        add_working_days(D(2024, 6, 1), -1)


def test_counting_working_days_between():
    assert working_days_between(D(2024, 3, 28), D(2024, 4, 2)) == 1
    assert working_days_between(D(2024, 4, 2), D(2024, 3, 28)) == -1
    assert working_days_between(D(2024, 6, 7), D(2024, 6, 10)) == 1  # Friday to Monday
    assert working_days_between(D(2024, 6, 7), D(2024, 6, 7)) == 0
