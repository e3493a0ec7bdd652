import datetime

import pytest

from onramp.participants import services as participant_services
from onramp.recruitment import services
from onramp.training import services as training_services

D = datetime.date


@pytest.fixture
def cohort(world, people):
    return training_services.create_cohort(
        actor=world.coordinator_kent,
        programme=people.programme,
        name="Ambulance care assistant course",
        ics=world.kent,
        provider=world.scas,
        delivery_mode="hybrid",
        starts_on=D(2024, 3, 4),
        ends_on=D(2024, 3, 8),
    )


@pytest.fixture
def vacancy(world):
    return services.save_vacancy(
        actor=world.recruiter_scas,
        provider=world.scas,
        programmes=[],
        title="Ambulance care assistant",
        role="other",
        band_or_pay="Band 3",
        hours="37.5 hours a week",
        location="Ashford",
        closing_on=D(2030, 1, 31),
        posts=1,
        closed=False,
    )


@pytest.fixture
def consented(world, people):
    """Aisha (Kent) consents to sharing her details with South Central Ambulance Service."""
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 1, 10),
        organisation=world.scas,
    )
    return people
