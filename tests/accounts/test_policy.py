"""The access policy's answers, persona by persona."""

import pytest

from onramp.accounts import policy
from onramp.accounts.models import Organisation, User


def names(queryset):
    return {organisation.name for organisation in queryset}


def test_a_coordinator_sees_their_icss_and_the_organisations_working_in_them(world):
    seen = names(policy.visible(world.coordinator_kent, Organisation))
    assert seen == {"NHS Kent and Medway ICB", "Weald Care Homes", "The Charity"}


def test_coordinators_in_different_icss_see_different_organisations(world):
    assert "NHS Kent and Medway ICB" not in names(policy.visible(world.coordinator_sussex, Organisation))
    assert "NHS Sussex ICB" not in names(policy.visible(world.coordinator_kent, Organisation))


def test_a_regional_lead_sees_every_ics_of_the_region_but_no_other(world):
    seen = names(policy.visible(world.regional_lead, Organisation))
    assert {"NHS Kent and Medway ICB", "NHS Sussex ICB", "NHS Frimley ICB", "South Central Ambulance Service"} <= seen
    assert "NHS North Central London ICB" not in seen
    assert "London Care" not in seen


def test_a_recruiter_sees_their_own_organisation_and_its_systems(world):
    assert names(policy.visible(world.recruiter_scas, Organisation)) == {
        "South Central Ambulance Service",
        "NHS Frimley ICB",
    }


@pytest.mark.parametrize("persona", ["funder", "young_person_a"])
def test_funders_and_young_people_see_no_other_organisation(world, persona):
    user = world.persona(persona)
    assert names(policy.visible(user, Organisation)) <= {"The Fund"}


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.visible(AnonymousUser(), Organisation).exists()
    assert not policy.allows(AnonymousUser(), "organisations.list")
    assert not policy.can(AnonymousUser(), "view", world.kent)


def test_an_inactive_account_is_refused_everything(world):
    world.admin.is_active = False
    world.admin.save()
    assert not policy.visible(world.admin, Organisation).exists()
    assert not policy.allows(world.admin, "users.manage")


def test_only_administrators_may_change_accounts(world):
    assert policy.can(world.admin, "change", world.coordinator_kent)
    assert not policy.can(world.regional_lead, "change", world.coordinator_kent)
    assert not policy.can(world.coordinator_kent, "change", world.coordinator_kent)


def test_people_see_only_their_own_account_unless_administrator(world):
    assert list(policy.visible(world.coordinator_kent, User)) == [world.coordinator_kent]
    assert policy.visible(world.admin, User).count() == User.objects.count()


def test_get_visible_or_404_hides_records_outside_scope(world):
    from django.http import Http404

    with pytest.raises(Http404):
        policy.get_visible_or_404(world.coordinator_sussex, Organisation, pk=world.kent.pk)
    assert policy.get_visible_or_404(world.coordinator_kent, Organisation, pk=world.kent.pk) == world.kent


def test_unknown_capabilities_and_actions_are_programming_errors(world):
    with pytest.raises(ValueError, match="Unknown capability"):
        policy.allows(world.admin, "nonsense")
    with pytest.raises(ValueError, match="Unknown action"):
        policy.can(world.admin, "explode", world.kent)


def test_a_model_without_a_registered_scope_is_refused_loudly(world):
    from onramp.core.models import AuditEntry

    with pytest.raises(ValueError, match="no scope for AuditEntry"):
        policy.visible(world.admin, AuditEntry)


def test_a_second_scope_or_other_actions_for_a_model_are_refused(world):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="already has a scope"):
        policy.scope_for(Organisation)(lambda user, queryset: queryset)
    with pytest.raises(ImproperlyConfigured, match="already has its actions"):
        policy.actions_for(Organisation, {"view": set()})
    assert policy.visible(world.coordinator_sussex, Organisation).filter(pk=world.kent.pk).exists() is False


def test_a_recruiter_sees_only_consenting_candidates_referred_to_them(world, people):
    import datetime

    from onramp.participants import services
    from onramp.participants.models import YoungPerson
    from onramp.recruitment import services as recruitment

    services.record_consent(
        actor=world.coordinator_kent,
        person=people.kent,
        purpose="share_with_employer",
        lawful_basis="consent",
        given_on=datetime.date(2024, 1, 10),
        organisation=world.scas,
    )
    assert not policy.visible(world.recruiter_scas, YoungPerson).exists()  # consent alone is not enough
    vacancy = recruitment.save_vacancy(
        actor=world.admin,
        provider=world.scas,
        programmes=[],
        title="Ambulance care assistant",
        role="ambulance",
        band_or_pay="Band 3",
        hours="37.5",
        location="Ashford",
        closing_on=datetime.date(2099, 1, 1),
        posts=1,
        closed=False,
    )
    recruitment.refer(actor=world.admin, person=people.kent, vacancy=vacancy)
    assert list(policy.visible(world.recruiter_scas, YoungPerson)) == [people.kent]
    assert not policy.visible(world.recruiter_care, YoungPerson).exists()
    consent = people.kent.consents.get(purpose="share_with_employer")
    services.withdraw_consent(actor=world.coordinator_kent, consent=consent, withdrawn_on=datetime.date(2024, 6, 1))
    assert not policy.visible(world.recruiter_scas, YoungPerson).exists()
