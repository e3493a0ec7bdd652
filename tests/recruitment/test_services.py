"""Referrals, the pipeline, the guaranteed interview, values scores and offers: rules and refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from onramp.journey.models import EventType
from onramp.recruitment import selectors, services
from onramp.recruitment.models import EntitlementStatus, PipelineSettings, Stage, Value

D = datetime.date
ALL_THREES = {value: (3, "Clear example") for value in Value}


def test_referral_needs_consent_and_an_open_vacancy(world, people, vacancy):
    with pytest.raises(ValidationError, match="consent to share their details with South Central"):
        services.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy)
    vacancy.closing_on = D(2024, 1, 31)
    with pytest.raises(ValidationError, match="closed on 31 January 2024"):
        services.refer(actor=world.coordinator_kent, person=people.kent, vacancy=vacancy, referred_on=D(2024, 2, 1))


def test_the_pipeline_follows_the_provider_settings(world, consented, vacancy):
    application = services.refer(actor=world.coordinator_kent, person=consented.kent, vacancy=vacancy)
    assert application.next_stages() == ["screening", "interview_scheduled", "unsuccessful", "withdrawn"]
    PipelineSettings.objects.create(provider=world.scas, uses_screening=False)
    assert application.next_stages() == ["interview_scheduled", "unsuccessful", "withdrawn"]
    with pytest.raises(ValidationError, match="can move to interview scheduled, unsuccessful, withdrawn"):
        services.move(actor=world.recruiter_scas, application=application, to_stage="offered")
    with pytest.raises(ValidationError, match="Say why"):
        services.move(actor=world.recruiter_scas, application=application, to_stage="withdrawn")
    services.move(actor=world.recruiter_scas, application=application, to_stage="withdrawn", reason="Took a job")
    assert application.next_stages() == []
    assert [c.to_stage for c in application.history.all()] == ["referred", "withdrawn"]


def test_a_guaranteed_interview_deadline_counts_working_days(world, people):
    entitlement = services.grant_interview(
        actor=world.coordinator_kent, person=people.kent, provider=world.scas, granted_on=D(2024, 3, 28)
    )
    # 20 working days from Thursday 28 March 2024, over Good Friday and Easter Monday: Monday 29 April.
    assert entitlement.deadline == D(2024, 4, 29)
    assert people.kent.events.counting().filter(type=EventType.INTERVIEW_GUARANTEED).count() == 1
    again = services.grant_interview(
        actor=world.coordinator_kent, person=people.kent, provider=world.scas, granted_on=D(2024, 4, 2)
    )
    assert again.pk == entitlement.pk  # one live entitlement per provider


def test_a_withdrawn_entitlement_cannot_be_scheduled(world, consented, vacancy):
    entitlement = services.grant_interview(
        actor=world.coordinator_kent, person=consented.kent, provider=world.scas, granted_on=D(2024, 3, 8)
    )
    services.withdraw_entitlement(actor=world.coordinator_kent, entitlement=entitlement, reason="Moved away")
    application = services.refer(actor=world.coordinator_kent, person=consented.kent, vacancy=vacancy)
    with pytest.raises(ValidationError, match="was withdrawn \\(Moved away\\): it cannot be scheduled"):
        services.schedule_interview(
            actor=world.recruiter_scas, application=application, held_on=D(2024, 3, 20), guaranteed=True
        )
    assert not application.interviews.exists()


def interviewed(world, person, vacancy):
    entitlement = services.grant_interview(
        actor=world.coordinator_kent, person=person, provider=world.scas, granted_on=D(2024, 3, 8)
    )
    application = services.refer(actor=world.coordinator_kent, person=person, vacancy=vacancy)
    interview = services.schedule_interview(
        actor=world.recruiter_scas, application=application, held_on=D(2024, 3, 20), guaranteed=True
    )
    entitlement.refresh_from_db()
    assert entitlement.status == EntitlementStatus.SCHEDULED
    return application, interview, entitlement


def test_scores_from_1_to_4_then_the_panel_agrees(world, consented, vacancy):
    application, interview, entitlement = interviewed(world, consented.kent, vacancy)
    bad = {**ALL_THREES, Value.COMPASSION: (5, "")}
    with pytest.raises(ValidationError) as refused:
        services.score_interview(
            actor=world.recruiter_scas, interview=interview, interviewer=world.recruiter_scas, scores=bad
        )
    assert refused.value.message_dict == {"score_compassion": ["The score for compassion must be from 1 to 4"]}
    assert not interview.scores.exists()
    with pytest.raises(ValidationError, match="At least one interviewer scores"):
        services.agree_consensus(actor=world.recruiter_scas, interview=interview, scores=ALL_THREES)
    services.score_interview(
        actor=world.recruiter_scas, interview=interview, interviewer=world.recruiter_scas, scores=ALL_THREES
    )
    services.agree_consensus(actor=world.recruiter_scas, interview=interview, scores=ALL_THREES)
    application.refresh_from_db()
    entitlement.refresh_from_db()
    assert application.stage == Stage.INTERVIEWED
    assert entitlement.status == EntitlementStatus.FULFILLED and entitlement.fulfilled_on == D(2024, 3, 20)
    assert consented.kent.events.counting().filter(type=EventType.INTERVIEW_ATTENDED).count() == 1
    [row] = selectors.fulfilment(selectors.entitlements(world.admin))
    assert (row.granted, row.fulfilled, row.on_time, row.rate, row.median_working_days) == (1, 1, 1, 1.0, 8)


def test_calibration_compares_each_interviewer_with_the_panel(world, consented, vacancy):
    _, interview, _ = interviewed(world, consented.kent, vacancy)
    generous = {**ALL_THREES, Value.COMPASSION: (4, ""), Value.EVERYONE_COUNTS: (4, "")}
    harsh = {**ALL_THREES, Value.IMPROVING_LIVES: (1, "")}
    services.score_interview(actor=world.admin, interview=interview, interviewer=world.recruiter_scas, scores=generous)
    services.score_interview(actor=world.admin, interview=interview, interviewer=world.coordinator_kent, scores=harsh)
    services.agree_consensus(actor=world.admin, interview=interview, scores=ALL_THREES)
    rows = {row.interviewer.username: row for row in selectors.calibration(interview.__class__.objects.all())}
    scas, kent = rows["employer-scas"], rows["coordinator-kent"]
    assert (scas.scores, scas.mean_difference, scas.mean_absolute_difference, scas.agreement) == (6, 0.33, 0.33, 0.6667)
    assert (kent.mean_difference, kent.mean_absolute_difference, kent.agreement) == (-0.33, 0.33, 0.8333)


def test_offers_need_an_interview_an_open_vacancy_and_a_free_post(world, consented, people, vacancy):
    application, interview, _ = interviewed(world, consented.kent, vacancy)
    offer_args = {"role": "other", "hours": "37.5", "band_or_pay": "Band 3", "made_on": D(2024, 3, 22)}
    with pytest.raises(ValidationError, match="Offers follow an interview"):
        services.make_offer(actor=world.recruiter_scas, application=application, **offer_args)
    services.score_interview(
        actor=world.recruiter_scas, interview=interview, interviewer=world.recruiter_scas, scores=ALL_THREES
    )
    services.agree_consensus(actor=world.recruiter_scas, interview=interview, scores=ALL_THREES)
    vacancy.closed = True
    vacancy.save()
    with pytest.raises(ValidationError, match="is closed: no offers can be made"):
        services.make_offer(actor=world.recruiter_scas, application=application, **offer_args)
    vacancy.closed = False
    vacancy.save()
    offer = services.make_offer(actor=world.recruiter_scas, application=application, **offer_args)
    with pytest.raises(ValidationError, match="Say why the offer was declined"):
        services.answer_offer(actor=world.coordinator_kent, offer=offer, accepted=False, answered_on=D(2024, 3, 25))
    services.answer_offer(actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 3, 25))
    types = list(consented.kent.events.counting().order_by("occurred_on", "position").values_list("type", flat=True))
    assert types[-4:] == ["interview_guaranteed", "interview_attended", "job_offered", "offer_accepted"]
    assert consented.kent.events.get(type="job_offered").organisation == world.scas
    with pytest.raises(ValidationError, match="already been accepted"):
        services.answer_offer(actor=world.coordinator_kent, offer=offer, accepted=True, answered_on=D(2024, 3, 26))


def test_flags_for_guaranteed_interviews_near_or_past_their_deadline(world, people):
    entitlement = services.grant_interview(
        actor=world.coordinator_kent, person=people.kent, provider=world.scas, granted_on=D(2024, 3, 28)
    )
    assert selectors.needing_attention(selectors.entitlements(world.admin), today=D(2024, 4, 15)) == []
    [near] = selectors.needing_attention(selectors.entitlements(world.admin), today=D(2024, 4, 22))
    assert near.words == "5 working days left" and not near.overdue
    [late] = selectors.needing_attention(selectors.entitlements(world.admin), today=D(2024, 4, 30))
    assert late.words == "1 working day past the deadline" and late.overdue
    assert late.entitlement == entitlement


def test_reminders_go_to_both_sides_key_contacts(
    world, people, settings, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    from onramp.accounts import services as account_services

    granted = D.today() - datetime.timedelta(days=40)
    services.grant_interview(actor=world.coordinator_kent, person=people.kent, provider=world.scas, granted_on=granted)
    out, err = io.StringIO(), io.StringIO()
    call_command("remind", "interviews", stdout=out, stderr=err)
    assert "no key contact with an email address" in err.getvalue()
    for role, email in [("recruiting_manager", "rm@scas.example"), ("charity_lead", "lead@charity.example")]:
        account_services.add_contact(actor=world.admin, organisation=world.scas, role=role, name=role, email=email)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "interviews", stdout=out, stderr=err)
    assert sorted(message.to[0] for message in mailoutbox) == ["lead@charity.example", "rm@scas.example"]
    for message in mailoutbox:
        assert "1 guaranteed interview is near or past the deadline (1 past it)" in message.body
        assert "Aisha" not in message.body
