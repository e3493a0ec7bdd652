"""The six checks: each status change, what clearing needs, and the journey events they lead to."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from onramp.checks import services
from onramp.checks.models import CheckKind, CheckStatus
from onramp.journey.models import EventType

D = datetime.date


def check(offer, kind):
    return offer.checks.get(kind=kind)


def test_accepting_an_offer_opens_six_checks_and_onboarding(accepted_offer):
    assert sorted(accepted_offer.checks.values_list("kind", flat=True)) == sorted(CheckKind.values)
    tasks = {t.title: t.due_on for t in accepted_offer.onboarding.all()}
    assert tasks["ID badge"] == D(2024, 4, 28)  # 3 days before the proposed start
    assert len(tasks) == 6


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("not_started", "requested", True),
        ("not_started", "cleared", True),
        ("not_started", "needs_attention", False),
        ("requested", "in_progress", True),
        ("requested", "not_required", False),
        ("in_progress", "cleared", True),
        ("in_progress", "requested", False),
        ("needs_attention", "in_progress", True),
        ("cleared", "needs_attention", True),
        ("cleared", "requested", False),
        ("not_required", "in_progress", True),
    ],
)
def test_each_status_change(world, accepted_offer, start, target, allowed):
    item = check(accepted_offer, CheckKind.EMPLOYMENT_HISTORY)
    item.status = start
    item.blockers = "Waiting for a reference"
    item.save()
    if allowed:
        services.update_check(actor=world.recruiter_care, check=item, status=target, on=D(2024, 3, 20))
        assert item.history.last().to_status == target
    else:
        with pytest.raises(ValidationError, match="it can move to"):
            services.update_check(actor=world.recruiter_care, check=item, status=target, on=D(2024, 3, 20))


def test_clearing_needs_the_dbs_level_and_evidence_seen(world, accepted_offer):
    dbs = check(accepted_offer, CheckKind.CRIMINAL_RECORD)
    services.update_check(actor=world.recruiter_care, check=dbs, status="requested", on=D(2024, 3, 16))
    with pytest.raises(ValidationError, match="Choose the DBS level checked"):
        services.update_check(actor=world.recruiter_care, check=dbs, status="cleared", on=D(2024, 3, 30))
    services.update_check(
        actor=world.recruiter_care,
        check=dbs,
        status="cleared",
        on=D(2024, 3, 30),
        dbs_level="enhanced",
        barred_lists=True,
    )
    assert dbs.days_to_clear() == 14
    identity = check(accepted_offer, CheckKind.IDENTITY)
    services.update_check(actor=world.recruiter_care, check=identity, status="requested", on=D(2024, 3, 16))
    with pytest.raises(ValidationError, match="Say what evidence of identity was seen"):
        services.update_check(actor=world.recruiter_care, check=identity, status="cleared", on=D(2024, 3, 18))
    services.update_check(
        actor=world.coordinator_kent, check=identity, status="cleared", on=D(2024, 3, 18), evidence="Passport"
    )
    identity.refresh_from_db()
    assert (identity.evidence, identity.evidence_seen_by, identity.evidence_seen_on) == (
        "Passport",
        world.coordinator_kent,
        D(2024, 3, 18),
    )
    with pytest.raises(ValidationError, match="Say what needs attention"):
        services.update_check(actor=world.recruiter_care, check=identity, status="needs_attention", on=D(2024, 3, 19))


def test_overdue_after_15_working_days(world, accepted_offer):
    item = check(accepted_offer, CheckKind.WORK_HEALTH)
    services.update_check(actor=world.recruiter_care, check=item, status="requested", on=D(2024, 3, 18))
    assert not item.overdue(D(2024, 4, 9))  # 15 working days after 18 March, over Easter, is 10 April
    assert item.overdue(D(2024, 4, 11))


CLEARED_ON = D(2024, 4, 10)


def clear_all(world, offer, on=CLEARED_ON):
    for item in offer.checks.all():
        status = "not_required" if item.kind == CheckKind.REGISTRATION else "cleared"
        if status == "cleared":
            services.update_check(
                actor=world.recruiter_care, check=item, status="requested", on=on - datetime.timedelta(days=5)
            )
        services.update_check(
            actor=world.recruiter_care, check=item, status=status, on=on, dbs_level="enhanced", evidence="Seen"
        )


def test_all_checks_cleared_writes_the_event_once(world, people, accepted_offer):
    clear_all(world, accepted_offer)
    cleared = people.kent.events.counting().filter(type=EventType.CHECKS_CLEARED)
    assert cleared.count() == 1 and cleared.get().occurred_on == D(2024, 4, 10)


def test_a_start_before_checks_clear_needs_a_reason(world, people, accepted_offer):
    with pytest.raises(ValidationError, match="say why they are starting before"):
        services.confirm_start(actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1))
    employment = services.confirm_start(
        actor=world.coordinator_kent,
        offer=accepted_offer,
        started_on=D(2024, 5, 1),
        reason="DBS update service check done; certificate on its way",
    )
    assert employment.started_before_checks_reason.startswith("DBS update")
    started = people.kent.events.counting().get(type=EventType.STARTED_WORK)
    assert started.role == "care_worker" and "Started before checks cleared" in started.detail
    assert employment.check_ins.count() == 10
    with pytest.raises(ValidationError, match="already been recorded"):
        services.confirm_start(actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1))


def test_a_start_after_clearing_needs_no_reason(world, accepted_offer):
    clear_all(world, accepted_offer)
    for task in accepted_offer.onboarding.all():
        services.complete_task(actor=world.recruiter_care, task=task, done_on=D(2024, 4, 20))
    employment = services.confirm_start(actor=world.coordinator_kent, offer=accepted_offer, started_on=D(2024, 5, 1))
    assert employment.started_before_checks_reason == ""
    assert CheckStatus.CLEARED in set(accepted_offer.checks.values_list("status", flat=True))
