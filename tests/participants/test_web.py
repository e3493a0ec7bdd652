"""A coordinator's work through the web pages: register, record, consent, void; scope and audit."""

import datetime

from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.core.models import AuditEntry
from onramp.journey import services as journey_services
from onramp.journey.models import EventType
from onramp.participants import services
from onramp.participants.models import YoungPerson


def registration(people, **overrides):
    data = {
        "programme": people.programme.pk,
        "given_name": "Grace",
        "family_name": "Obi",
        "date_of_birth_day": "3",
        "date_of_birth_month": "9",
        "date_of_birth_year": "2005",
        "postcode": "ct11dj",
        "registered_on_day": "1",
        "registered_on_month": "10",
        "registered_on_year": "2025",
        "ethnic_group": "6",
        "referral_source": "jobcentre",
    }
    return data | overrides


def test_a_coordinator_registers_and_sees_the_outcome(client_as, world, people):
    client = client_as("coordinator_kent")
    response = client.post(reverse("participants:register"), registration(people), follow=True)
    person = YoungPerson.objects.get(given_name="Grace")
    html = response.content.decode()
    assert "Grace Obi is registered and eligible for South East pathway" in html
    assert person.postcode == "CT1 1DJ" and person.icb_ods == "QKS" and person.ics == world.kent
    assert "Decile 3: most deprived 20 to 30% of areas in England (quintile 2)" in html
    assert AuditEntry.objects.about(person).filter(action="young_person.registered").exists()


def test_registration_errors_name_each_field(client_as, world, people):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    html = (
        client_as("coordinator_kent")
        .post(
            reverse("participants:register"),
            registration(
                people,
                given_name="",
                postcode="not a postcode",
                date_of_birth_day=str(tomorrow.day),
                date_of_birth_month=str(tomorrow.month),
                date_of_birth_year=str(tomorrow.year),
            ),
        )
        .content.decode()
    )
    assert "There is a problem" in html
    assert "Enter their first name" in html
    assert "Enter a real postcode, like SW1A 1AA" in html
    assert "Date of birth must be today or in the past" in html
    assert not YoungPerson.objects.filter(family_name="Obi").exists()


def test_an_ineligible_registration_shows_the_reason(client_as, world, people):
    html = (
        client_as("coordinator_kent")
        .post(reverse("participants:register"), registration(people, date_of_birth_year="1980"), follow=True)
        .content.decode()
    )
    assert "is registered, but is not eligible" in html
    assert "the programme is for people up to 30" in html


def test_duplicates_warn_link_and_can_be_confirmed(client_as, world, people):
    client = client_as("coordinator_kent")
    data = registration(
        people,
        given_name="aisha",
        family_name="KHAN",
        date_of_birth_day="17",
        date_of_birth_month="5",
        date_of_birth_year="2004",
    )
    html = client.post(reverse("participants:register"), data).content.decode()
    assert "This may be someone already registered" in html
    assert reverse("site:record", args=[people.kent.pk]) in html
    assert YoungPerson.objects.filter(family_name__iexact="khan").count() == 1
    response = client.post(
        reverse("participants:register"), data | {"show_duplicate_confirmation": "1", "confirm_not_duplicate": "on"}
    )
    assert response.status_code == 302
    assert YoungPerson.objects.filter(family_name__iexact="khan").count() == 2


def test_same_phone_or_email_is_a_possible_duplicate(people):
    matches = YoungPerson.objects.possible_duplicates(
        given_name="", family_name="", date_of_birth=None, email="AISHA@example.org", phone=""
    )
    assert list(matches) == [people.kent]
    matches = YoungPerson.objects.possible_duplicates(
        given_name="", family_name="", date_of_birth=None, email="", phone="+44 7700 900123"
    )
    assert list(matches) == [people.kent]


def test_duplicates_in_another_caseload_are_counted_not_shown(client_as, world, people):
    html = (
        client_as("coordinator_sussex")
        .post(
            reverse("participants:register"),
            registration(
                people,
                given_name="Aisha",
                family_name="Khan",
                date_of_birth_day="17",
                date_of_birth_month="5",
                date_of_birth_year="2004",
                postcode="",
                ics=world.sussex.pk,
            ),
        )
        .content.decode()
    )
    assert "1 record with the same name and date of birth, email or phone is in a caseload you cannot see" in html
    assert reverse("site:record", args=[people.kent.pk]) not in html


def test_a_coordinator_in_another_ics_cannot_see_the_record(client_as, people):
    assert client_as("coordinator_sussex").get(reverse("site:record", args=[people.kent.pk])).status_code == 404
    html = client_as("coordinator_sussex").get(reverse("site:caseload")).content.decode()
    assert "Ben Carter" in html and "Aisha Khan" not in html


