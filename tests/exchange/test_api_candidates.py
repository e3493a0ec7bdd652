"""A provider's recruiters read their candidates through the API: only those referred to them whose consent to share
stands, and only the fields an employer needs."""

import datetime

from onramp.accounts import tokens
from onramp.core.models import AuditEntry
from onramp.participants import services as participant_services


def _get(client, user, path):
    token = tokens.create_token(actor=None, user=user)
    return client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_recruiter_sees_their_candidate_with_the_fields_an_employer_needs(client, world, people, accepted_offer):
    listing = _get(client, world.recruiter_care, "/candidates").json()
    assert listing["count"] == 1
    (candidate,) = listing["items"]
    assert candidate == {
        "id": people.kent.pk,
        "given_name": "Aisha",
        "family_name": "Khan",
        "email": "aisha@example.org",
        "phone": "07700 900123",
        "applications": [
            {
                "id": accepted_offer.application.pk,
                "vacancy": "Care assistant",
                "stage": accepted_offer.application.get_stage_display(),
                "referred_on": accepted_offer.application.referred_on.isoformat(),
            }
        ],
        "guaranteed_interview_by": None,
    }
    one = _get(client, world.recruiter_care, f"/candidates/{people.kent.pk}")
    assert one.json() == candidate
    assert AuditEntry.objects.filter(action="young_person.viewed", actor=world.recruiter_care).exists()
    # Another employer's recruiter: none of theirs.
    assert _get(client, world.recruiter_scas, "/candidates").json()["count"] == 0
    assert _get(client, world.recruiter_scas, f"/candidates/{people.kent.pk}").status_code == 404


def test_withdrawn_consent_hides_the_candidate(client, world, people, accepted_offer):
    consent = people.kent.consents.get(purpose="share_with_employer")
    participant_services.withdraw_consent(
        actor=world.coordinator_kent, consent=consent, withdrawn_on=datetime.date(2024, 6, 1)
    )
    assert _get(client, world.recruiter_care, "/candidates").json()["count"] == 0
    assert _get(client, world.recruiter_care, f"/candidates/{people.kent.pk}").status_code == 404
