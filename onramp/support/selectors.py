"""Reads in support: a provider's recruiter's home (what needs them now, and how their organisation is doing) and
their starters' retention at 3 months, the headline rule for one employer, from the journey event log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, Role, User
from onramp.core.dates import add_months
from onramp.journey.models import EventType, JourneyEvent
from onramp.recruitment.models import Application, Entitlement, Interview, Offer, OfferStatus, Stage
from onramp.recruitment.selectors import Flagged, Fulfilment, entitlements, fulfilment, needing_attention
from onramp.support.models import CheckIn, CheckInStatus, Party


@dataclass(frozen=True)
class Retention:
    due: int  # starters whose 3-month date has passed
    retained: int

    @property
    def rate(self) -> float | None:
        return round(self.retained / self.due, 4) if self.due else None


def starters_retention(provider: Organisation, *, today: datetime.date | None = None) -> Retention:
    """Of the young people who started with this provider (their first counting ``started_work`` there) and whose
    3-month date has passed, how many had no counting ``left_work`` before it: the headline rule (docs/metrics.md)
    for one employer, from the journey event log."""
    today = today or timezone.localdate()
    starts: dict[int, datetime.date] = {}
    for person, day in (
        JourneyEvent.objects.counting()
        .filter(type=EventType.STARTED_WORK, organisation=provider)
        .order_by("occurred_on")
        .values_list("young_person", "occurred_on")
    ):
        starts.setdefault(person, day)
    due = {person: start for person, start in starts.items() if add_months(start, 3) <= today}
    leavings: dict[int, list[datetime.date]] = {}
    for person, day in (
        JourneyEvent.objects.counting()
        .filter(type=EventType.LEFT_WORK, young_person__in=list(due))
        .values_list("young_person", "occurred_on")
    ):
        leavings.setdefault(person, []).append(day)
    retained = sum(
        1
        for person, start in due.items()
        if not any(start <= left < add_months(start, 3) for left in leavings.get(person, []))
    )
    return Retention(due=len(due), retained=retained)


@dataclass(frozen=True)
class EmployerOverview:
    provider: Organisation
    new_referrals: int
    attention: list[Flagged]
    to_score: int
    offers_in_checks: int
    check_ins_due: int
    fulfilment: Fulfilment | None
    retention: Retention


def employer_overview(user: User, *, today: datetime.date | None = None) -> EmployerOverview | None:
    """A provider's recruiter's home: what needs them, and how their organisation is doing."""
    provider = user.organisation
    if provider is None or user.role != Role.PROVIDER_RECRUITER:
        return None
    today = today or timezone.localdate()
    applications = policy.visible(user, Application)
    owed = entitlements(user)
    # Their organisation's own figures count every guaranteed interview it owed, whatever the consent now.
    rows = fulfilment(Entitlement.objects.filter(provider=provider))
    return EmployerOverview(
        provider=provider,
        new_referrals=applications.filter(stage__in=[Stage.REFERRED, Stage.SCREENING]).count(),
        attention=needing_attention(owed, today=today),
        to_score=policy.visible(user, Interview)
        .filter(held_on__lte=today, consensus__isnull=True)
        .exclude(application__stage__in=[Stage.UNSUCCESSFUL, Stage.WITHDRAWN, Stage.OFFERED])
        .distinct()
        .count(),
        offers_in_checks=Offer.objects.filter(
            application__in=applications, status=OfferStatus.ACCEPTED, employment__isnull=True
        ).count(),
        check_ins_due=policy.visible(user, CheckIn)
        .filter(
            employment__offer__application__in=applications,
            party=Party.EMPLOYER,
            status=CheckInStatus.DUE,
            due_on__lte=today + datetime.timedelta(days=14),
        )
        .count(),
        fulfilment=rows[0] if rows else None,
        retention=starters_retention(provider, today=today),
    )
