"""Who sees which organisations, accounts and API tokens, and what they may do to them (registered with the
policy engine by ``AccountsConfig.ready``)."""

from __future__ import annotations

from django.db import models

from onramp.accounts.models import ApiToken, Organisation, Role, User
from onramp.accounts.policy import actions_for, scope_for

actions_for(Organisation, {"view": set(Role.values), "change": {Role.ADMINISTRATOR}})
actions_for(User, {"view": set(Role.values), "change": {Role.ADMINISTRATOR}})
actions_for(ApiToken, {"view": set(Role.values), "revoke": set(Role.values)})


@scope_for(Organisation)
def organisations(user: User, queryset: models.QuerySet[Organisation]) -> models.QuerySet[Organisation]:
    own = models.Q(pk=user.organisation_id) if user.organisation_id else models.Q(pk__in=[])
    match user.role:
        case Role.ADMINISTRATOR:
            return queryset
        case Role.REGIONAL_LEAD:
            in_region = Organisation.objects.in_region(user.region).values("pk")
            return queryset.filter(own | models.Q(pk__in=in_region))
        case Role.COORDINATOR:
            working = Organisation.objects.working_in(user.icss.all()).values("pk")
            return queryset.filter(own | models.Q(pk__in=working))
        case Role.PROVIDER_RECRUITER:
            # Their own organisation and the systems it works in.
            return queryset.filter(own | models.Q(members=user.organisation_id)).distinct()
        case _:
            return queryset.filter(own)


@scope_for(User)
def users(user: User, queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    if user.role == Role.ADMINISTRATOR:
        return queryset
    return queryset.filter(pk=user.pk)


@scope_for(ApiToken)
def api_tokens(user: User, queryset: models.QuerySet[ApiToken]) -> models.QuerySet[ApiToken]:
    """Administrators see (and may revoke) everyone's tokens; everyone else their own."""
    if user.role == Role.ADMINISTRATOR:
        return queryset
    return queryset.filter(user=user)
