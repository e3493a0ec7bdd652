"""Who sees which check-ins, and what of support is confidential (registered by ``SupportConfig.ready``)."""

from __future__ import annotations

from django.db import models

from onramp.accounts.models import Role, User
from onramp.accounts.policy import confidential, scope_for, visible
from onramp.recruitment.models import Application
from onramp.support.models import CheckIn, MentoringSession, Party, WellbeingReferral


@scope_for(CheckIn)
def check_ins(user: User, queryset: models.QuerySet[CheckIn]) -> models.QuerySet[CheckIn]:
    """Check-ins of the jobs whose applications this user may see (staff: their caseload's; a provider's
    recruiter: their own starters', the employer's side only, by the confidentiality rule below); a young person's
    own side of their own."""
    if user.role == Role.YOUNG_PERSON:
        return queryset.filter(employment__offer__application__young_person__account=user, party=Party.YOUNG_PERSON)
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR, Role.PROVIDER_RECRUITER}:
        return queryset.filter(employment__offer__application__in=visible(user, Application).values("pk"))
    return queryset.none()


# What the young person says at their own check-ins (its outcome, the actions agreed) is theirs and their support
# staff's: an employer gets only its own side of the check-ins.
confidential(CheckIn, rows=models.Q(party=Party.YOUNG_PERSON))
confidential(MentoringSession, "notes")
confidential(WellbeingReferral, "service")
