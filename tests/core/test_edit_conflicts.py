"""Optimistic locking: two people editing the same record, the second gets a clear conflict and nothing is lost.

Each edit form carries the version of the record it was shown; saving is refused if the record has moved on since.
The API does the same with ETag and If-Match."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from onramp.core.concurrency import CONFLICT_MESSAGE, EditConflict

D = datetime.date
CONFLICT = "Someone else changed this record while you were editing it"


def _version_on(html: str) -> str:
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', html)
    assert match, "the edit form carries no version"
    return match.group(1)


def _details(**changes: str) -> dict[str, str]:
    return {
        "given_name": "Aisha",
        "family_name": "Khan",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2004",
        "postcode": "CT1 1AA",
        "email": "aisha@example.org",
        "phone": "07700 900123",
        **changes,
    }


def test_the_second_person_to_save_a_young_persons_details_gets_a_conflict(client, world, people):
    url = reverse("participants:edit", args=[people.kent.pk])
    client.force_login(world.coordinator_kent)
    coordinators_version = _version_on(client.get(url).content.decode())
    client.force_login(world.regional_lead)
    leads_version = _version_on(client.get(url).content.decode())
    assert coordinators_version == leads_version

    # The lead saves first: a new phone number.
    assert client.post(url, _details(phone="07700 900999", version=leads_version)).status_code == 302

    # The coordinator saves a new e-mail address on the form they opened before: refused, nothing overwritten.
    client.force_login(world.coordinator_kent)
    response = client.post(url, _details(email="aisha.khan@example.org", version=coordinators_version))
    html = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in html
    people.kent.refresh_from_db()
    assert (people.kent.phone, people.kent.email) == ("07700 900999", "aisha@example.org")
    # Their own change is shown so that it is not lost; the form now shows the record as saved, at its new version.
    assert "Your changes that were not saved" in html
    assert "aisha.khan@example.org" in html and "07700 900999" in html
    assert _version_on(html) == str(int(coordinators_version) + 1)

    # Made again on the form as it is now, it is saved, keeping the lead's change too.
    response = client.post(
        url, _details(email="aisha.khan@example.org", phone="07700 900999", version=_version_on(html))
    )
    assert response.status_code == 302
    people.kent.refresh_from_db()
    assert (people.kent.phone, people.kent.email) == ("07700 900999", "aisha.khan@example.org")


def test_changes_made_elsewhere_also_conflict_with_an_open_form(client, world, people):
    """An import, the young person's own page or an erasure moves the record on: a form opened before it is
    refused rather than writing old details back."""
    from onramp.participants import services

    url = reverse("participants:edit", args=[people.kent.pk])
    client.force_login(world.coordinator_kent)
    version = _version_on(client.get(url).content.decode())
    services.update_details(actor=world.young_person_a, person=people.kent, phone="07700 900555")
    response = client.post(url, _details(version=version))
    assert CONFLICT in response.content.decode()
    people.kent.refresh_from_db()
    assert people.kent.phone == "07700 900555"


def test_the_service_refuses_a_stale_version_and_writes_nothing(world, people):
    from onramp.core.models import AuditEntry
    from onramp.participants import services

    person = people.kent
    assert person.version == 1
    services.update_details(actor=world.coordinator_kent, person=person, phone="07700 900111", expected_version=1)
    assert person.version == 2
    audit_entries = AuditEntry.objects.count()
    stale = type(person).objects.get(pk=person.pk)
    stale.version = 1
    with pytest.raises(EditConflict) as refused:
        services.update_details(
            actor=world.regional_lead,
            person=stale,
            registered_on=D(2024, 1, 11),
            phone="07700 900222",
            expected_version=1,
        )
    assert refused.value.messages == [CONFLICT_MESSAGE]
    person.refresh_from_db()
    assert (person.phone, person.version, person.registered_on) == ("07700 900111", 2, D(2024, 1, 10))
    assert AuditEntry.objects.count() == audit_entries
    assert person.events.filter(type="registered").count() == 1  # the registration move was rolled back too


def test_erasure_and_an_eligibility_override_move_the_version_on(world, people):
    from onramp.participants import erasure, services

    services.override_eligibility(
        actor=world.regional_lead, person=people.sussex, justification="Agreed with the funder in writing."
    )
    people.sussex.refresh_from_db()
    assert people.sussex.version == 2
    erasure.erase(actor=world.admin, person=people.kent, reason="Asked to be forgotten")
    people.kent.refresh_from_db()
    assert people.kent.version == 2


def _vacancy(world, people):
    from onramp.recruitment import services

    return services.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[people.programme],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5 hours a week",
        location="Canterbury",
        closing_on=D(2099, 12, 31),
        posts=2,
        closed=False,
    )


def _vacancy_form(world, people, version: str, **changes: str) -> dict[str, object]:
    return {
        "provider": world.care.pk,
        "title": "Care assistant",
        "role": "care_worker",
        "band_or_pay": "£12.60 an hour",
        "hours": "37.5 hours a week",
        "location": "Canterbury",
        "closing_on_day": "31",
        "closing_on_month": "12",
        "closing_on_year": "2099",
        "posts": "2",
        "programmes": [people.programme.pk],
        "version": version,
        **changes,
    }


def test_the_second_person_to_save_a_vacancy_gets_a_conflict(client, world, people):
    vacancy = _vacancy(world, people)
    url = reverse("recruitment:vacancy-edit", args=[vacancy.pk])
    client.force_login(world.recruiter_care)
    recruiters_version = _version_on(client.get(url).content.decode())
    client.force_login(world.admin)
    admins_version = _version_on(client.get(url).content.decode())

    assert client.post(url, _vacancy_form(world, people, admins_version, posts="5")).status_code == 302
    client.force_login(world.recruiter_care)
    response = client.post(url, _vacancy_form(world, people, recruiters_version, location="Dover"))
    html = response.content.decode()
    assert response.status_code == 200 and CONFLICT in html
    assert "Your changes that were not saved" in html and "Dover" in html
    vacancy.refresh_from_db()
    assert (vacancy.posts, vacancy.location) == (5, "Canterbury")
    response = client.post(url, _vacancy_form(world, people, _version_on(html), posts="5", location="Dover"))
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.posts, vacancy.location) == (5, "Dover")


def _programme_form(world, version: str, **changes: object) -> dict[str, object]:
    return {
        "name": "South East pathway",
        "icss": [world.kent.pk, world.sussex.pk, world.frimley.pk],
        "min_age": 16,
        "max_age": 30,
        "interview_deadline_working_days": 20,
        "check_in_schedule": "week 1, month 1, month 3, month 6, month 12",
        "version": version,
        **changes,
    }


def test_the_second_person_to_save_a_programme_gets_a_conflict(client, world, people):
    url = reverse("participants:programme-edit", args=[people.programme.pk])
    client.force_login(world.admin)
    admins_version = _version_on(client.get(url).content.decode())
    client.force_login(world.regional_lead)
    leads_version = _version_on(client.get(url).content.decode())

    assert client.post(url, _programme_form(world, leads_version, max_age=24)).status_code == 302
    client.force_login(world.admin)
    response = client.post(url, _programme_form(world, admins_version, interview_deadline_working_days=15))
    html = response.content.decode()
    assert response.status_code == 200 and CONFLICT in html
    people.programme.refresh_from_db()
    assert (people.programme.max_age, people.programme.interview_deadline_working_days) == (24, 20)


def test_api_patch_with_if_match_refuses_a_stale_version(client, world, people):
    from onramp.accounts.tokens import create_token

    headers = {"Authorization": f"Bearer {create_token(actor=None, user=world.coordinator_kent)}"}
    url = f"/api/v1/participants/{people.kent.pk}"
    etag = client.get(url, headers=headers)["ETag"]
    assert etag == '"1"'

    # Someone else changes the record; a PATCH based on what was read before is refused with 412.
    response = client.patch(url, {"phone": "07700 900777"}, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response["ETag"] == '"2"'
    response = client.patch(
        url, {"email": "new@example.org"}, content_type="application/json", headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    assert "changed this record since you read it" in response.json()["detail"]
    people.kent.refresh_from_db()
    assert (people.kent.email, people.kent.phone) == ("aisha@example.org", "07700 900777")

    # With the current ETag it is saved.
    etag = client.get(url, headers=headers)["ETag"]
    response = client.patch(
        url, {"email": "new@example.org"}, content_type="application/json", headers={**headers, "If-Match": etag}
    )
    assert response.status_code == 200 and response["ETag"] == '"3"'
    people.kent.refresh_from_db()
    assert (people.kent.email, people.kent.phone) == ("new@example.org", "07700 900777")
