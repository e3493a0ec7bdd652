"""Recruitment's milestones keep to the person's registration, and a second accepted offer while one is in force
needs confirming (through the service and the web form)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onramp.checks import services as checks
from onramp.recruitment import selectors, services
from onramp.recruitment.models import OfferStatus, Value
from onramp.support import services as support

D = datetime.date
THREES = {value: (3, "") for value in Value}


def second_offer(world, people):
    """A second offer to Aisha, from Weald Care Homes, made on 1 April 2024."""
    vacancy = services.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Night care assistant",
        role="care_worker",
        band_or_pay="£13 an hour",
        hours="20 hours a week",
        location="Canterbury",
        closing_on=D(2099, 1, 1),
        posts=1,
        closed=False,
    )
    application = services.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    interview = services.schedule_interview(actor=world.recruiter_care, application=application, held_on=D(2024, 3, 28))
    services.score_interview(
        actor=world.recruiter_care, interview=interview, interviewer=world.recruiter_care, scores=THREES
    )
    services.agree_consensus(actor=world.recruiter_care, interview=interview, scores=THREES)
    application.refresh_from_db()
    return services.make_offer(
        actor=world.recruiter_care,
        application=application,
        role="care_worker",
        hours="20",
        band_or_pay="£13 an hour",
        made_on=D(2024, 4, 1),
    )


def test_an_interview_is_not_dated_before_registration(world, consented, vacancy):
    application = services.refer(actor=world.coordinator_kent, person=consented.kent, vacancy=vacancy)
    with pytest.raises(ValidationError) as refused:
        services.schedule_interview(actor=world.recruiter_scas, application=application, held_on=D(2024, 1, 5))
    assert refused.value.message_dict == {"held_on": ["The date cannot be before they registered on 10 January 2024"]}
    assert not application.interviews.exists()


def test_an_offer_is_not_made_before_registration(world, people, vacancy_for_sussex):
    application, day = vacancy_for_sussex
    with pytest.raises(ValidationError) as refused:
        services.make_offer(
            actor=world.admin, application=application, role="care_worker", hours="37.5", band_or_pay="£12", made_on=day
        )
    assert refused.value.message_dict["made_on"] == ["The date cannot be before they registered on 1 February 2024"]


@pytest.fixture
def vacancy_for_sussex(world, people):
    """Ben (registered 1 February 2024) interviewed by the admin on his registration day; an offer dated the day
    before."""
    vacancy = services.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12",
        hours="37.5",
        location="Hove",
        closing_on=D(2099, 1, 1),
        posts=1,
        closed=False,
    )
    from onramp.participants import services as participant_services

    participant_services.record_consent(
        actor=world.coordinator_sussex,
        person=people.sussex,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 2, 1),
        organisation=world.care,
    )
    application = services.refer(actor=world.coordinator_sussex, person=people.sussex, vacancy=vacancy)
    interview = services.schedule_interview(actor=world.admin, application=application, held_on=D(2024, 2, 1))
    services.score_interview(actor=world.admin, interview=interview, interviewer=world.admin, scores=THREES)
    services.agree_consensus(actor=world.admin, interview=interview, scores=THREES)
    application.refresh_from_db()
    return application, D(2024, 1, 31)


def test_a_second_accepted_offer_in_force_needs_confirming(world, people, accepted_offer):
    offer = second_offer(world, people)
    assert list(selectors.offers_in_force(people.kent, excluding=offer)) == [accepted_offer]
    with pytest.raises(ValidationError) as refused:
        services.answer_offer(actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 4, 2))
    assert "Weald Care Homes" in refused.value.message_dict["confirm_second_offer"][0]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE
    services.answer_offer(
        actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 4, 2), confirm_second_offer=True
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_declining_needs_no_confirmation_and_an_ended_job_is_not_in_force(world, people, accepted_offer):
    employment = checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1), reason="Checks on their way"
    )
    assert selectors.offers_in_force(people.kent).count() == 1  # started, not left
    support.record_leaving(
        actor=world.coordinator_kent,
        employment=employment,
        left_on=D(2024, 6, 1),
        reason="moved_away",
        stayed_in_sector=False,
    )
    assert not selectors.offers_in_force(people.kent).exists()
    offer = second_offer(world, people)
    services.answer_offer(actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 6, 2))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def answer(day: datetime.date, **extra: str) -> dict:
    return {
        "accepted": "yes",
        "answered_on_day": str(day.day),
        "answered_on_month": str(day.month),
        "answered_on_year": str(day.year),
        **extra,
    }


def test_the_answer_form_shows_the_warning_and_asks_for_confirmation(client_as, world, people, accepted_offer):
    offer = second_offer(world, people)
    url = reverse("recruitment:offer-answer", args=[offer.pk])
    client = client_as("recruiter_care")
    page = client.get(url).content.decode()
    assert 'name="confirm_second_offer"' in page and "that job has not ended" in page
    html = client.post(url, answer(D(2024, 4, 2))).content.decode()
    assert 'href="#id_confirm_second_offer' in html
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE
    assert client.post(url, answer(D(2024, 4, 2), confirm_second_offer="on")).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    # Another employer's recruiter cannot answer it at all.
    assert client_as("recruiter_scas").post(url, answer(D(2024, 4, 2), confirm_second_offer="on")).status_code == 404


def test_the_answer_form_has_no_box_without_an_offer_in_force(client_as, world, people, vacancy_for_sussex):
    application, _ = vacancy_for_sussex
    offer = services.make_offer(
        actor=world.admin,
        application=application,
        role="care_worker",
        hours="37.5",
        band_or_pay="£12",
        made_on=D(2024, 2, 2),
    )
    page = client_as("coordinator_sussex").get(reverse("recruitment:offer-answer", args=[offer.pk])).content.decode()
    assert 'name="confirm_second_offer"' not in page
