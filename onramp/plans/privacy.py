"""Plans' part of a young person (registered by ``PlansConfig.ready``): plans, actions, reviews and support
sessions stay (their dates and kinds count), their free text goes."""

from __future__ import annotations

from onramp.participants import privacy
from onramp.participants.models import YoungPerson
from onramp.plans.models import DevelopmentPlan, PlanAction, PlanReview, SupportSession


def erase(person: YoungPerson) -> None:
    DevelopmentPlan.objects.filter(young_person=person).update(goals="", barrier_notes="")
    PlanAction.objects.filter(plan__young_person=person).update(description="(erased)")
    PlanReview.objects.filter(plan__young_person=person).update(notes="")
    SupportSession.objects.filter(young_person=person).update(notes="")


privacy.register(
    app="plans",
    records={
        DevelopmentPlan: ("young_person",),
        PlanAction: ("plan__young_person",),
        PlanReview: ("plan__young_person",),
        SupportSession: ("young_person",),
    },
    erase=erase,
)
