"""SROI: the pinned formulae, checked against an independent hand calculation, and config errors by field."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from onramp.evaluation.sroi import ConfigError, calculate, parse_config

CONFIG = {
    "investment": 100000,
    "discount_rate": 0.035,
    "outcomes": [
        {
            "name": "Into work",
            "quantity": 20,
            "value_per_year": 10000,
            "duration_years": 3,
            "deadweight": 0.2,
            "attribution": 0.1,
            "displacement": 0.05,
            "drop_off": 0.3,
            "source": "Test value",
        },
        {
            "name": "Wellbeing",
            "quantity": 50,
            "value_per_year": 1000,
            "duration_years": 1,
            "deadweight": 0,
            "attribution": 0,
            "displacement": 0,
            "drop_off": 0,
            "source": "Test value",
        },
    ],
}


def by_hand():
    impact = 20 * 10000 * 0.8 * 0.95 * 0.9  # 136,800
    pv = sum(impact * 0.7 ** (t - 1) / 1.035**t for t in (1, 2, 3))
    pv += 50 * 1000 / 1.035
    return impact, pv


def test_present_value_and_ratio_match_a_hand_calculation():
    result = calculate(parse_config(CONFIG))
    _, pv = by_hand()
    assert result["outcomes"][0] == {
        "name": "Into work",
        "quantity": 20.0,
        "impact": 136800.0,
        "present_value": round(pv - 50000 / 1.035, 2),
    }
    assert result["present_value"] == round(pv, 2)
    assert result["net_present_value"] == round(pv - 100000, 2)
    assert result["ratio"] == round(pv / 100000, 2)
    assert result["investment"] == 100000


def test_sensitivity_moves_each_parameter():
    result = calculate(parse_config(CONFIG))
    assert [item["parameter"] for item in result["sensitivity"]] == [
        "deadweight",
        "attribution",
        "drop_off",
        "value_per_year",
    ]
    value = result["sensitivity"][3]
    assert list(value["ratios"]) == ["-50%", "-25%", "+25%", "+50%"]
    assert value["ratios"]["+50%"] == round(1.5 * by_hand()[1] / 100000, 2)
    deadweight = result["sensitivity"][0]
    assert deadweight["low"] < result["ratio"] < deadweight["high"]


def test_errors_name_every_field():
    bad = {
        "investment": 0,
        "outcomes": [
            {
                "name": "",
                "quantity": 1,
                "quantity_metric": "starters",
                "value_per_year": -1,
                "duration_years": 0,
                "deadweight": 1.5,
                "attribution": 0,
                "displacement": 0,
                "drop_off": 0,
            }
        ],
    }
    with pytest.raises(ConfigError) as refused:
        parse_config(bad)
    assert refused.value.errors == [
        "investment: must be a number of pounds greater than 0",
        "outcomes[0].name: is required",
        "outcomes[0]: give exactly one of quantity and quantity_metric",
        "outcomes[0].value_per_year: must be a number of pounds, 0 or more",
        "outcomes[0].duration_years: must be a whole number, 1 or more",
        "outcomes[0].deadweight: must be a fraction from 0 to 1",
        "outcomes[0].source: say where the value comes from",
    ]


def test_the_pinned_command_with_a_quantity_metric(people, world, tmp_path):
    import datetime

    from onramp.journey import services as journey_services

    journey_services.record_event(
        actor=world.admin,
        person=people.kent,
        type="job_offered",
        occurred_on=datetime.date(2024, 3, 1),
        role="care_worker",
    )
    journey_services.record_event(
        actor=world.admin,
        person=people.kent,
        type="started_work",
        occurred_on=datetime.date(2024, 4, 1),
        role="care_worker",
    )
    config = {
        "investment": 5000,
        "outcomes": [
            {
                "name": "Starts",
                "quantity_metric": "starters",
                "value_per_year": 10000,
                "duration_years": 1,
                "deadweight": 0,
                "attribution": 0,
                "displacement": 0,
                "drop_off": 0,
                "source": "Test value",
            }
        ],
    }
    path = tmp_path / "sroi.json"
    path.write_text(json.dumps(config))
    out = io.StringIO()
    call_command(
        "sroi",
        "--config",
        str(path),
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--icb",
        "QKS",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert list(result) == ["investment", "present_value", "net_present_value", "ratio", "outcomes", "sensitivity"]
    assert result["outcomes"][0]["quantity"] == 1.0
    assert result["present_value"] == round(10000 / 1.035, 2)
    assert result["ratio"] == round(10000 / 1.035 / 5000, 2)


def test_the_command_refuses_a_bad_config(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    err = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("sroi", "--config", str(path), "--from", "2024-01-01", "--to", "2024-12-31", stderr=err)
    assert "the file is not valid JSON (line 1, column 2" in err.getvalue()
