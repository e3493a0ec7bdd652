"""Who sees which vacancies, applications, guaranteed interviews and interviews, and what they may do to them
(registered by ``RecruitmentConfig.ready``). Offers, checks and support in work are reached through the
application they belong to, so the application's scope decides who sees them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from onramp.accounts.models import Organisation, Role, User
from onramp.accounts.policy import actions_for, scope_for, through
from onramp.participants.models import YoungPerson
from onramp.participants.scopes import candidates_of
from onramp.recruitment.models import Application, Entitlement, Interview, Vacancy

actions_for(
    Vacancy,
    {
        "view": set(Role.values),
        "change": {Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
        "refer": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    },
)
actions_for(
    Application,
    {
        "view": set(Role.values),
        "progress": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    },
)
actions_for(
    Entitlement,
    {"view": set(Role.values), "withdraw": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR}},
)
actions_for(
    Interview,
    {
        "view": set(Role.values),
        "score": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    },
)


@scope_for(Vacancy)
def vacancies(user: User, queryset: models.QuerySet[Vacancy]) -> models.QuerySet[Vacancy]:
    """Staff see the vacancies of providers working in their ICSs (a lead: their region; administrators: all);
    a provider's recruiters see their own organisation's."""
    match user.role:
        case Role.ADMINISTRATOR:
            return queryset
        case Role.REGIONAL_LEAD:
            return queryset.filter(provider__in=Organisation.objects.in_region(user.region).values("pk"))
        case Role.COORDINATOR:
            return queryset.filter(provider__in=Organisation.objects.working_in(user.icss.all()).values("pk"))
        case Role.PROVIDER_RECRUITER:
            return queryset.filter(provider=user.organisation_id)
        case Role.YOUNG_PERSON:
            # Open jobs at providers working where they live, for them to say they are interested.
            person = YoungPerson.objects.filter(account=user, erased_at__isnull=True).only("ics").first()
            if person is None or person.ics_id is None:
                return queryset.none()
            working = Organisation.objects.working_in(Organisation.objects.filter(pk=person.ics_id)).values("pk")
            return queryset.filter(provider__in=working, closed=False, closing_on__gte=timezone.localdate())
        case _:
            return queryset.none()


@scope_for(Application)
def applications(user: User, queryset: models.QuerySet[Application]) -> models.QuerySet[Application]:
    """Staff see the applications of the young people they may see; a provider's recruiters see applications
    to their organisation's vacancies from young people whose consent to share with them stands."""
    if user.role == Role.PROVIDER_RECRUITER:
        return queryset.filter(
            vacancy__provider=user.organisation_id, young_person__in=candidates_of(user).values("pk")
        )
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR}:
        return through(user, queryset, "young_person")
    return queryset.none()


@scope_for(Entitlement)
def entitlements(user: User, queryset: models.QuerySet[Entitlement]) -> models.QuerySet[Entitlement]:
    if user.role == Role.PROVIDER_RECRUITER:
        return queryset.filter(provider=user.organisation_id, young_person__in=candidates_of(user).values("pk"))
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR}:
        return through(user, queryset, "young_person")
    return queryset.none()


@scope_for(Interview)
def interviews(user: User, queryset: models.QuerySet[Interview]) -> models.QuerySet[Interview]:
    return through(user, queryset, "application")
