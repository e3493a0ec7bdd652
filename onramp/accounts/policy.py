"""The one access policy: who may do what to which records.

Two questions, answered here and nowhere else:

* ``visible(user, Model)``: the queryset of ``Model`` rows this user may see.
* ``can(user, action, obj)``: may this user do ``action`` to this object (it must
  also be visible to them)?

``allows(user, capability)`` answers "may this user use this part of the site at
all?" and drives navigation. Views fetch records only through ``get_visible_or_404``
so that a record outside someone's scope is "not found" rather than "forbidden":
the page does not confirm that it exists.

Each model that people can see registers a scope function with ``@scope_for``.
Later apps add theirs to this module so that every rule stays in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from onramp.accounts.models import ApiToken, Organisation, Role, User
from onramp.core.request_cache import once_per_request
from onramp.grants.models import Grant
from onramp.notifications.models import Notification
from onramp.participants.models import ConsentPurpose, YoungPerson
from onramp.recruitment.models import Application, Entitlement, Interview, Vacancy
from onramp.training.models import Cohort

AnyUser = User | AnonymousUser

# Capabilities: parts of the site, by role. Navigation and view gates read this.
CAPABILITIES: dict[str, set[str]] = {
    "organisations.list": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    "organisations.manage": {Role.ADMINISTRATOR},
    "users.manage": {Role.ADMINISTRATOR},
    # The young person's own portal.
    "portal.use": {Role.YOUNG_PERSON},
    # Their own API tokens (young people use the web only).
    "api_tokens.own": set(Role.values) - {Role.YOUNG_PERSON},
    "audit.view": {Role.ADMINISTRATOR},
    "reference_data.view": {Role.ADMINISTRATOR},
    # Young people's records: staff who support them.
    "young_people.list": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "young_people.register": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "eligibility.override": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "sar.run": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "imports.run": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    # Recruitment with providers.
    "vacancies.list": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    "vacancies.manage": {Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    # A provider's candidates through the API: the fields an employer needs (the web shows them on applications).
    "candidates.list": {Role.PROVIDER_RECRUITER},
    "referrals.make": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "calibration.view": {Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    "grants.view": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "grants.budgets": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "grants.limits": {Role.ADMINISTRATOR},
    "campaigns.view": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    "campaigns.manage": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    # Programmes, their phases and targets: not personal data.
    "programmes.view": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.FUNDER_VIEWER, Role.ADMINISTRATOR},
    "programmes.manage": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    # Exact (unsuppressed) evaluation figures.
    "evaluation.exact": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    # Published figures, with disclosure control: also for funders.
    "evaluation.published": {Role.FUNDER_VIEWER, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    # The log of messages sent (a regional lead sees their region's; record pages show each person's own).
    "notifications.view": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
}

# Actions on an object, by model and role, on top of the object being visible.
ACTIONS: dict[type[models.Model], dict[str, set[str]]] = {
    Organisation: {
        "view": set(Role.values),
        "change": {Role.ADMINISTRATOR},
    },
    User: {
        "view": set(Role.values),
        "change": {Role.ADMINISTRATOR},
    },
    ApiToken: {
        "view": set(Role.values),
        "revoke": set(Role.values),
    },
    Cohort: {
        "view": set(Role.values),
        "change": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    },
    Vacancy: {
        "view": set(Role.values),
        "change": {Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
        "refer": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    },
    Application: {
        "view": set(Role.values),
        "progress": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    },
    Entitlement: {
        "view": set(Role.values),
        "withdraw": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    },
    Interview: {
        "view": set(Role.values),
        "score": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.PROVIDER_RECRUITER, Role.ADMINISTRATOR},
    },
    YoungPerson: {
        "view": set(Role.values),
        "change": {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
        "override_eligibility": {Role.REGIONAL_LEAD, Role.ADMINISTRATOR},
    },
}

_SCOPES: dict[type[models.Model], Callable[[User, models.QuerySet[Any]], models.QuerySet[Any]]] = {}


def scope_for[M: models.Model](
    model: type[M],
) -> Callable[[Callable[[User, models.QuerySet[M]], models.QuerySet[M]]], Any]:
    def register(function: Callable[[User, models.QuerySet[M]], models.QuerySet[M]]) -> Any:
        _SCOPES[model] = function
        return function

    return register


def _active(user: AnyUser) -> User | None:
    if isinstance(user, User) and user.is_authenticated and user.is_active and user.role:
        return user
    return None


def signed_in(request: Any) -> User:
    """The signed-in user of a request. Every page but the public ones is behind LoginRequiredMiddleware."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def allows(user: AnyUser, capability: str) -> bool:
    active = _active(user)
    if active is None:
        return False
    try:
        roles = CAPABILITIES[capability]
    except KeyError:
        raise ValueError(f"Unknown capability {capability!r}.") from None
    return active.role in roles


