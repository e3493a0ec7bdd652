"""Who sees which grants (registered by ``GrantsConfig.ready``)."""

from __future__ import annotations

from django.db import models

from onramp.accounts.models import Role, User
from onramp.accounts.policy import confidential, scope_for, through
from onramp.grants.models import Grant


@scope_for(Grant)
def grants(user: User, queryset: models.QuerySet[Grant]) -> models.QuerySet[Grant]:
    """Grants of the young people this member of staff may see; a young person's own."""
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR, Role.YOUNG_PERSON}:
        return through(user, queryset, "young_person")
    return queryset.none()


# The need, in the young person's words, is theirs and their support staff's.
confidential(Grant, "need")
