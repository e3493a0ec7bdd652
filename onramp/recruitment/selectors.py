"""Reads in recruitment: pipelines, the guaranteed interviews that need attention, fulfilment per provider and
interviewers' calibration against their panels."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, User
from onramp.core.working_days import working_days_between
from onramp.participants.models import YoungPerson
from onramp.recruitment.models import (
    ConsensusScore,
    Entitlement,
    EntitlementStatus,
    Interview,
    Offer,
    OfferStatus,
    ValuesScore,
)

NEAR_WORKING_DAYS = 5


@dataclass(frozen=True)
class Flagged:
    entitlement: Entitlement
    working_days_left: int  # negative: past the deadline

    @property
    def words(self) -> str:
        if self.working_days_left < 0:
            days = -self.working_days_left
            return f"{days} working day{'s' if days != 1 else ''} past the deadline"
        if self.working_days_left == 0:
            return "Due today"
        days = self.working_days_left
        return f"{days} working day{'s' if days != 1 else ''} left"

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


def entitlements(user: User) -> models.QuerySet[Entitlement]:
    return policy.visible(user, Entitlement).select_related("young_person", "provider", "cohort")


def needing_attention(queryset: models.QuerySet[Entitlement], *, today: datetime.date | None = None) -> list[Flagged]:
    """Live guaranteed interviews whose deadline is within ``NEAR_WORKING_DAYS`` working days, or past."""
    today = today or timezone.localdate()
    live = queryset.filter(status__in=[EntitlementStatus.OPEN, EntitlementStatus.SCHEDULED]).order_by("deadline")
    flagged = []
    for entitlement in live.filter(deadline__lte=today + datetime.timedelta(days=14)):
        left = working_days_between(today, entitlement.deadline)
        if left <= NEAR_WORKING_DAYS:
            flagged.append(Flagged(entitlement, left))
    return flagged


@dataclass(frozen=True)
class Fulfilment:
    provider: Organisation
    granted: int
    fulfilled: int
    on_time: int
    withdrawn: int
    median_working_days: float | None

    @property
    def rate(self) -> float | None:
        due = self.granted - self.withdrawn
        return round(self.fulfilled / due, 4) if due else None


def fulfilment(queryset: models.QuerySet[Entitlement]) -> list[Fulfilment]:
    """Per provider: guaranteed interviews granted, held (and by the deadline), withdrawn, and the median
    working days from the grant to the interview. Rate = held / (granted − withdrawn)."""
    rows: dict[int, list[Entitlement]] = {}
    for entitlement in queryset.select_related("provider").order_by("provider__name", "pk"):
        rows.setdefault(entitlement.provider_id, []).append(entitlement)
    out = []
    for items in rows.values():
        held = [e for e in items if e.status == EntitlementStatus.FULFILLED and e.fulfilled_on]
        waits = [working_days_between(e.granted_on, e.fulfilled_on) for e in held if e.fulfilled_on]
        out.append(
            Fulfilment(
                provider=items[0].provider,
                granted=len(items),
                fulfilled=len(held),
                on_time=sum(1 for e in held if e.fulfilled_on and e.fulfilled_on <= e.deadline),
                withdrawn=sum(1 for e in items if e.status == EntitlementStatus.WITHDRAWN),
                median_working_days=statistics.median(waits) if waits else None,
            )
        )
    return out


@dataclass(frozen=True)
class Calibration:
    interviewer: User
    scores: int  # scores with a panel score to compare against
    mean_difference: float  # interviewer minus panel: above 0 scores more generously
    mean_absolute_difference: float
    agreement: float  # share of scores equal to the panel's


def calibration(interviews: models.QuerySet[Interview]) -> list[Calibration]:
    """Each interviewer's scores against their panels' agreed scores, over the interviews given."""
    agreed = {
        (item.interview_id, item.value): item.score for item in ConsensusScore.objects.filter(interview__in=interviews)
    }
    by_interviewer: dict[int, tuple[User, list[int]]] = {}
    for item in ValuesScore.objects.filter(interview__in=interviews).select_related("interviewer"):
        panel = agreed.get((item.interview_id, item.value))
        if panel is None:
            continue
        by_interviewer.setdefault(item.interviewer_id, (item.interviewer, []))[1].append(item.score - panel)
    out = [
        Calibration(
            interviewer=user,
            scores=len(differences),
            mean_difference=round(statistics.fmean(differences), 2),
            mean_absolute_difference=round(statistics.fmean(abs(d) for d in differences), 2),
            agreement=round(sum(1 for d in differences if d == 0) / len(differences), 4),
        )
        for user, differences in by_interviewer.values()
    ]
    return sorted(out, key=lambda row: (-row.mean_absolute_difference, row.interviewer.get_full_name()))


def offers_in_force(person: YoungPerson, *, excluding: Offer | None = None) -> models.QuerySet[Offer]:
    """The young person's accepted offers that are in force. An offer is in force from the day it is accepted until
    the job it leads to ends: its status is accepted, and the start it led to (checks' ``Employment``) has no leaving
    recorded (support's ``Leaving``, written by "Record leaving work", "Has left" at a check-in, or the reaction to a
    ``left_work`` recorded elsewhere). An accepted offer not yet started is in force; a declined or unanswered one,
    or one whose job has ended, is not. ``excluding``: the offer being answered."""
    offers = (
        Offer.objects.filter(application__young_person=person, status=OfferStatus.ACCEPTED)
        .exclude(employment__leaving__isnull=False)
        .select_related("application__vacancy__provider")
        .order_by("answered_on", "pk")
    )
    if excluding is not None:
        offers = offers.exclude(pk=excluding.pk)
    return offers