def visible[M: models.Model](user: AnyUser, model_or_queryset: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    """The rows this user may see, as a queryset to filter further."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
        model = queryset.model
    else:
        model = model_or_queryset
        queryset = model._default_manager.all()
    active = _active(user)
    if active is None:
        return queryset.none()
    try:
        scope = _SCOPES[model]
    except KeyError:
        raise ValueError(f"The access policy has no scope for {model.__name__}.") from None
    return scope(active, queryset)


def can(user: AnyUser, action: str, obj: models.Model, *, fetched_visible: bool = False) -> bool:
    """May ``user`` do ``action`` to ``obj``: their role allows it and ``obj`` is visible to them. Pass
    ``fetched_visible=True`` only for an object fetched through ``visible``/``get_visible_or_404`` for this same
    user in this request: its visibility is then known and not asked of the database again."""
    active = _active(user)
    if active is None:
        return False
    roles = ACTIONS.get(type(obj), {}).get(action)
    if roles is None:
        raise ValueError(f"Unknown action {action!r} for {type(obj).__name__}.")
    if active.role not in roles:
        return False
    return fetched_visible or visible(active, type(obj)).filter(pk=obj.pk).exists()


def get_visible_or_404[M: models.Model](
    user: AnyUser, model_or_queryset: type[M] | models.QuerySet[M], **lookup: Any
) -> M:
    try:
        return visible(user, model_or_queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError):
        raise Http404("Not found, or not yours to see.") from None


# --- scopes -----------------------------------------------------------------


@scope_for(Organisation)
def _organisations(user: User, queryset: models.QuerySet[Organisation]) -> models.QuerySet[Organisation]:
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
def _users(user: User, queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    if user.role == Role.ADMINISTRATOR:
        return queryset
    return queryset.filter(pk=user.pk)


@scope_for(ApiToken)
def _api_tokens(user: User, queryset: models.QuerySet[ApiToken]) -> models.QuerySet[ApiToken]:
    """Administrators see (and may revoke) everyone's tokens; everyone else their own."""
    if user.role == Role.ADMINISTRATOR:
        return queryset
    return queryset.filter(user=user)


def _by_caseload_ics[M: models.Model](user: User, queryset: models.QuerySet[M]) -> models.QuerySet[M] | None:
    """Records that belong to an ICS (``ics``): everything for administrators, the region's for a regional lead,
    the caseload ICSs' for a coordinator; None for other roles, which each scope decides for itself."""
    match user.role:
        case Role.ADMINISTRATOR:
            return queryset
        case Role.REGIONAL_LEAD | Role.COORDINATOR:
            return queryset.filter(ics__in=caseload_icss(user))
        case _:
            return None


def caseload_icss(user: User) -> list[int]:
    """The ICSs whose young people a coordinator (their caseload ICSs) or a regional lead (every ICS of their region)
    supports, as ids. A list, not a subquery: ``ics IN (…)`` with the ids lets the database read a caseload in its
    order from the (ICS, name) index and stop at the page, where a join with the ICSs sorts every one of them.
    Worked out once per request (a record page asks for it for each kind of thing it shows)."""
    if user.role == Role.COORDINATOR:
        ids = once_per_request(("caseload_icss", user.pk), lambda: tuple(user.icss.values_list("pk", flat=True)))
        return list(ids)
    if user.role == Role.REGIONAL_LEAD and user.region:
        region = user.region
        ids = once_per_request(
            ("region_icss", region),
            lambda: tuple(Organisation.objects.filter(region=region).values_list("pk", flat=True)),
        )
        return list(ids)
    return []


@scope_for(YoungPerson)
def _young_people(user: User, queryset: models.QuerySet[YoungPerson]) -> models.QuerySet[YoungPerson]:
    staff = _by_caseload_ics(user, queryset)
    if staff is not None:
        return staff
    match user.role:
        case Role.PROVIDER_RECRUITER:
            # Only candidates referred to this employer (or owed an interview by it) who consent, now, to their
            # details being shared with it. Their pages show them the fields they need, nothing more.
            involved = models.Q(applications__vacancy__provider=user.organisation_id) | models.Q(
                entitlements__provider=user.organisation_id
            )
            return queryset.filter(pk__in=_candidates_of(user).filter(involved).values("pk"))
        case Role.YOUNG_PERSON:
            return queryset.filter(account=user)
        case _:
            return queryset.none()


@scope_for(Cohort)
def _cohorts(user: User, queryset: models.QuerySet[Cohort]) -> models.QuerySet[Cohort]:
    staff = _by_caseload_ics(user, queryset)
    if staff is not None:
        return staff
    if user.role == Role.PROVIDER_RECRUITER:
        return queryset.filter(provider=user.organisation_id)
    return queryset.none()


# --- recruitment --------------------------------------------------------------------------------------


@scope_for(Vacancy)
def _vacancies(user: User, queryset: models.QuerySet[Vacancy]) -> models.QuerySet[Vacancy]:
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
            from django.utils import timezone

            person = YoungPerson.objects.filter(account=user, erased_at__isnull=True).only("ics").first()
            if person is None or person.ics_id is None:
                return queryset.none()
            working = Organisation.objects.working_in(Organisation.objects.filter(pk=person.ics_id)).values("pk")
            return queryset.filter(provider__in=working, closed=False, closing_on__gte=timezone.localdate())
        case _:
            return queryset.none()


def _candidates_of(user: User) -> models.QuerySet[YoungPerson]:
    """A recruiter's candidates: young people who consent, now, to sharing with the recruiter's organisation."""
    return YoungPerson.objects.filter(
        consents__purpose=ConsentPurpose.SHARE_WITH_EMPLOYER,
        consents__organisation=user.organisation_id,
        consents__withdrawn_at__isnull=True,
    )


@scope_for(Application)
def _applications(user: User, queryset: models.QuerySet[Application]) -> models.QuerySet[Application]:
    """Staff see the applications of the young people they may see; a provider's recruiters see applications
    to their organisation's vacancies from young people whose consent to share with them stands."""
    if user.role == Role.PROVIDER_RECRUITER:
        return queryset.filter(
            vacancy__provider=user.organisation_id, young_person__in=_candidates_of(user).values("pk")
        )
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR}:
        return queryset.filter(young_person__in=visible(user, YoungPerson).values("pk"))
    return queryset.none()


