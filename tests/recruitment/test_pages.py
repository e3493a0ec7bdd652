"""Recruitment pages: what a provider's recruiter is shown, and refusals shown on the forms, nothing saved."""

import datetime

from django.urls import reverse

from onramp.recruitment import services
from onramp.recruitment.models import Application, Offer, Value

D = datetime.date
THREES = {value: (3, "") for value in Value}


def interviewed(world, consented, vacancy):
    application = services.refer(actor=world.coordinator_kent, person=consented.kent, vacancy=vacancy)
    interview = services.schedule_interview(actor=world.recruiter_scas, application=application, held_on=D(2024, 3, 1))
    services.score_interview(
        actor=world.recruiter_scas, interview=interview, interviewer=world.recruiter_scas, scores=THREES
    )
    services.agree_consensus(actor=world.recruiter_scas, interview=interview, scores=THREES)
    application.refresh_from_db()
    return application


def test_a_recruiter_sees_only_what_they_need(client_as, world, consented, vacancy):
    application = services.refer(actor=world.admin, person=consented.kent, vacancy=vacancy)
    html = (
        client_as("recruiter_scas")
        .get(reverse("recruitment:application-detail", args=[application.pk]))
        .content.decode()
    )
    assert "Aisha Khan" in html and "aisha@example.org" in html and "07700 900123" in html
    assert "CT1 1AA" not in html and "17 May 2004" not in html and "s record" not in html
    staff = client_as("admin").get(reverse("recruitment:application-detail", args=[application.pk])).content.decode()
    assert "Aisha Khan's record" in staff


def test_an_offer_on_a_closed_vacancy_is_refused_on_the_form(client_as, world, consented, vacancy):
    application = interviewed(world, consented, vacancy)
    vacancy.closed = True
    vacancy.save()
    response = client_as("recruiter_scas").post(
        reverse("recruitment:offer-create", args=[application.pk]),
        {
            "role": "other",
            "hours": "37.5",
            "band_or_pay": "Band 3",
            "conditional": "on",
            "made_on_day": "4",
            "made_on_month": "3",
            "made_on_year": "2024",
        },
    )
    assert "Ambulance care assistant is closed: no offers can be made" in response.content.decode()
    assert not Offer.objects.exists()
    assert Application.objects.get().stage == "interviewed"


def test_scores_outside_1_to_4_are_refused_on_the_form(client_as, world, consented, vacancy):
    application = services.refer(actor=world.coordinator_kent, person=consented.kent, vacancy=vacancy)
    interview = services.schedule_interview(actor=world.recruiter_scas, application=application, held_on=D(2024, 3, 1))
    data = {f"score_{value}": "3" for value in Value} | {"score_compassion": "5"}
    html = (
        client_as("recruiter_scas")
        .post(reverse("recruitment:interview-score", args=[interview.pk]), data)
        .content.decode()
    )
    assert "Select a valid choice" in html or "from 1 to 4" in html
    assert not interview.scores.exists()


def test_a_provider_sets_its_own_pipeline(client_as, world, consented, vacancy):
    from onramp.core.models import AuditEntry

    client = client_as("recruiter_scas")
    client.post(reverse("recruitment:pipeline-edit", args=[world.scas.pk]), {})
    application = services.refer(actor=world.admin, person=consented.kent, vacancy=vacancy)
    assert "screening" not in application.next_stages()
    page = client_as("admin").get(reverse("accounts:organisation-detail", args=[world.scas.pk])).content.decode()
    assert "Referred, interview scheduled" in page
    assert AuditEntry.objects.filter(action="pipeline.saved", actor=world.recruiter_scas).exists()
    assert (
        client_as("recruiter_care").get(reverse("recruitment:pipeline-edit", args=[world.scas.pk])).status_code == 404
    )
