"""Who sees which training cohorts, and who may change them (registered by ``TrainingConfig.ready``)."""

from __future__ import annotations

from django.db import models

from onramp.accounts.models import Role, User
from onramp.accounts.policy import actions_for, by_caseload_ics, scope_for
from onramp.training.models import Cohort

actions_for(Cohort, {"view": set(Role.values), "change": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR}})


@scope_for(Cohort)
def cohorts(user: User, queryset: models.QuerySet[Cohort]) -> models.QuerySet[Cohort]:
    staff = by_caseload_ics(user, queryset)
    if staff is not None:
        return staff
    if user.role == Role.PROVIDER_RECRUITER:
        return queryset.filter(provider=user.organisation_id)
    return queryset.none()
