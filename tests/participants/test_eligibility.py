"""Eligibility: aged 16 to 30 on the registration date and living in one of the programme's ICSs."""

import datetime

import pytest

from onramp.participants import services
from onramp.participants.models import Programme, evaluate_eligibility

REGISTERED = datetime.date(2025, 6, 15)


def programme_covering(*codes):
    class Stub:
        min_age, max_age, require_residence_in_icss = 16, 30, True

    return Stub(), set(codes)


@pytest.mark.parametrize(
    ("born", "eligible"),
    [
        (datetime.date(2009, 6, 15), True),  # 16th birthday on the registration date
        (datetime.date(2009, 6, 16), False),  # the day before their 16th birthday
        (datetime.date(1994, 6, 16), True),  # the day before their 31st birthday
        (datetime.date(1994, 6, 15), False),  # their 31st birthday
    ],
)
def test_age_edges(born, eligible):
    programme, codes = programme_covering("QKS")
    result = evaluate_eligibility(
        programme=programme, date_of_birth=born, registered_on=REGISTERED, icb_ods="QKS", programme_ics_codes=codes
    )
    assert result.eligible is eligible


def test_reasons_are_plain_words():
    programme, codes = programme_covering("QKS")
    result = evaluate_eligibility(
        programme=programme,
        date_of_birth=datetime.date(1990, 1, 1),
        registered_on=REGISTERED,
        icb_ods="QRV",
        programme_ics_codes=codes,
    )
    assert result.reasons == [
        "They were 35 on the registration date: the programme is for people up to 30.",
        "They live in an integrated care system (QRV) that the programme does not cover.",
    ]


def test_a_leap_day_birthday():
    programme, codes = programme_covering("QKS")
    born = datetime.date(2008, 2, 29)
    assert not evaluate_eligibility(
        programme=programme,
        date_of_birth=born,
        registered_on=datetime.date(2024, 2, 28),
        icb_ods="QKS",
        programme_ics_codes=codes,
    ).eligible
    assert evaluate_eligibility(
        programme=programme,
        date_of_birth=born,
        registered_on=datetime.date(2024, 2, 29),
        icb_ods="QKS",
        programme_ics_codes=codes,
    ).eligible


def test_ineligible_registrations_are_kept_with_their_reason(world, people):
    person = services.register(
        actor=world.coordinator_kent,
        programme=people.programme,
        given_name="Cal",
        family_name="Reid",
        date_of_birth=datetime.date(2000, 1, 1),
        registered_on=datetime.date(2024, 3, 1),
        postcode="SW1A 1AA",
    )
    assert person.pk and person.eligible is False
    assert person.icb_ods == "QRV"
    assert person.eligibility_reasons == [
        "They live in an integrated care system (QRV) that the programme does not cover."
    ]
    assert person.events.get().type == "registered"


def test_a_new_postcode_is_kept_not_located_and_placed_by_the_ics_chosen(world, people):
    person = services.register(
        actor=world.coordinator_kent,
        programme=people.programme,
        given_name="Dee",
        family_name="Moss",
        date_of_birth=datetime.date(2001, 1, 1),
        registered_on=datetime.date(2024, 3, 1),
        postcode="ct1 9zz",
        ics=world.kent,
    )
    assert (person.postcode, person.located, person.ics, person.eligible) == ("CT1 9ZZ", False, world.kent, True)


def test_a_regional_lead_overrides_with_a_justification(world, people):
    person = services.register(
        actor=world.coordinator_kent,
        programme=people.programme,
        given_name="Eve",
        family_name="Lane",
        date_of_birth=datetime.date(1990, 1, 1),
        registered_on=datetime.date(2024, 3, 1),
        postcode="CT1 1DD",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.override_eligibility(actor=world.regional_lead, person=person, justification="ok")
    services.override_eligibility(
        actor=world.regional_lead, person=person, justification="Care leaver aged 35 referred by the ICB's own scheme."
    )
    assert person.counts_as_eligible and not person.eligible


def test_programme_rules_are_configurable(world, geography):
    programme = Programme.objects.create(name="Over 18s", min_age=18, max_age=24, require_residence_in_icss=False)
    person = services.register(
        actor=world.admin,
        programme=programme,
        given_name="Fin",
        family_name="Hart",
        date_of_birth=datetime.date(2007, 1, 1),
        registered_on=datetime.date(2024, 3, 1),
        postcode="SW1A 1AA",
    )
    assert person.eligibility_reasons == ["They were 17 on the registration date: the programme starts at 18."]


def test_the_caseload_filters_by_eligibility(client_as, world, people):
    from django.urls import reverse

    from onramp.site.selectors import CaseloadFilters, caseload

    def register(name, born):
        return services.register(
            actor=world.coordinator_kent,
            programme=people.programme,
            given_name=name,
            family_name="Smith",
            date_of_birth=born,
            registered_on=datetime.date(2024, 2, 1),
            postcode="CT1 1AA",
        )

    register("Kai", datetime.date(1991, 6, 1))  # 32: registered, not eligible
    lily = register("Lily", datetime.date(2008, 6, 1))  # 15, then overridden: counts as eligible
    services.override_eligibility(actor=world.regional_lead, person=lily, justification="Turns 16 next week: agreed.")

    def names(**query):
        filters = CaseloadFilters.from_query(query)
        return {person.given_name for person in caseload(user=world.admin, filters=filters)}

    assert names() == {"Aisha", "Ben", "Kai", "Lily"}
    assert names(eligibility="eligible") == {"Aisha", "Ben", "Lily"}
    assert names(eligibility="not_eligible") == {"Kai"}
    assert names(eligibility="nonsense") == names()
    client = client_as("coordinator_kent")
    html = client.get(reverse("site:caseload"), {"eligibility": "not_eligible"}).content.decode()
    assert "Kai Smith" in html and "Aisha Khan" not in html and "Lily Smith" not in html
    assert '<option value="not_eligible" selected>Registered, not eligible</option>' in html
    html = client.get(reverse("site:caseload"), {"eligibility": "eligible"}).content.decode()
    assert "Kai Smith" not in html and "Aisha Khan" in html and "Lily Smith" in html
