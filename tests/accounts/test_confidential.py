"""The confidentiality rule of the access policy: registered once per app, applied by ``policy.visible``."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from onramp.accounts import policy
from onramp.checks import services as checks
from onramp.grants.models import Grant
from onramp.participants.models import YoungPerson
from onramp.plans.models import DevelopmentPlan
from onramp.support.models import CheckIn


def test_each_app_registers_what_a_young_person_tells_staff():
    assert {"ethnic_group", "disability"} <= set(policy.CONFIDENTIAL[YoungPerson].fields)
    assert set(policy.CONFIDENTIAL[DevelopmentPlan].fields) == {"barriers", "barrier_notes", "goals"}
    assert policy.CONFIDENTIAL[Grant].fields == ("need",)
    assert policy.CONFIDENTIAL[CheckIn].rows is not None  # the young person's side, as whole rows


def test_a_second_different_registration_is_refused_and_a_mistyped_field_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        policy.confidential(Grant, "need", "amount")
    with pytest.raises(Exception, match="no field named"):
        policy.confidential(Grant, "needs")


def test_an_employer_reads_the_candidate_but_not_their_equality_answers(world, people, accepted_offer):
    YoungPerson.objects.filter(pk=people.kent.pk).update(ethnic_group="31", disability="yes")
    seen = policy.visible(world.recruiter_care, YoungPerson).get(pk=people.kent.pk)
    assert (seen.given_name, seen.ethnic_group, seen.disability) == ("Aisha", "", "")
    with pytest.raises(PermissionDenied):
        seen.save()  # it would write the blanks over the answers
    staff = policy.visible(world.coordinator_kent, YoungPerson).get(pk=people.kent.pk)
    assert (staff.ethnic_group, staff.disability) == ("31", "yes")
    staff.save(update_fields=["disability"])


def test_an_employer_gets_its_own_side_of_the_check_ins_only(world, people, accepted_offer):
    job = checks.confirm_start(
        actor=world.coordinator_kent, offer=accepted_offer, started_on=accepted_offer.made_on, reason="Agreed"
    )
    assert {c.party for c in policy.visible(world.coordinator_kent, job.check_ins.all())} == {
        "employer",
        "young_person",
    }
    assert {c.party for c in policy.visible(world.recruiter_care, job.check_ins.all())} == {"employer"}
    assert not policy.visible(world.funder, CheckIn).exists()
