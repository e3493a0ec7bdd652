"""A young person registered but not eligible is stopped, with a clear message naming them and the reasons, before
an enrolment, a referral or an offer (``YoungPerson.require_eligible``), in the services and on the pages; a lead's
override lets them through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from onramp.participants import services as participant_services
from onramp.recruitment import services
from onramp.recruitment.models import Application, Offer, Value
from onramp.training import services as training_services
from onramp.training.models import Enrolment

D = datetime.date
THREES = {value: (3, "") for value in Value}
KAI = (
    "Kai Smith is registered but not eligible (they were 32 on the registration date: the programme is for people "
    "up to 30). A regional lead can override this on their record."
)
OFFER = {
    "role": "other",
    "hours": "37.5",
    "band_or_pay": "Band 3",
    "conditional": "on",
    "made_on_day": "4",
    "made_on_month": "3",
    "made_on_year": "2024",
}


@pytest.fixture
def kai(world, people):
    """32 on the registration date, in Kent, consenting to share their details with the ambulance service."""
    person = participant_services.register(
        actor=world.coordinator_kent,
        programme=people.programme,
        given_name="Kai",
        family_name="Smith",
        date_of_birth=D(1991, 6, 1),
        registered_on=D(2024, 2, 1),
        postcode="CT1 1AA",
        ics=world.kent,
    )
    participant_services.record_consent(
        actor=world.coordinator_kent,
        person=person,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=D(2024, 2, 1),
        organisation=world.scas,
    )
    assert not person.counts_as_eligible
    return person


def override(world, person):
    participant_services.override_eligibility(
        actor=world.regional_lead, person=person, justification="A care leaver: the programme board agreed."
    )


def interviewed(world, person, vacancy):
    application = services.refer(actor=world.coordinator_kent, person=person, vacancy=vacancy)
    interview = services.schedule_interview(actor=world.recruiter_scas, application=application, held_on=D(2024, 3, 1))
    services.score_interview(
        actor=world.recruiter_scas, interview=interview, interviewer=world.recruiter_scas, scores=THREES
    )
    services.agree_consensus(actor=world.recruiter_scas, interview=interview, scores=THREES)
    application.refresh_from_db()
    return application


def test_the_message_names_them_and_every_reason(kai):
    with pytest.raises(ValidationError) as refused:
        kai.require_eligible()
    assert refused.value.message_dict == {"young_person": [KAI]}
    kai.eligibility_reasons.append("They live in an integrated care system (QRV) that the programme does not cover.")
    with pytest.raises(ValidationError, match=r"up to 30\. They live in .* does not cover\)\. A regional lead"):
        kai.require_eligible()


def test_enrolment_is_refused_then_allowed_after_an_override(world, kai, cohort):
    with pytest.raises(ValidationError) as refused:
        training_services.enrol(actor=world.coordinator_kent, cohort=cohort, person=kai, enrolled_on=D(2024, 3, 1))
    assert refused.value.messages == [KAI]
    assert not Enrolment.objects.exists()
    override(world, kai)
    training_services.enrol(actor=world.coordinator_kent, cohort=cohort, person=kai, enrolled_on=D(2024, 3, 1))
    assert Enrolment.objects.get().young_person == kai


def test_the_enrol_page_shows_the_refusal(client_as, world, kai, cohort):
    response = client_as("coordinator_kent").post(
        reverse("training:enrol", args=[cohort.pk]),
        {"young_person": kai.pk, "enrolled_on_day": "1", "enrolled_on_month": "3", "enrolled_on_year": "2024"},
    )
    assert response.status_code == 200
    assert KAI in response.content.decode()
    assert not Enrolment.objects.exists()


def test_referral_is_refused_then_allowed_after_an_override(world, kai, vacancy):
    with pytest.raises(ValidationError) as refused:
        services.refer(actor=world.coordinator_kent, person=kai, vacancy=vacancy)
    assert refused.value.messages == [KAI]
    override(world, kai)
    assert services.refer(actor=world.coordinator_kent, person=kai, vacancy=vacancy).young_person == kai


def test_the_refer_page_shows_the_refusal(client_as, world, kai, vacancy):
    response = client_as("admin").post(reverse("recruitment:refer", args=[vacancy.pk]), {"young_person": kai.pk})
    assert response.status_code == 200
    assert KAI in response.content.decode()
    assert not Application.objects.exists()


def test_an_offer_is_refused_once_they_are_found_not_eligible(client_as, world, kai, vacancy):
    override(world, kai)
    application = interviewed(world, kai, vacancy)
    # The override is withdrawn (say, recorded in error): the next step is refused.
    type(kai).objects.filter(pk=kai.pk).update(eligibility_override="")
    application.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.make_offer(
            actor=world.recruiter_scas,
            application=application,
            role="other",
            hours="37.5",
            band_or_pay="Band 3",
            made_on=D(2024, 3, 4),
        )
    assert refused.value.messages == [KAI]
    response = client_as("recruiter_scas").post(reverse("recruitment:offer-create", args=[application.pk]), OFFER)
    assert response.status_code == 200
    assert KAI in response.content.decode()
    assert not Offer.objects.exists()
    override(world, kai)
    response = client_as("recruiter_scas").post(reverse("recruitment:offer-create", args=[application.pk]), OFFER)
    assert response.status_code == 302 and Offer.objects.get().application == application
