"""The demo programme's support after the offer: mentors, a wellbeing survey,
and, for the offers mirrored by ``recruitment.demo`` that were accepted, the six checks, onboarding, the start
and the check-ins held so far, with leavers' leaving records; then the wrap-around support of those who started
(mentoring and its sessions, wellbeing referrals, survey answers), through the services.

The journeys' milestones are already on the event log (written by ``site.demo_people``), so the checks, starts,
check-ins and leavings mirror them and are created directly rather than through the services, which would write
the events twice.
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.db import transaction

from onramp.accounts.models import Organisation, Role, User
from onramp.checks.models import CheckKind, CheckStatus, DbsLevel, Employment, PreEmploymentCheck
from onramp.journey.models import EventType, JourneyEvent
from onramp.recruitment.models import Offer, OfferStatus
from onramp.support.models import (
    SCHEDULE,
    CheckIn,
    CheckInStatus,
    Leaving,
    LeavingReason,
    Mentor,
    MentorKind,
    Outcome,
    Party,
    Survey,
    SurveyInvitation,
)
from onramp.support.services import answer_survey, due_date, log_mentoring, match_mentor, refer_wellbeing

D = datetime.date
SEED = 2024
SURVEY = (
    "would_have_looked_for_another_job | yes_no | Without the wellbeing app, would you have looked for another job?\n"
    "would_have_taken_time_off | yes_no | Without the wellbeing app, would you have taken time off work?\n"
    "confidence | scale | How confident do you feel in your job?\n"
    "anything_else | text | Is there anything else you would like to tell us?"
)


def build(*, today: D) -> dict[str, int]:
    """Idempotent: does nothing when the demo's mentors exist."""
    if Mentor.objects.exists():
        return {}
    rng = random.Random(SEED)
    made: dict[str, int] = {}
    with transaction.atomic():
        icss = list(Organisation.objects.icss().filter(region="South East"))
        for name, kind, roles in [
            ("Josie Marr", MentorKind.VOLUNTEER, ["care_worker", "healthcare_assistant"]),
            ("Kwame Boateng", MentorKind.STAFF, ["ambulance", "healthcare_assistant"]),
            ("Lena Fox", MentorKind.VOLUNTEER, ["care_worker"]),
        ]:
            mentor = Mentor.objects.create(name=name, kind=kind, roles=roles)
            mentor.icss.set(rng.sample(icss, k=min(3, len(icss))))
        made["mentors"] = 3
        Survey.objects.create(
            code="wellbeing",
            title="How is work going?",
            introduction="A few questions about work and the wellbeing app.",
            questions=SURVEY,
        )
        made["employments"] = _mirror_starts(rng, today)
        made.update(_wrap_around(rng, today))
    return made


def _mirror_starts(rng: random.Random, today: D) -> int:
    count = 0
    for offer in Offer.objects.filter(status=OfferStatus.ACCEPTED).select_related(
        "application__young_person", "application__vacancy__provider"
    ):
        person = offer.application.young_person
        provider = offer.application.vacancy.provider
        events = JourneyEvent.objects.counting().filter(
            young_person=person, organisation=provider, occurred_on__gte=offer.made_on
        )
        cleared = events.filter(type=EventType.CHECKS_CLEARED).order_by("occurred_on").first()
        for kind in CheckKind:
            done = cleared is not None
            PreEmploymentCheck.objects.create(
                offer=offer,
                kind=kind,
                status=(CheckStatus.NOT_REQUIRED if kind == CheckKind.REGISTRATION else CheckStatus.CLEARED)
                if done
                else CheckStatus.IN_PROGRESS,
                requested_on=offer.made_on + datetime.timedelta(days=2),
                cleared_on=cleared.occurred_on if done and kind != CheckKind.REGISTRATION and cleared else None,
                dbs_level=DbsLevel.ENHANCED if kind == CheckKind.CRIMINAL_RECORD and done else "",
                evidence="Seen at the pre-employment meeting"
                if done and kind in {CheckKind.IDENTITY, CheckKind.RIGHT_TO_WORK}
                else "",
            )
        start = events.filter(type=EventType.STARTED_WORK).order_by("occurred_on").first()
        if start is None:
            continue
        employment = Employment.objects.create(offer=offer, started_on=start.occurred_on)
        left = (
            events.filter(type=EventType.LEFT_WORK, occurred_on__gte=start.occurred_on).order_by("occurred_on").first()
        )
        if left is not None:
            Leaving.objects.create(
                employment=employment,
                left_on=left.occurred_on,
                reason=rng.choice(list(LeavingReason.values)),
                stayed_in_sector=rng.random() < 0.5,
            )
        for point, days, months in SCHEDULE:
            for party in Party:
                due = due_date(start.occurred_on, days, months)
                if left is not None and due > left.occurred_on:
                    status, outcome, held = CheckInStatus.CANCELLED, "", None
                elif due <= today:
                    status, held = CheckInStatus.HELD, due + datetime.timedelta(days=rng.randint(0, 5))
                    outcome = Outcome.AT_RISK if rng.random() < 0.08 else Outcome.GOING_WELL
                    held = min(held, today)
                else:
                    status, outcome, held = CheckInStatus.DUE, "", None
                CheckIn.objects.create(
                    employment=employment,
                    party=party,
                    point=point,
                    due_on=due,
                    status=status,
                    held_on=held,
                    outcome=outcome,
                    actions="Talk about shifts and travel" if outcome == Outcome.AT_RISK else "",
                )
        count += 1
    return count


