"""Every write in recruitment: keyword arguments, one transaction, an audit entry; journey milestones through
``participants.services.record_event``. Bad input is refused with a message naming the field, nothing saved."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onramp.accounts.models import Organisation, User
from onramp.core import audit
from onramp.core.concurrency import next_version
from onramp.core.working_days import add_working_days
from onramp.journey.models import EventType
from onramp.journey.services import before_registration, record_event
from onramp.participants.models import ConsentPurpose, Programme, YoungPerson
from onramp.recruitment import notices, selectors
from onramp.recruitment.models import (
    CLOSED_STAGES,
    Application,
    ConsensusScore,
    EmploymentNeed,
    Entitlement,
    EntitlementStatus,
    Interview,
    InterviewKind,
    Offer,
    OfferStatus,
    PipelineSettings,
    Stage,
    StageChange,
    Vacancy,
    Value,
    ValuesScore,
)
from onramp.training.models import Cohort

VACANCY_FIELDS = ("title", "role", "band_or_pay", "hours", "location", "closing_on", "posts", "closed")


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


@transaction.atomic
def save_vacancy(
    *,
    actor: User,
    provider: Organisation,
    programmes: list[Programme],
    vacancy: Vacancy | None = None,
    expected_version: int | None = None,
    **values: Any,
) -> Vacancy:
    unknown = set(values) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"save_vacancy() got unexpected fields: {', '.join(sorted(unknown))}.")
    if provider.kind != "provider":
        raise ValidationError({"provider": "Vacancies belong to a provider"})
    created = vacancy is None
    vacancy = vacancy or Vacancy(provider=provider, created_by=actor)
    diff = {} if created else audit.changes(vacancy, values)
    if not created:
        next_version(vacancy, expected_version)  # refused if someone else saved it since the form was shown
    for field, value in values.items():
        setattr(vacancy, field, value)
    vacancy.full_clean()
    vacancy.save()
    vacancy.programmes.set(programmes)
    audit.record(actor=actor, action="vacancy.saved", target=vacancy, detail={"created": created, "changes": diff})
    return vacancy


def _has_sharing_consent(person: YoungPerson, provider: Organisation) -> bool:
    return person.consents.in_force().filter(purpose=ConsentPurpose.SHARE_WITH_EMPLOYER, organisation=provider).exists()


@transaction.atomic
def refer(
    *, actor: User, person: YoungPerson, vacancy: Vacancy, referred_on: datetime.date | None = None
) -> Application:
    """Refer a young person to a vacancy. Needs their consent to share their details with the provider, and that
    they count as eligible (``YoungPerson.require_eligible``)."""
    referred_on = _today(referred_on)
    if vacancy.closed:
        raise ValidationError({"vacancy": f"{vacancy.title} is closed: no more referrals"})
    if vacancy.closing_on < referred_on:
        raise ValidationError(
            {"vacancy": f"{vacancy.title} closed on {vacancy.closing_on.day} {vacancy.closing_on:%B %Y}"}
        )
    if Application.objects.filter(young_person=person, vacancy=vacancy).exists():
        raise ValidationError({"young_person": f"{person.full_name} has already been referred to {vacancy.title}"})
    person.require_eligible()
    if not _has_sharing_consent(person, vacancy.provider):
        raise ValidationError(
            {
                "young_person": f"Record {person.full_name}'s consent to share their details with "
                f"{vacancy.provider.name} before referring them"
            }
        )
    application = Application.objects.create(
        young_person=person, vacancy=vacancy, referred_on=referred_on, referred_by=actor
    )
    StageChange.objects.create(
        application=application, to_stage=Stage.REFERRED, changed_on=referred_on, changed_by=actor
    )
    audit.record(
        actor=actor,
        action="application.created",
        target=person,
        detail={"vacancy": vacancy.pk, "application": application.pk},
    )
    return application


@transaction.atomic
def move(
    *,
    actor: User,
    application: Application,
    to_stage: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> Application:
    """Move an application to one of its next stages (see ``Application.next_stages``). Unsuccessful and
    withdrawn need a reason. Interviews and offers have their own services, which move the stage themselves."""
    on = _today(on)
    allowed = application.next_stages()
    if to_stage not in allowed:
        words = ", ".join(Stage(stage).label.lower() for stage in allowed) or "nothing: it is closed"
        raise ValidationError({"to_stage": f"From {application.get_stage_display().lower()} it can move to {words}"})
    if to_stage in CLOSED_STAGES and not reason.strip():
        raise ValidationError({"reason": "Say why"})
    return _set_stage(actor=actor, application=application, to_stage=to_stage, reason=reason.strip(), on=on)


def _set_stage(*, actor: User, application: Application, to_stage: str, reason: str, on: datetime.date) -> Application:
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=to_stage,
        reason=reason,
        changed_on=on,
        changed_by=actor,
    )
    audit.record(
        actor=actor,
        action="application.moved",
        target=application.young_person,
        detail={"application": application.pk, "from": application.stage, "to": to_stage, "reason": reason},
    )
    application.stage = to_stage
    application.reason = reason if to_stage in CLOSED_STAGES else ""
    application.save(update_fields=["stage", "reason", "updated_at"])
    return application


# --- the guaranteed interview scheme ----------------------------------------------------------------------


@transaction.atomic
def grant_interview(
    *,
    actor: User | None,
    person: YoungPerson,
    provider: Organisation,
    granted_on: datetime.date,
    cohort: Cohort | None = None,
) -> Entitlement:
    """The guaranteed interview a completed course earns: with a provider, by a deadline in working days
    (the programme's setting; weekends and English bank holidays do not count). Writes ``interview_guaranteed``."""
    live = Entitlement.objects.filter(
        young_person=person, provider=provider, status__in=[EntitlementStatus.OPEN, EntitlementStatus.SCHEDULED]
    ).first()
    if live is not None:
        return live
    deadline = add_working_days(granted_on, person.programme.interview_deadline_working_days)
    entitlement = Entitlement.objects.create(
        young_person=person, provider=provider, cohort=cohort, granted_on=granted_on, deadline=deadline
    )
    record_event(
        actor=actor,
        person=person,
        type=EventType.INTERVIEW_GUARANTEED,
        occurred_on=granted_on,
        organisation=provider,
        cohort_id=cohort.pk if cohort is not None else None,
        detail=f"Interview by {deadline.isoformat()}",
    )
    audit.record(
        actor=actor,
        action="interview.granted",
        target=person,
        detail={"entitlement": entitlement.pk, "provider": provider.pk, "deadline": deadline.isoformat()},
    )
    return entitlement


@transaction.atomic
def withdraw_entitlement(*, actor: User, entitlement: Entitlement, reason: str) -> Entitlement:
    if not entitlement.is_live:
        raise ValidationError(
            {"reason": f"This guaranteed interview is already {entitlement.get_status_display().lower()}"}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the guaranteed interview is withdrawn"})
    entitlement.status = EntitlementStatus.WITHDRAWN
    entitlement.withdrawn_reason = reason.strip()
    entitlement.save(update_fields=["status", "withdrawn_reason"])
    audit.record(
        actor=actor,
        action="interview.withdrawn",
        target=entitlement.young_person,
        detail={"entitlement": entitlement.pk, "reason": entitlement.withdrawn_reason},
    )
    return entitlement


@transaction.atomic
def schedule_interview(
    *,
    actor: User,
    application: Application,
    held_on: datetime.date,
    kind: str = InterviewKind.FORMAL,
    panel: list[User] | None = None,
    guaranteed: bool = False,
    starts_at: datetime.time | None = None,
    place: str = "",
) -> Interview:
    """Schedule a screening or formal interview. A guaranteed one uses the young person's live entitlement
    with the provider; one that was withdrawn or already used cannot be scheduled. The young person is sent an
    invitation (when, where, whom to contact) once it is saved, unless the date has passed."""
    if application.stage in CLOSED_STAGES or application.stage == Stage.OFFERED:
        raise ValidationError(
            {"held_on": f"The application is {application.get_stage_display().lower()}: no more interviews"}
        )
    too_early = before_registration(person=application.young_person, day=held_on)
    if too_early:
        raise ValidationError({"held_on": too_early})
    entitlement = None
    if guaranteed:
        person, provider = application.young_person, application.vacancy.provider
        entitlement = (
            Entitlement.objects.filter(young_person=person, provider=provider).order_by("-granted_on", "-pk").first()
        )
        if entitlement is None:
            raise ValidationError(
                {"guaranteed": f"{person.full_name} has no guaranteed interview with {provider.name}"}
            )
        if entitlement.status == EntitlementStatus.WITHDRAWN:
            raise ValidationError(
                {
                    "guaranteed": f"{person.full_name}'s guaranteed interview with {provider.name} was withdrawn "
                    f"({entitlement.withdrawn_reason}): it cannot be scheduled"
                }
            )
        if entitlement.status == EntitlementStatus.FULFILLED:
            raise ValidationError({"guaranteed": "The guaranteed interview has already been held"})
    interview = Interview.objects.create(
        application=application,
        kind=kind,
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip(),
        entitlement=entitlement,
    )
    interview.panel.set(panel or [actor])
    if entitlement is not None:
        entitlement.status = EntitlementStatus.SCHEDULED
        entitlement.save(update_fields=["status"])
    wanted = Stage.SCREENING if kind == InterviewKind.SCREENING else Stage.INTERVIEW_SCHEDULED
    if application.stage != wanted and wanted in application.next_stages():
        _set_stage(actor=actor, application=application, to_stage=wanted, reason="", on=timezone.localdate())
    audit.record(
        actor=actor,
        action="interview.scheduled",
        target=application.young_person,
        detail={"interview": interview.pk, "kind": kind, "held_on": held_on.isoformat(), "guaranteed": guaranteed},
    )
    notices.interview_scheduled(interview)
    return interview


def _check_scores(scores: dict[str, tuple[Any, str]]) -> dict[str, str]:
    problems = {}
    for value in Value:
        if value not in scores:
            problems[f"score_{value}"] = f"Score {value.label.lower()} from 1 to 4"
            continue
        score, _ = scores[value]
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 4:
            problems[f"score_{value}"] = f"The score for {value.label.lower()} must be from 1 to 4"
    return problems


@transaction.atomic
def score_interview(
    *, actor: User, interview: Interview, interviewer: User, scores: dict[str, tuple[int, str]]
) -> list[ValuesScore]:
    """One interviewer's scores, 1 to 4 on each of the six values, with evidence. Scoring again replaces them."""
    problems = _check_scores(scores)
    if interview.held_on > timezone.localdate():
        problems["__all__"] = "An interview is scored after it is held"
    if problems:
        raise ValidationError(problems)
    interview.panel.add(interviewer)
    saved = []
    for value in Value:
        score, evidence = scores[value]
        item, _ = ValuesScore.objects.update_or_create(
            interview=interview,
            interviewer=interviewer,
            value=value,
            defaults={"score": score, "evidence": evidence.strip()},
        )
        saved.append(item)
    audit.record(
        actor=actor,
        action="interview.scored",
        target=interview.application.young_person,
        detail={"interview": interview.pk, "interviewer": interviewer.pk},
    )
    return saved


@transaction.atomic
def agree_consensus(*, actor: User, interview: Interview, scores: dict[str, tuple[int, str]]) -> list[ConsensusScore]:
    """The panel's agreed scores. The interview then counts as held: the application moves to interviewed,
    a guaranteed interview is fulfilled, and ``interview_attended`` is recorded on the journey."""
    problems = _check_scores(scores)
    if interview.held_on > timezone.localdate():
        problems["__all__"] = "The panel agrees its scores after the interview is held"
    if not interview.scores.exists():
        problems["__all__"] = "At least one interviewer scores the interview before the panel agrees"
    if problems:
        raise ValidationError(problems)
    first_time = not interview.consensus.exists()
    saved = []
    for value in Value:
        score, evidence = scores[value]
        item, _ = ConsensusScore.objects.update_or_create(
            interview=interview, value=value, defaults={"score": score, "evidence": evidence.strip()}
        )
        saved.append(item)
    application = interview.application
    if first_time:
        if interview.kind == InterviewKind.FORMAL and application.stage == Stage.INTERVIEW_SCHEDULED:
            _set_stage(
                actor=actor, application=application, to_stage=Stage.INTERVIEWED, reason="", on=interview.held_on
            )
        entitlement = interview.entitlement
        if entitlement is not None and entitlement.is_live:
            entitlement.status = EntitlementStatus.FULFILLED
            entitlement.fulfilled_on = interview.held_on
            entitlement.save(update_fields=["status", "fulfilled_on"])
        record_event(
            actor=actor,
            person=application.young_person,
            type=EventType.INTERVIEW_ATTENDED,
            occurred_on=interview.held_on,
            organisation=application.vacancy.provider,
            detail=interview.get_kind_display(),
            date_field="__all__",
        )
    audit.record(
        actor=actor,
        action="interview.consensus",
        target=application.young_person,
        detail={"interview": interview.pk, "total": sum(item.score for item in saved)},
    )
    return saved


# --- offers -----------------------------------------------------------------------------------------------


@transaction.atomic
def make_offer(
    *,
    actor: User,
    application: Application,
    role: str,
    hours: str,
    band_or_pay: str,
    made_on: datetime.date,
    proposed_start: datetime.date | None = None,
    conditional: bool = True,
) -> Offer:
    """A (usually conditional) offer after an interview; writes ``job_offered`` with the role. Refused for someone
    registered but not eligible (``YoungPerson.require_eligible``)."""
    vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)  # one offer at a time per vacancy
    if vacancy.closed:
        raise ValidationError({"__all__": f"{vacancy.title} is closed: no offers can be made"})
    if application.stage != Stage.INTERVIEWED:
        raise ValidationError(
            {"__all__": f"Offers follow an interview; this application is {application.get_stage_display().lower()}"}
        )
    taken = Offer.objects.filter(application__vacancy=vacancy).exclude(status=OfferStatus.DECLINED).count()
    if taken >= vacancy.posts:
        raise ValidationError({"__all__": f"All {vacancy.posts} posts of {vacancy.title} have been offered"})
    if proposed_start is not None and proposed_start < made_on:
        raise ValidationError({"proposed_start": "The proposed start date must be on or after the offer"})
    application.young_person.require_eligible(field="__all__")
    offer = Offer(
        application=application,
        role=role,
        hours=hours.strip(),
        band_or_pay=band_or_pay.strip(),
        proposed_start=proposed_start,
        conditional=conditional,
        made_on=made_on,
    )
    offer.full_clean()
    offer.save()
    record_event(
        actor=actor,
        person=application.young_person,
        type=EventType.JOB_OFFERED,
        occurred_on=made_on,
        role=role,
        organisation=vacancy.provider,
        date_field="made_on",
    )
    _set_stage(actor=actor, application=application, to_stage=Stage.OFFERED, reason="", on=made_on)
    audit.record(
        actor=actor,
        action="offer.made",
        target=application.young_person,
        detail={"offer": offer.pk, "role": role, "conditional": conditional},
    )
    return offer


@transaction.atomic
def answer_offer(
    *,
    actor: User,
    offer: Offer,
    accepted: bool,
    answered_on: datetime.date,
    reason: str = "",
    confirm_second_offer: bool = False,
) -> Offer:
    """The young person's answer. Accepting while another accepted offer is in force
    (``selectors.offers_in_force``: accepted, and its job not ended) is refused unless ``confirm_second_offer``
    says the second job is meant (two part-time jobs, say); the confirmation is kept in the audit entry."""
    if offer.status != OfferStatus.MADE:
        raise ValidationError({"accepted": f"The offer has already been {offer.get_status_display().lower()}"})
    if answered_on < offer.made_on:
        raise ValidationError({"answered_on": "The answer must be on or after the day of the offer"})
    if not accepted and not reason.strip():
        raise ValidationError({"reason": "Say why the offer was declined"})
    in_force = list(selectors.offers_in_force(offer.application.young_person, excluding=offer)) if accepted else []
    if in_force and not confirm_second_offer:
        first = in_force[0]
        since = f" on {first.answered_on.day} {first.answered_on:%B %Y}" if first.answered_on else ""
        raise ValidationError(
            {
                "confirm_second_offer": f"{offer.application.young_person.full_name} accepted an offer from "
                f"{first.application.vacancy.provider.name} ({first.get_role_display().lower()}){since} and that job "
                "has not ended: confirm that this second job is meant, or record leaving the first job before"
            }
        )
    offer.status = OfferStatus.ACCEPTED if accepted else OfferStatus.DECLINED
    offer.answered_on = answered_on
    offer.decline_reason = "" if accepted else reason.strip()
    offer.save(update_fields=["status", "answered_on", "decline_reason"])
    record_event(
        actor=actor,
        person=offer.application.young_person,
        type=EventType.OFFER_ACCEPTED if accepted else EventType.OFFER_DECLINED,
        occurred_on=answered_on,
        organisation=offer.application.vacancy.provider,
        detail=offer.decline_reason,
        subject=offer,
        date_field="answered_on",
    )
    audit.record(
        actor=actor,
        action="offer.answered",
        target=offer.application.young_person,
        detail={
            "offer": offer.pk,
            "accepted": accepted,
            "reason": offer.decline_reason,
            "second_offer_confirmed": [o.pk for o in in_force] if in_force else None,
        },
    )
    return offer


@transaction.atomic
def save_need(
    *,
    actor: User,
    provider: Organisation,
    role: str,
    number: int,
    needed_by: datetime.date | None = None,
    notes: str = "",
    need: EmploymentNeed | None = None,
) -> EmploymentNeed:
    created = need is None
    need = need or EmploymentNeed(provider=provider)
    values = {"provider": provider, "role": role, "number": number, "needed_by": needed_by, "notes": notes.strip()}
    diff = {} if created else audit.changes(need, values)
    for field, value in values.items():
        setattr(need, field, value)
    need.full_clean()
    need.save()
    audit.record(actor=actor, action="employment_need.saved", target=need, detail={"created": created, "changes": diff})
    return need


@transaction.atomic
def set_pipeline(*, actor: User, provider: Organisation, uses_screening: bool) -> PipelineSettings:
    settings_, _ = PipelineSettings.objects.get_or_create(provider=provider)
    old = settings_.uses_screening
    settings_.uses_screening = uses_screening
    settings_.save()
    audit.record(
        actor=actor,
        action="pipeline.saved",
        target=provider,
        detail={"uses_screening": {"old": old, "new": uses_screening}},
    )
    return settings_
