"""Disclosure control: small counts hidden, with the cells that would give them away."""

import io
import json

from django.core.management import call_command

from onramp.evaluation.disclosure import publish_headline, suppress


def test_primary_hides_one_to_four_not_zero():
    assert suppress({"a": 0, "b": 1, "c": 4, "d": 5}, []) == {"b", "c"}


def test_secondary_hides_the_smallest_other_part():
    cells = {"total": 30, "known": 27, "unknown": 3}
    assert suppress(cells, [("total", ["known", "unknown"])]) == {"unknown", "known"}
    assert suppress({"total": 3, "a": 0, "b": 3}, [("total", ["a", "b"])]) == {"total", "b"}
    assert suppress({"total": 30, "a": 15, "b": 15}, [("total", ["a", "b"])]) == set()


def report(**overrides):
    metrics = {
        "supported": {"count": 40},
        "offered": {"count": 12},
        "offered_hca_or_care_worker": {"numerator": 5, "denominator": 12, "rate": 0.4167},
        "ethnic_minority": {"numerator": 15, "denominator": 37, "rate": 0.4054, "unknown": 3},
        "non_white": {"numerator": 10, "denominator": 37, "rate": 0.2703, "unknown": 3},
        "starters": {"count": 10},
        "imd_quintile_1_starters": {"numerator": 3, "denominator": 10, "rate": 0.3, "unknown": 0},
        "retained_3_months": {"numerator": 6, "denominator": 8, "rate": 0.75, "pending": 2},
        "survey": [{"survey": "exit", "question": "q1", "numerator": 9, "denominator": 10, "rate": 0.9}],
    }
    metrics.update(overrides)
    return {
        "period": {"from": "2024-01-01", "to": "2024-12-31", "as_of": "2024-12-31"},
        "scope": {"icb": None},
        "metrics": metrics,
    }


def test_published_headline():
    published = publish_headline(report())["metrics"]
    assert published["supported"] == {"count": 40}
    assert published["offered_hca_or_care_worker"] == {"numerator": 5, "denominator": 12, "rate": 0.4167}
    # 3 unknown is hidden; known (37) = supported (40) - unknown would give it away, so it is hidden too.
    assert published["ethnic_minority"] == {
        "numerator": 15,
        "denominator": None,
        "rate": None,
        "unknown": None,
        "suppressed": True,
    }
    assert published["imd_quintile_1_starters"] == {
        "numerator": None,
        "denominator": 10,
        "rate": None,
        "unknown": 0,
        "suppressed": True,
    }
    # 2 pending hidden, so 8 (starters 10 - pending) is hidden; 2 not retained (8 - 6) hides the numerator.
    assert published["retained_3_months"] == {
        "numerator": None,
        "denominator": None,
        "rate": None,
        "pending": None,
        "suppressed": True,
    }
    # 1 "no" answer (10 - 9) would be disclosed by the numerator.
    assert published["survey"][0]["numerator"] is None and published["survey"][0]["rate"] is None


def test_exact_report_is_unchanged_by_publishing():
    original = report()
    publish_headline(original)
    assert original["metrics"]["ethnic_minority"]["unknown"] == 3


def test_publish_flag_on_the_command(people):
    out = io.StringIO()
    call_command("report", "headline", "--from", "2024-01-01", "--to", "2024-12-31", "--json", "--publish", stdout=out)
    data = json.loads(out.getvalue())
    assert data["metrics"]["supported"] == {"count": None, "suppressed": True}  # 2 people
    assert data["disclosure_control"]["counts_hidden"] == "1 to 4"
    table = io.StringIO()
    call_command("report", "headline", "--from", "2024-01-01", "--to", "2024-12-31", "--publish", stdout=table)
    assert "[c]" in table.getvalue()
