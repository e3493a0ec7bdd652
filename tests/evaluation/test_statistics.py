"""Wilson intervals and the Making Data Count SPC rules, on hand-made series."""

import pytest

from onramp.evaluation.spc import xmr
from onramp.evaluation.statistics import wilson


def test_wilson_known_values():
    assert wilson(0, 0) is None
    assert wilson(50, 100) == (0.4038, 0.5962)
    low, high = wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)
    with pytest.raises(ValueError):
        wilson(11, 10)


def series(values):
    return [(f"m{i}", float(v)) for i, v in enumerate(values)]


def test_limits_are_mean_plus_or_minus_2_66_mean_moving_range():
    chart = xmr(series([10, 12, 10, 12, 10]))
    assert chart.mean == pytest.approx(10.8)
    assert chart.mean_moving_range == pytest.approx(2.0)
    assert chart.upper == pytest.approx(10.8 + 5.32)
    assert chart.lower == pytest.approx(10.8 - 5.32)
    assert not any(point.special for point in chart.points)
    assert chart.variation() == "common cause"


def test_a_point_outside_the_limits():
    chart = xmr(series([10, 11, 10, 11, 10, 11, 30]))
    assert chart.points[-1].signals == {"outside"}
    assert all(not point.signals for point in chart.points[:-1])
    assert chart.variation() == "special cause: improvement"
    assert xmr(series([10, 11, 10, 11, 10, 11, 30]), higher_is_better=False).variation() == "special cause: concern"


def test_seven_rising_points_is_a_trend_six_is_not():
    six = xmr(series([5, 1, 2, 3, 4, 5, 6, 3]))
    assert not any("trend" in point.signals for point in six.points)
    seven = xmr(series([5, 1, 2, 3, 4, 5, 6, 7, 3]))
    flagged = [i for i, point in enumerate(seven.points) if "trend" in point.signals]
    assert flagged == [1, 2, 3, 4, 5, 6, 7]
    falling = xmr(series([9, 8, 7, 6, 5, 4, 3, 8]))
    assert [i for i, p in enumerate(falling.points) if "trend" in p.signals] == [0, 1, 2, 3, 4, 5, 6]


def test_seven_points_on_one_side_of_the_mean_is_a_shift():
    values = [1, 9, 1, 9, 1, 9, 1, 9, 1, 9, 9, 9, 9, 9, 9, 9, 1]
    chart = xmr(series(values))
    flagged = [i for i, point in enumerate(chart.points) if "shift" in point.signals]
    assert flagged == [9, 10, 11, 12, 13, 14, 15]


def test_a_point_on_the_mean_breaks_a_run():
    values = [6, 6, 6, 4, 6, 6, 6, 2, 2, 2, 2, 0]
    chart = xmr(series(values))
    assert chart.mean == 4.0
    assert not any("shift" in point.signals for point in chart.points[:7])


def test_two_of_three_beyond_two_thirds_on_the_same_side():
    baseline = [10, 10.2] * 10
    chart = xmr(series([*baseline, 11.0, 10.1, 11.0, 10.1]))
    assert round(chart.mean + (chart.upper - chart.mean) * 2 / 3, 3) == 10.738
    flagged = [i for i, point in enumerate(chart.points) if "two_of_three" in point.signals]
    assert flagged == [20, 22]
    assert not any("outside" in point.signals for point in chart.points)
    opposite = xmr(series([*baseline, 11.0, 10.1, 9.3, 10.1]))
    assert not any("two_of_three" in point.signals for point in opposite.points[20:23])


def test_assurance_against_a_target():
    chart = xmr(series([50, 52, 51, 53, 50, 52]))
    assert chart.assurance(10) == "consistently passes the target"
    assert chart.assurance(90) == "consistently fails the target"
    assert chart.assurance(51) == "hit and miss: the target lies within the limits"
    assert chart.assurance(None) == "no target"


def test_too_short():
    with pytest.raises(ValueError):
        xmr(series([1]))
