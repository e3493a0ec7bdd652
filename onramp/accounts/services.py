"""Writes about organisations and accounts. Keyword arguments, one transaction, an audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from onramp.accounts.models import KeyContact, Organisation, OrganisationKind, Role, User
from onramp.core import audit


def _set_icss(record: Organisation | User, icss: Iterable[Organisation], diff: dict[str, Any]) -> None:
    """Set a record's ICSs, adding old and new codes to the audit diff when they change."""
    before = sorted(o.code or o.name for o in record.icss.all())
    record.icss.set(icss)
    after = sorted(o.code or o.name for o in record.icss.all())
    if before != after:
        diff["icss"] = {"old": before, "new": after}


@transaction.atomic
def create_organisation(
    *,
    actor: User | None,
    name: str,
    kind: str,
    provider_type: str = "",
    code: str = "",
    ons_code: str = "",
    region: str = "",
    icss: Iterable[Organisation] = (),
    cqc_location: str = "",
) -> Organisation:
    organisation = Organisation(
        name=name,
        kind=kind,
        provider_type=provider_type if kind == OrganisationKind.PROVIDER else "",
        code=code.strip().upper(),
        ons_code=ons_code.strip().upper(),
        region=region,
        cqc_location=cqc_location.strip(),
    )
    organisation.full_clean()
    organisation.save()
    organisation.icss.set(icss)
    audit.record(
        actor=actor,
        action="organisation.created",
        target=organisation,
        detail={"kind": kind, "code": organisation.code},
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, actor: User | None, organisation: Organisation, icss: Iterable[Organisation] | None = None, **values: Any
) -> Organisation:
    allowed = {"name", "provider_type", "code", "ons_code", "region", "cqc_location"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"update_organisation cannot change {', '.join(sorted(unknown))}.")
    diff = audit.changes(organisation, values)
    for field, value in values.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save(update_fields=list(values) or None)
    if icss is not None:
        _set_icss(organisation, icss, diff)
    if diff:
        audit.record(actor=actor, action="organisation.updated", target=organisation, detail=diff)
    return organisation


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    organisation: Organisation | None = None,
    icss: Iterable[Organisation] = (),
    region: str = "",
    password: str | None = None,
) -> User:
    """Create an account. Without a password the person sets one through the reset e-mail."""
    user = User(
        username=username.strip(),
        email=User.objects.normalize_email(email.strip()).lower(),
        role=role,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        region=region if role == Role.REGIONAL_LEAD else "",
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.icss.set(icss if role == Role.COORDINATOR else [])
    audit.record(
        actor=actor,
        action="user.created",
        target=user,
        detail={"role": role, "organisation": str(organisation) if organisation else None},
    )
    return user


@transaction.atomic
def update_user(*, actor: User | None, user: User, icss: Iterable[Organisation] | None = None, **values: Any) -> User:
    allowed = {"first_name", "last_name", "email", "role", "organisation", "region", "is_active"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"update_user cannot change {', '.join(sorted(unknown))}.")
    diff = audit.changes(user, values)
    for field, value in values.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(values) or None)
    if icss is not None:
        _set_icss(user, icss, diff)
    if diff:
        audit.record(actor=actor, action="user.updated", target=user, detail=diff)
    return user


@transaction.atomic
def add_contact(
    *,
    actor: User,
    organisation: Organisation,
    role: str,
    name: str,
    email: str = "",
    phone: str = "",
    user: User | None = None,
) -> KeyContact:
    contact = KeyContact(
        organisation=organisation,
        role=role,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        user=user,
    )
    contact.full_clean()
    contact.save()
    audit.record(
        actor=actor,
        action="contact.saved",
        target=organisation,
        detail={"contact": contact.pk, "role": role, "name": contact.name},
    )
    return contact


@transaction.atomic
def remove_contact(*, actor: User, contact: KeyContact) -> None:
    audit.record(
        actor=actor,
        action="contact.removed",
        target=contact.organisation,
        detail={"role": contact.role, "name": contact.name},
    )
    contact.delete()
