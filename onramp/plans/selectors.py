"""Reads about development plans."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from onramp.participants.models import YoungPerson
from onramp.plans.models import DevelopmentPlan, PlanAction, PlanReview


@dataclass
class PlanSummary:
    current: DevelopmentPlan | None
    actions: list[PlanAction]
    reviews: list[PlanReview]
    versions: list[DevelopmentPlan]

    @property
    def overdue(self) -> list[PlanAction]:
        today = timezone.localdate()
        return [a for a in self.actions if a.done_on is None and a.due_on < today]


def plan_summary(person: YoungPerson) -> PlanSummary:
    versions = list(person.plans.select_related("agreed_by").order_by("-version"))
    current = next((plan for plan in versions if plan.is_current), None)
    actions = list(current.actions.all()) if current else []
    reviews = (  # a plan's reviews: none to read for someone with no plan yet
        list(PlanReview.objects.filter(plan__young_person=person).select_related("plan", "reviewed_by"))
        if versions
        else []
    )
    return PlanSummary(current=current, actions=actions, reviews=reviews, versions=versions)
