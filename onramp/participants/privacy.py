"""The registry of each app's part of a young person for erasure and subject access.

Participants sits below the apps that hold records about a person, so it cannot know them: each app registers
its part in its own ``<app>/privacy.py`` (imported by its ``AppConfig.ready``):

* ``records``: every model it holds about a person, with the lookups from that model to the ``YoungPerson``
  (more than one where a record can belong to them two ways: an interview through its application or its
  guaranteed interview). The subject access export is these records; ``test_privacy`` fails for any model with a
  foreign-key path to a young person that no part declares, or a path that its part does not.
* ``erase``: what erasing the person does to those records, inside ``erasure.erase``'s transaction (``None``:
  the records hold nothing personal beyond the link and are kept as they are, for the figures).
* ``last_contact``: optionally, the latest date the app's records show contact (the retention rule).

The parts run in ``ORDER`` (the layers, lowest first), whatever order the apps became ready in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from onramp.core.concurrency import next_version
from onramp.participants.models import Consent, ContactBy, SurveyResponse, YoungPerson

ORDER: tuple[str, ...] = (
    "participants",
    "notifications",
    "journey",
    "plans",
    "training",
    "recruitment",
    "checks",
    "support",
    "grants",
    "portal",
)


@dataclass(frozen=True)
class Part:
    app: str
    records: Mapping[type[models.Model], tuple[str, ...]]
    erase: Callable[[YoungPerson], None] | None = None
    last_contact: Callable[[], models.Expression | models.Subquery] | None = None


_PARTS: dict[str, Part] = {}


def register(
    *,
    app: str,
    records: Mapping[type[models.Model], tuple[str, ...]],
    erase: Callable[[YoungPerson], None] | None = None,
    last_contact: Callable[[], models.Expression | models.Subquery] | None = None,
) -> Part:
    if app not in ORDER:
        raise ImproperlyConfigured(f"{app!r} is not in participants.privacy.ORDER: add it where its layer runs.")
    for model, lookups in records.items():
        if not lookups:
            raise ImproperlyConfigured(f"{model.__name__} needs at least one lookup to the young person.")
    part = Part(app=app, records=dict(records), erase=erase, last_contact=last_contact)
    _PARTS[app] = part
    return part


def parts() -> list[Part]:
    """The registered parts, in ``ORDER``."""
    return [_PARTS[app] for app in ORDER if app in _PARTS]


def covered() -> dict[type[models.Model], tuple[str, ...]]:
    """Every model a part declares, with its lookups to the young person."""
    return {model: lookups for part in parts() for model, lookups in part.records.items()}


def rows(model: type[models.Model], lookups: tuple[str, ...], person: YoungPerson) -> models.QuerySet[Any]:
    """The ``model`` records about ``person`` through any of ``lookups`` (``"pk"`` for the person's own)."""
    about = models.Q()
    for lookup in lookups:
        about |= models.Q(**{lookup: person.pk})
    return model._default_manager.filter(pk__in=model._default_manager.filter(about).values("pk")).order_by("pk")


def collect(person: YoungPerson) -> dict[type[models.Model], list[models.Model]]:
    """The young person's record and every record of theirs that the parts declare, by model (those with any)."""
    found: dict[type[models.Model], list[models.Model]] = {}
    for model, lookups in covered().items():
        records = list(rows(model, lookups, person))
        if records:
            found[model] = records
    return found


def erase(person: YoungPerson) -> None:
    """Every part's erasure, in order. Call inside a transaction (``erasure.erase``)."""
    for part in parts():
        if part.erase is not None:
            part.erase(person)


def last_contacts() -> dict[str, models.Expression | models.Subquery]:
    """Annotations for a ``YoungPerson`` queryset: each part's latest date of contact, by app."""
    return {f"last_{part.app}": part.last_contact() for part in parts() if part.last_contact is not None}


def _erase_own(person: YoungPerson) -> None:
    """The person's details, their consents' withdrawal notes and their free-text survey answers."""
    person.given_name = "Erased"
    person.family_name = f"record {person.pk}"
    person.date_of_birth = datetime.date(person.date_of_birth.year, 7, 1)
    for field in ("email", "phone", "phone_digits", "reference", "postcode", "postcode_key", "gender_identity"):
        setattr(person, field, "")
    person.disability = ""
    person.care_leaver = ""
    person.account = None
    person.contact_by = ContactBy.EMAIL
    person.erased_at = timezone.now()
    next_version(person)  # an edit form opened before the erasure cannot put the details back
    person.save()
    SurveyResponse.objects.filter(young_person=person).exclude(answer__in=["yes", "no"]).delete()
    person.consents.update(withdrawal_note="")


register(
    app="participants",
    records={YoungPerson: ("pk",), Consent: ("young_person",), SurveyResponse: ("young_person",)},
    erase=_erase_own,
)