MENTORING_NOTES = [
    "Talked through the first rota; nervous about night shifts and getting home after them",
    "Feeling more settled; still sending money home and finding the first month tight",
    "Said the team is friendly; having a hard time sleeping since the move",
    "Wants to ask about the apprenticeship; worried their manager will say no",
]
WELLBEING_SERVICES = ["Wellbeing app", "Wellbeing app", "NHS Talking Therapies", "Employee assistance programme"]
ANYTHING_ELSE = [
    "The mentor helped a lot when I nearly gave up",
    "I still get anxious before shifts but the app helps",
    "",
    "Travel costs are hard until I get paid",
]


def _wrap_around(rng: random.Random, today: D) -> dict[str, int]:
    """Mentoring for a third of those who started (one to three sessions, with what was said), a wellbeing
    referral for a quarter, and the wellbeing survey answered by two in five, all through the services."""
    made = {"mentoring sessions": 0, "wellbeing referrals": 0, "survey answers": 0}
    mentors = list(Mentor.objects.order_by("name"))
    survey = Survey.objects.get(code="wellbeing")
    admin = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    for employment in Employment.objects.select_related("offer__application__young_person__coordinator").order_by(
        "started_on", "pk"
    ):
        person = employment.offer.application.young_person
        actor = person.coordinator or admin
        if actor is None:
            break
        if rng.random() < 0.33:
            match = match_mentor(
                actor=actor, person=person, mentor=rng.choice(mentors), started_on=employment.started_on
            )
            for week in sorted(rng.sample(range(1, 12), rng.randint(1, 3))):
                held = employment.started_on + datetime.timedelta(weeks=week)
                if held <= today:
                    log_mentoring(actor=actor, match=match, held_on=held, notes=rng.choice(MENTORING_NOTES))
                    made["mentoring sessions"] += 1
        if rng.random() < 0.25:
            referred = min(employment.started_on + datetime.timedelta(days=rng.randint(3, 40)), today)
            refer_wellbeing(actor=actor, person=person, referred_on=referred, service=rng.choice(WELLBEING_SERVICES))
            made["wellbeing referrals"] += 1
        if rng.random() < 0.4:
            # The link is sent by a coordinator (``send_survey``); the demo skips the message and takes the answers.
            invitation = SurveyInvitation.objects.create(
                survey=survey,
                young_person=person,
                token=secrets.token_urlsafe(32),
                sent_on=min(employment.started_on + datetime.timedelta(days=90), today),
                sent_by=actor,
            )
            answer_survey(
                invitation=invitation,
                answers={
                    "would_have_looked_for_another_job": rng.choice(["yes", "no", "no"]),
                    "would_have_taken_time_off": rng.choice(["yes", "no"]),
                    "confidence": str(rng.randint(2, 5)),
                    "anything_else": rng.choice(ANYTHING_ELSE),
                },
            )
            made["survey answers"] += 1
    return made
