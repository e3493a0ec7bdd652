import datetime

import pytest

from onramp.participants import services as participant_services
from onramp.recruitment import services as recruitment
from onramp.recruitment.models import Value

D = datetime.date


@pytest.fixture
def accepted_offer(world, people):
    """Aisha's accepted conditional offer from Weald Care Homes, made on 14 March 2024, start proposed 1 May."""
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 3, 1),
        organisation=world.care,
    )
    vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=D(2099, 1, 1),
        posts=2,
        closed=False,
    )
    application = recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    interview = recruitment.schedule_interview(
        actor=world.recruiter_care, application=application, held_on=D(2024, 3, 12)
    )
    threes = {value: (3, "") for value in Value}
    recruitment.score_interview(
        actor=world.recruiter_care, interview=interview, interviewer=world.recruiter_care, scores=threes
    )
    recruitment.agree_consensus(actor=world.recruiter_care, interview=interview, scores=threes)
    application.refresh_from_db()
    offer = recruitment.make_offer(
        actor=world.recruiter_care,
        application=application,
        role="care_worker",
        hours="37.5",
        band_or_pay="£12.60 an hour",
        made_on=D(2024, 3, 14),
        proposed_start=D(2024, 5, 1),
    )
    return recruitment.answer_offer(
        actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 3, 15)
    )
