"""Support's part of a young person (registered by ``SupportConfig.ready``): check-ins, leaving, progression,
surveys, mentoring and wellbeing stay for the figures; the actions agreed at check-ins and mentoring notes go."""

from __future__ import annotations

from onramp.participants import privacy
from onramp.participants.models import YoungPerson
from onramp.support.models import (
    CheckIn,
    Leaving,
    MentoringSession,
    MentorMatch,
    Progression,
    SurveyInvitation,
    WellbeingReferral,
    WellbeingUsage,
)

EMPLOYMENT = "employment__offer__application__young_person"


def erase(person: YoungPerson) -> None:
    CheckIn.objects.filter(employment__offer__application__young_person=person).update(actions="")
    MentoringSession.objects.filter(match__young_person=person).update(notes="")


privacy.register(
    app="support",
    records={
        CheckIn: (EMPLOYMENT,),
        Leaving: (EMPLOYMENT,),
        Progression: ("young_person",),
        SurveyInvitation: ("young_person",),
        MentorMatch: ("young_person",),
        MentoringSession: ("match__young_person",),
        WellbeingReferral: ("young_person",),
        WellbeingUsage: ("young_person",),
    },
    erase=erase,
)