def test_viewing_a_record_is_audited(client_as, world, people):
    client_as("regional_lead").get(reverse("site:record", args=[people.kent.pk]))
    assert (
        AuditEntry.objects.about(people.kent).filter(action="young_person.viewed", actor=world.regional_lead).exists()
    )


def test_recording_a_milestone_and_the_order_message(client_as, world, people):
    client = client_as("coordinator_kent")
    url = reverse("site:record-event", args=[people.kent.pk])
    html = client.post(
        url,
        {
            "type": "started_work",
            "occurred_on_day": "1",
            "occurred_on_month": "4",
            "occurred_on_year": "2024",
            "role": "care_worker",
        },
    ).content.decode()
    assert "This would record a start before any job offer" in html
    response = client.post(
        url,
        {
            "type": "job_offered",
            "occurred_on_day": "1",
            "occurred_on_month": "3",
            "occurred_on_year": "2024",
            "role": "care_worker",
            "organisation": world.care.pk,
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "Offered a job since 1 March 2024" in html
    assert "Care worker at Weald Care Homes" in html


def test_void_and_correct_through_the_pages(client_as, world, people):
    offer = journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type="job_offered",
        occurred_on=datetime.date(2024, 3, 1),
        role="care_worker",
    )
    client = client_as("coordinator_kent")
    response = client.post(
        reverse("site:void-event", args=[people.kent.pk, offer.pk]), {"reason": "Wrong role", "replace": "on"}
    )
    assert f"corrects={offer.pk}" in response["Location"]
    response = client.post(
        response["Location"].split("?")[0],
        {
            "corrects": offer.pk,
            "reason": "Wrong role",
            "type": "job_offered",
            "occurred_on_day": "1",
            "occurred_on_month": "3",
            "occurred_on_year": "2024",
            "role": "healthcare_assistant",
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.is_void
    html = client.get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "<del>" in html and "Void: Wrong role" in html and "a correction" in html


def test_consent_withdrawal_takes_effect_everywhere_at_once(client_as, world, people):
    client = client_as("coordinator_kent")
    client.post(
        reverse("participants:add-consent", args=[people.kent.pk]),
        {
            "purpose": "share_with_employer",
            "organisation": world.care.pk,
            "lawful_basis": "consent",
            "given_on_day": "10",
            "given_on_month": "1",
            "given_on_year": "2024",
        },
    )
    consent = people.kent.consents.get()
    assert not policy.visible(world.recruiter_care, YoungPerson).exists()  # consent, but no referral yet
    import datetime

    from onramp.recruitment import services as recruitment

    vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.care,
        programmes=[],
        title="Care assistant",
        role="care_worker",
        band_or_pay="£12.60 an hour",
        hours="37.5",
        location="Canterbury",
        closing_on=datetime.date(2099, 1, 1),
        posts=1,
        closed=False,
    )
    recruitment.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    assert list(policy.visible(world.recruiter_care, YoungPerson)) == [people.kent]
    assert not policy.visible(world.recruiter_scas, YoungPerson).exists()
    client.post(
        reverse("participants:withdraw-consent", args=[people.kent.pk, consent.pk]),
        {
            "withdrawn_on_day": "1",
            "withdrawn_on_month": "2",
            "withdrawn_on_year": "2024",
        },
    )
    consent.refresh_from_db()
    assert not consent.in_force and consent.withdrawn_by == world.coordinator_kent
    assert not policy.visible(world.recruiter_care, YoungPerson).exists()
    html = client.get(reverse("site:record", args=[people.kent.pk])).content.decode()
    assert "Withdrawn 1 February 2024" in html


def test_consent_for_an_employer_must_name_it(client_as, people):
    html = (
        client_as("coordinator_kent")
        .post(
            reverse("participants:add-consent", args=[people.kent.pk]),
            {
                "purpose": "share_with_employer",
                "lawful_basis": "consent",
                "given_on_day": "10",
                "given_on_month": "1",
                "given_on_year": "2024",
            },
        )
        .content.decode()
    )
    assert "Choose the employer it may be shared with" in html


def test_caseload_filters_and_search(client_as, world, people):
    journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type="job_offered",
        occurred_on=datetime.date(2024, 3, 1),
        role="care_worker",
        organisation=world.care,
    )
    client = client_as("regional_lead")
    html = client.get(reverse("site:caseload"), {"stage": "job_offered"}).content.decode()
    assert "Aisha Khan" in html and "Ben Carter" not in html
    html = client.get(reverse("site:caseload"), {"q": "KM-001"}).content.decode()
    assert "Aisha Khan" in html and "Ben Carter" not in html
    html = client.get(reverse("site:caseload"), {"provider": world.care.pk}).content.decode()
    assert "Aisha Khan" in html and "Ben Carter" not in html
    html = client.get(reverse("site:caseload"), {"ics": world.sussex.pk}).content.decode()
    assert "Ben Carter" in html and "Aisha Khan" not in html


def test_caseload_query_count_does_not_grow_with_people(client_as, world, people, django_assert_max_num_queries):
    for n in range(15):
        services.register(
            actor=world.admin,
            programme=people.programme,
            given_name=f"P{n}",
            family_name="Test",
            date_of_birth=datetime.date(2003, 1, 1),
            registered_on=datetime.date(2024, 1, 1),
            ics=world.kent,
        )
    client = client_as("coordinator_kent")
    with django_assert_max_num_queries(12):
        client.get(reverse("site:caseload"))


def test_record_query_count_does_not_grow_with_the_journey(client_as, world, people, django_assert_max_num_queries):
    """The record reads each kind of thing once, however many events (voided or not) the person has; someone with
    no plan yet costs no query for plan reviews."""
    client = client_as("coordinator_kent")
    url = reverse("site:record", args=[people.kent.pk])
    with django_assert_max_num_queries(16) as short:
        assert client.get(url).status_code == 200
    assert not any("plans_planreview" in query["sql"] for query in short.captured_queries)
    for day in range(1, 8):
        event = journey_services.record_event(
            actor=world.admin,
            person=people.kent,
            type=EventType.COURSE_STARTED,
            occurred_on=datetime.date(2024, 2, day),
            organisation=world.care,
            check=False,
        )
        journey_services.void_event(actor=world.admin, event=event, reason=f"Mistake {day}")
    with django_assert_max_num_queries(len(short.captured_queries)) as long:
        html = client.get(url).content.decode()
    assert "Void: Mistake 7" in html and "Void: Mistake 1" in html
    assert len(long.captured_queries) == len(short.captured_queries)


def test_changing_details_re_enriches_and_hides_special_category_values(client_as, world, people):
    client = client_as("coordinator_kent")
    data = {
        "given_name": "Aisha",
        "family_name": "Khan",
        "date_of_birth_day": "17",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2004",
        "postcode": "TN1 1AG",
        "ethnic_group": "3",
        "email": "aisha@example.org",
    }
    assert client.post(reverse("participants:edit", args=[people.kent.pk]), data).status_code == 302
    people.kent.refresh_from_db()
    assert (people.kent.postcode, people.kent.lsoa21, people.kent.ethnic_group) == ("TN1 1AG", "E01035012", "3")
    entry = AuditEntry.objects.about(people.kent).get(action="young_person.updated")
    assert entry.detail["ethnic_group"] == {"old": "(recorded)", "new": "(changed)"}
    assert entry.detail["postcode"] == {"old": "CT1 1AA", "new": "TN1 1AG"}


def test_the_caseload_page_shows_what_the_caseload_selector_computes(world, people):
    """The page reads each row's stage, next action and latest check-in in three queries for the page's people;
    they must be what ``selectors.caseload`` (the exports) computes with its subqueries, voids and plans included."""
    from onramp.plans import services as plans
    from onramp.site import selectors

    offer = journey_services.record_event(
        actor=world.coordinator_kent,
        person=people.kent,
        type="job_offered",
        occurred_on=datetime.date(2024, 3, 1),
        role="care_worker",
        organisation=world.care,
    )
    journey_services.void_event(actor=world.coordinator_kent, event=offer, reason="Typed on the wrong record")
    plans.agree_plan(
        actor=world.coordinator_kent,
        person=people.kent,
        barriers=[],
        barrier_notes="",
        goals="Goals",
        agreed_on=datetime.date(2024, 1, 20),
    )
    for description, due_on in [("Mock interview", datetime.date(2024, 3, 1)), ("Bus pass", datetime.date(2024, 2, 1))]:
        plans.add_action(
            actor=world.coordinator_kent,
            person=people.kent,
            description=description,
            owner="young_person",
            due_on=due_on,
            agreed_on=datetime.date(2024, 1, 20),
        )
    columns = ("pk", "stage", "stage_on", "next_action", "next_action_due", "latest_check_in")
    for persona in ("regional_lead", "admin", "coordinator_kent"):
        user = world.persona(persona)
        for filters in (selectors.CaseloadFilters(), selectors.CaseloadFilters(overdue=True)):
            page = selectors.caseload_page(user=user, filters=filters, number=1)
            expected = [tuple(getattr(p, c) for c in columns) for p in selectors.caseload(user=user, filters=filters)]
            assert [tuple(getattr(p, c) for c in columns) for p in page.object_list] == expected
            assert expected
    page = selectors.caseload_page(user=world.coordinator_kent, filters=selectors.CaseloadFilters(), number=1)
    kent = next(p for p in page.object_list if p.pk == people.kent.pk)
    assert (kent.stage, kent.next_action) == ("plan_agreed", "Bus pass")
