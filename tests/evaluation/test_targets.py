"""Targets per programme phase: met or not met, with the interval, over the phase's own dates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from onramp.evaluation import targets
from onramp.journey import services as journey_services
from onramp.participants.models import ProgrammePhase, Target, YoungPerson

D = datetime.date


def event(world, who, type, day, **extra):
    return journey_services.record_event(
        actor=world.admin, person=who, type=type, occurred_on=day, check=False, **extra
    )


@pytest.fixture
def phase(people):
    return ProgrammePhase.objects.create(
        programme=people.programme, name="Extension", starts_on=D(2023, 10, 1), ends_on=D(2026, 9, 30)
    )


def test_share_and_count_targets_are_judged_over_the_phase(world, people, phase):
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="6")
    YoungPerson.objects.filter(pk=people.sussex.pk).update(ethnic_group="13")
    Target.objects.create(phase=phase, metric="ethnic_minority", value=Decimal("10"))
    Target.objects.create(phase=phase, metric="offered", value=Decimal("2"))
    event(world, people.kent, "job_offered", D(2024, 3, 1), role="care_worker")
    [result] = targets.phase_results(as_of=D(2024, 12, 31), icbs=None, published=False)
    assert result.start == D(2023, 10, 1) and result.end == D(2024, 12, 31) and not result.finished
    by_metric = {r.target.metric: r for r in result.results}
    minority = by_metric["ethnic_minority"]
    assert (minority.numerator, minority.denominator, minority.rate) == (1, 2, 0.5)
    assert minority.met is True and minority.status == "Met"
    assert minority.interval == (0.0945, 0.9055)
    assert "may be chance" in minority.confidence
    offered = by_metric["offered"]
    assert offered.count == 1 and offered.met is False and offered.status == "Not met"


def test_published_targets_hide_small_numbers(world, people, phase):
    Target.objects.create(phase=phase, metric="ethnic_minority", value=Decimal("10"))
    [result] = targets.phase_results(as_of=D(2024, 12, 31), icbs=None, published=True)
    assert result.results[0].status == "Not shown (small numbers)"


def test_phases_not_begun_are_left_out(people, phase):
    Target.objects.create(phase=phase, metric="supported", value=Decimal("100"))
    assert targets.phase_results(as_of=D(2023, 9, 30), icbs=None, published=False) == []


def test_at_most_and_the_interval_words():
    target = Target(metric="retained_3_months", comparison="at_most", value=Decimal("20"))
    assert target.met_by(0.2) and not target.met_by(0.21)
    assert targets._confidence(target, (0.25, 0.4)) == "the whole 95% interval is above the target"
    assert targets._confidence(target, (0.05, 0.15)) == "the whole 95% interval is below the target"
    assert target.describe() == "at most 20%"
    assert Target(metric="offered", value=Decimal("600")).describe() == "at least 600"


def test_bad_targets_and_phases_are_refused(people, phase):
    with pytest.raises(ValidationError, match="between 0 and 100"):
        Target(phase=phase, metric="ethnic_minority", value=Decimal("110")).full_clean()
    with pytest.raises(ValidationError, match="whole number"):
        Target(phase=phase, metric="offered", value=Decimal("2.5")).full_clean()
    with pytest.raises(ValidationError, match="overlap Extension"):
        ProgrammePhase(
            programme=people.programme, name="Overlap", starts_on=D(2026, 1, 1), ends_on=D(2027, 1, 1)
        ).full_clean()
    with pytest.raises(ValidationError, match="same as or after"):
        ProgrammePhase(
            programme=people.programme, name="Back", starts_on=D(2020, 1, 2), ends_on=D(2020, 1, 1)
        ).full_clean()
