"""`onramp synth`: a bulk synthetic programme whose journeys keep the order rules and whose areas are what
`locate` would store, the same for the same seed."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from onramp.evaluation.progressions import NOT_RECORDED
from onramp.evaluation.progressions import progressions as progressions_figure
from onramp.journey.models import JourneyEvent
from onramp.journey.rules import Milestone, order_problems
from onramp.participants.models import Consent, YoungPerson
from onramp.site import synth
from onramp.support.models import Progression, ProgressionKind

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[list[tuple], list[tuple]]:
    people = list(YoungPerson.objects.order_by("reference").values_list("reference", "postcode", "registered_on"))
    events = list(
        JourneyEvent.objects.order_by("young_person__reference", "occurred_on", "position", "pk").values_list(
            "young_person__reference", "type", "occurred_on", "role"
        )
    )
    return people, events


def test_synth_writes_journeys_that_keep_the_order_rules(geography):
    result = synth.build(young_people=300, seed=7, password="a-long-bench-password", batch=120, stream=io.StringIO())
    assert result.young_people == YoungPerson.objects.count() == 300
    assert result.events == JourneyEvent.objects.count()
    assert 6 <= result.events / 300 <= 12
    journeys: dict[int, list[Milestone]] = defaultdict(list)
    for person, type_, day in JourneyEvent.objects.counting().values_list("young_person", "type", "occurred_on"):
        journeys[person].append(Milestone(type_, day))
    assert all(not order_problems(milestones) for milestones in journeys.values())
    assert all(any(m.type == "registered" for m in ms) for ms in journeys.values())
    # Areas are those `locate` stores: every located person's ICB is their caseload ICS.
    located = YoungPerson.objects.exclude(lsoa11="").select_related("ics")
    assert located.exists()
    assert all(person.icb_ods == person.ics.code for person in located)
    assert Consent.objects.filter(purpose="programme_delivery").count() == 300
    # New rows after synth get fresh ids (sequences moved on).
    assert YoungPerson.objects.order_by("-pk").first().pk == YoungPerson.objects.count()


def test_each_progressed_event_has_its_progression(geography):
    """As ``support.services.record_progression`` writes them: same person, day, role and employer; so the
    progressions figure has a kind for every synthetic progression."""
    result = synth.build(young_people=400, seed=3, password="a-long-bench-password", stream=io.StringIO())
    events = sorted(
        JourneyEvent.objects.filter(type="progressed").values_list(
            "young_person_id", "occurred_on", "role", "organisation_id"
        )
    )
    progressions = sorted(Progression.objects.values_list("young_person_id", "progressed_on", "role", "employer_id"))
    assert events and events == progressions and result.progressions == len(progressions)
    kinds = set(Progression.objects.values_list("kind", flat=True))
    assert kinds <= {kind.value for kind in ProgressionKind} and len(kinds) >= 2
    figure = progressions_figure(start=synth.FIRST_DAY, end=synth.LAST_DAY, icbs=None)
    assert NOT_RECORDED not in dict(figure.rows)
    counted = JourneyEvent.objects.counting().filter(type="progressed", young_person__in=YoungPerson.objects.counting())
    assert figure.totals[1] == counted.count()
    # The sequence moved on: a progression recorded after synth gets a fresh id.
    written = max(Progression.objects.values_list("pk", flat=True))
    later = Progression.objects.create(
        young_person_id=events[0][0], kind="qualification", progressed_on=synth.FIRST_DAY
    )
    assert later.pk > written


def test_synth_is_deterministic_for_a_seed(geography):
    synth.build(young_people=80, seed=11, password="a-long-bench-password", stream=io.StringIO())
    first = _snapshot()
    YoungPerson.objects.all().delete()
    synth.build(young_people=80, seed=11, password="a-long-bench-password", stream=io.StringIO())
    assert _snapshot() == first


def test_synth_refuses_a_database_with_young_people(people):
    with pytest.raises(CommandError, match="already has young people"):
        call_command("synth", "--young-people", "5", "--password", "a-long-bench-password", stdout=io.StringIO())
