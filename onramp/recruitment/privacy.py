"""Recruitment's part of a young person (registered by ``RecruitmentConfig.ready``): applications, their
stages, guaranteed interviews, interviews, scores and offers stay; the reasons and the evidence written down
go. An interview is theirs through its application or its guaranteed interview."""

from __future__ import annotations

from django.db import models

from onramp.participants import privacy
from onramp.participants.models import YoungPerson
from onramp.recruitment.models import (
    Application,
    ConsensusScore,
    Entitlement,
    Interview,
    Offer,
    StageChange,
    ValuesScore,
)

INTERVIEW = ("application__young_person", "entitlement__young_person")


def erase(person: YoungPerson) -> None:
    Application.objects.filter(young_person=person).update(reason="")
    theirs = models.Q(interview__application__young_person=person) | models.Q(
        interview__entitlement__young_person=person
    )
    ValuesScore.objects.filter(theirs).update(evidence="")
    ConsensusScore.objects.filter(theirs).update(evidence="")


privacy.register(
    app="recruitment",
    records={
        Application: ("young_person",),
        StageChange: ("application__young_person",),
        Entitlement: ("young_person",),
        Interview: INTERVIEW,
        ValuesScore: tuple(f"interview__{lookup}" for lookup in INTERVIEW),
        ConsensusScore: tuple(f"interview__{lookup}" for lookup in INTERVIEW),
        Offer: ("application__young_person",),
    },
    erase=erase,
)