@scope_for(Entitlement)
def _entitlements(user: User, queryset: models.QuerySet[Entitlement]) -> models.QuerySet[Entitlement]:
    if user.role == Role.PROVIDER_RECRUITER:
        return queryset.filter(provider=user.organisation_id, young_person__in=_candidates_of(user).values("pk"))
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR}:
        return queryset.filter(young_person__in=visible(user, YoungPerson).values("pk"))
    return queryset.none()


@scope_for(Interview)
def _interviews(user: User, queryset: models.QuerySet[Interview]) -> models.QuerySet[Interview]:
    return queryset.filter(application__in=visible(user, Application).values("pk"))


@scope_for(Grant)
def _grants(user: User, queryset: models.QuerySet[Grant]) -> models.QuerySet[Grant]:
    """Grants of the young people this member of staff may see; a young person's own."""
    if user.role in {Role.ADMINISTRATOR, Role.REGIONAL_LEAD, Role.COORDINATOR, Role.YOUNG_PERSON}:
        return queryset.filter(young_person__in=visible(user, YoungPerson).values("pk"))
    return queryset.none()


@scope_for(Notification)
def _notifications(user: User, queryset: models.QuerySet[Notification]) -> models.QuerySet[Notification]:
    """Administrators: every message. A regional lead: messages to the young people of their region and to the
    key contacts of providers they can see. A coordinator: messages to the young people they can see (shown on
    their records). Messages to staff accounts and to bare addresses (sign-in links): administrators only."""
    match user.role:
        case Role.ADMINISTRATOR:
            return queryset
        case Role.REGIONAL_LEAD:
            people = models.Q(young_person__in=visible(user, YoungPerson).values("pk"))
            contacts = models.Q(key_contact__organisation__in=visible(user, Organisation).values("pk"))
            return queryset.filter(people | contacts)
        case Role.COORDINATOR:
            return queryset.filter(young_person__in=visible(user, YoungPerson).values("pk"))
        case _:
            return queryset.none()


def manages_provider(user: AnyUser, provider: Organisation) -> bool:
    """Administrators, and a provider's own recruiters, set how the provider works (its pipeline, onboarding)."""
    active = _active(user)
    if active is None or provider.kind != "provider":
        return False
    if active.role == Role.PROVIDER_RECRUITER:
        return active.organisation_id == provider.pk
    return can(active, "change", provider)


def supports_provider(user: AnyUser, provider: Organisation) -> bool:
    """Staff who can see the provider, and its own recruiters, keep its issues log."""
    active = _active(user)
    if active is None or provider.kind != "provider":
        return False
    if active.role == Role.PROVIDER_RECRUITER:
        return active.organisation_id == provider.pk
    if active.role not in {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR}:
        return False
    return visible(active, Organisation).filter(pk=provider.pk).exists()
