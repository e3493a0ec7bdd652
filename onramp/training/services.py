"""Creating training cohorts."""

from __future__ import annotations

import datetime

from django.db import transaction

from onramp.accounts.models import Organisation, User
from onramp.core import audit
from onramp.participants.models import Programme
from onramp.training.models import Cohort


@transaction.atomic
def create_cohort(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    ics: Organisation,
    delivery_mode: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    provider: Organisation | None = None,
) -> Cohort:
    cohort = Cohort(
        programme=programme,
        name=name.strip(),
        ics=ics,
        provider=provider,
        delivery_mode=delivery_mode,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    cohort.full_clean()
    cohort.save()
    audit.record(
        actor=actor,
        action="cohort.created",
        target=cohort,
        detail={"ics": ics.code, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return cohort
