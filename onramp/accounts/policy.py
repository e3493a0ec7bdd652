"""The access policy engine: who may do what to which records.

Two questions, answered here and nowhere else:

* ``visible(user, Model)``: the queryset of ``Model`` rows this user may see.
* ``can(user, action, obj)``: may this user do ``action`` to this object (it must
  also be visible to them)?

``allows(user, capability)`` answers "may this user use this part of the site at
all?" and drives navigation. Views fetch records only through ``get_visible_or_404``
so that a record outside someone's scope is "not found" rather than "forbidden":
the page does not confirm that it exists.

This module knows no domain model. Each app registers, in its own ``<app>/scopes.py`` (imported by its
``AppConfig.ready``), a scope function for each model people can see (``@scope_for``) and the actions on it, by
role (``actions_for``). A model that registered no scope is refused loudly, never shown. ``by_caseload_ics``
scopes records that belong to an ICS, and ``through`` scopes a child record through its parent's scope (an
interview through its application).

**Confidentiality is a rule of the policy, not of each view.** What a young person tells staff (their side of the
check-ins, plan notes and reviews, support and mentoring notes, grant needs, equality and health answers) is
registered once, in the owning app's ``scopes.py``, with ``confidential(Model, *fields, rows=Q(...))``. Only the
roles in ``READS_CONFIDENTIAL`` (the staff who support the young person, and the young person themselves) read it.
For everyone else (a provider's recruiter, a funder) ``visible`` leaves out the confidential rows and withholds the
confidential fields: they are not read from the database, they read as empty, and such an object cannot be saved
(it would write the blanks). Pages, exports and the API that fetch records through ``visible`` therefore cannot
show them; related managers (``job.check_ins``) bypass the policy, so views pass them through ``visible`` too
(``visible(user, job.check_ins.all())``). ``values()`` reads what it is asked for: fetch instances instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models.query import ModelIterable
from django.http import Http404

from onramp.accounts.models import Organisation, Role, User
from onramp.core.request_cache import once_per_request

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

# Actions on an object, by model and role, on top of the object being visible. Filled by each app's scopes.py.
ACTIONS: dict[type[models.Model], dict[str, set[str]]] = {}

type Scope[M: models.Model] = Callable[[User, models.QuerySet[M]], models.QuerySet[M]]

_SCOPES: dict[type[models.Model], Scope[Any]] = {}


def scope_for[M: models.Model](model: type[M]) -> Callable[[Scope[M]], Scope[M]]:
    """Register the function that narrows a queryset of ``model`` to the rows a (signed-in, active) user may see.
    One per model: a second, different one is a mistake and refused."""

    def register(function: Scope[M]) -> Scope[M]:
        existing = _SCOPES.get(model)
        if existing is not None and existing is not function:
            raise ImproperlyConfigured(f"{model.__name__} already has a scope ({existing.__qualname__}).")
        _SCOPES[model] = function
        return function

    return register


def actions_for(model: type[models.Model], actions: dict[str, set[str]]) -> None:
    """Register what each role may do to a visible ``model`` record: ``{"change": {Role.ADMINISTRATOR}, …}``."""
    existing = ACTIONS.get(model)
    if existing is not None and existing != actions:
        raise ImproperlyConfigured(f"{model.__name__} already has its actions.")
    ACTIONS[model] = actions


# --- confidentiality --------------------------------------------------------------------------------------

# The roles that read what a young person tells staff: the staff who support them, and the young person (their own,
# as their scopes already say). Providers' recruiters and funders never do.
READS_CONFIDENTIAL: frozenset[str] = frozenset(
    {Role.COORDINATOR, Role.REGIONAL_LEAD, Role.ADMINISTRATOR, Role.YOUNG_PERSON}
)


@dataclass(frozen=True)
class Confidentiality:
    fields: tuple[str, ...]  # withheld from the other roles: not read, and empty on the object
    rows: models.Q | None  # rows the other roles never get at all (the young person's side of a check-in)


CONFIDENTIAL: dict[type[models.Model], Confidentiality] = {}


def confidential(model: type[models.Model], *fields: str, rows: models.Q | None = None) -> None:
    """Register what of ``model`` is confidential: ``fields`` withheld, and ``rows`` (a condition) left out, for
    every role outside ``READS_CONFIDENTIAL``. Once per model."""
    for name in fields:
        model._meta.get_field(name)  # a mistyped field fails at start-up, not silently
    entry = Confidentiality(tuple(fields), rows)
    existing = CONFIDENTIAL.get(model)
    if existing is not None and existing != entry:
        raise ImproperlyConfigured(f"{model.__name__} already has its confidential fields.")
    CONFIDENTIAL[model] = entry


def reads_confidential(user: AnyUser) -> bool:
    active = _active(user)
    return active is not None and active.role in READS_CONFIDENTIAL


def _refuse_save(*args: Any, **kwargs: Any) -> None:
    raise PermissionDenied("A record with confidential fields withheld cannot be saved.")


class _Withheld(ModelIterable):
    """Model instances with the model's confidential fields (deferred, so never read) set to their empty value,
    so that touching one gives the empty value instead of loading it; and saving refused."""

    def __iter__(self) -> Iterator[models.Model]:
        entry = CONFIDENTIAL.get(self.queryset.model)
        for instance in super().__iter__():
            if entry is not None:
                for name in entry.fields:
                    field = instance._meta.get_field(name)
                    setattr(instance, field.attname, field.get_default() if field.has_default() else _empty(field))
                instance.save = _refuse_save
            yield instance


def _empty(field: Any) -> Any:
    return None if field.null else ""


def _withhold[M: models.Model](queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    entry = CONFIDENTIAL.get(queryset.model)
    if entry is None:
        return queryset
    if entry.rows is not None:
        queryset = queryset.exclude(entry.rows)
    if entry.fields:
        queryset = queryset.defer(*entry.fields)
        queryset._iterable_class = _Withheld
    return queryset


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
    scoped = scope(active, queryset)
    return scoped if active.role in READS_CONFIDENTIAL else _withhold(scoped)


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


# --- helpers for the scopes of every app ------------------------------------------------------------------


def through[M: models.Model](user: User, queryset: models.QuerySet[M], parent: str) -> models.QuerySet[M]:
    """Child records scoped through their parent: those whose ``parent`` (a foreign key) is a record this user may
    see, by the parent model's own scope. ``through(user, interviews, "application")`` is the interviews of the
    applications visible to them."""
    parent_model = queryset.model._meta.get_field(parent).related_model
    if not isinstance(parent_model, type) or not issubclass(parent_model, models.Model):
        raise ValueError(f"{queryset.model.__name__}.{parent} is not a foreign key.")
    return queryset.filter(**{f"{parent}__in": visible(user, parent_model).values("pk")})


def by_caseload_ics[M: models.Model](user: User, queryset: models.QuerySet[M]) -> models.QuerySet[M] | None:
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
