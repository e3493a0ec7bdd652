"""Evaluation fixtures shared by the snapshot, dashboard-page and kept-rendering tests."""

import datetime

import pytest

from onramp.journey import services as journey_services
from onramp.participants.models import ProgrammePhase, Target, YoungPerson

D = datetime.date


@pytest.fixture
def journeys(world, people):
    """Aisha (Kent, ethnic minority) offered and started at a care home in 2024; Ben (Sussex) only registered; an
    "Extension" phase with an ethnic-minority share target (10%) and a supported-count target (at least 2)."""
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="6")
    for type, day in (("job_offered", D(2024, 3, 1)), ("started_work", D(2024, 4, 1))):
        journey_services.record_event(
            actor=world.admin,
            person=people.kent,
            type=type,
            occurred_on=day,
            check=False,
            role="care_worker",
            organisation=world.care,
        )
    phase = ProgrammePhase.objects.create(
        programme=people.programme, name="Extension", starts_on=D(2023, 10, 1), ends_on=D(2026, 9, 30)
    )
    Target.objects.create(phase=phase, metric="ethnic_minority", value=10)
    Target.objects.create(phase=phase, metric="supported", comparison="at_least", value=2)
    return people
