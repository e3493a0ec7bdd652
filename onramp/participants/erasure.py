"""Erasure and retention: personal details removed, the journey kept pseudonymised, so that figures for past
periods do not change.

Kept: the record's number, programme, ICS and area (2011/2021 LSOA, ICB, deprivation) but not the postcode;
ethnic group and sex (the figures use them); the year of birth (as 1 July, so age bands stay within months);
the registration date; every journey event (without free text); yes/no survey answers. Removed: names, date of
birth, contact details, postcode, partner reference, gender identity, disability, care-leaver status, the
sign-in account link, the (masked) addresses in the log of messages sent to them, and free text wherever it
is kept about them.

Each app erases its own records about the person in its ``<app>/privacy.py`` part (``participants.privacy``); the
retention rule counts from the latest contact the parts report (the journey's latest event).
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from onramp.core import audit
from onramp.participants import privacy
from onramp.participants.models import YoungPerson


@transaction.atomic
def erase(*, actor: object, person: YoungPerson, reason: str) -> YoungPerson:
    """Pseudonymise one young person: every app's part (``participants.privacy``), in order, in this
    transaction, then one audit entry. Idempotent."""
    if person.erased_at is not None:
        return person
    privacy.erase(person)
    audit.record(actor=actor, action="young_person.erased", target=person, detail={"reason": reason})
    return person


def _with_last_contact(queryset: models.QuerySet[YoungPerson]) -> list[tuple[YoungPerson, datetime.date]]:
    annotations = privacy.last_contacts()
    rows = queryset.annotate(**annotations)
    return [
        (person, max(filter(None, [*(getattr(person, name) for name in annotations), person.registered_on])))
        for person in rows
    ]


def last_contact(person: YoungPerson) -> datetime.date:
    """The latest contact any app's records show (the journey: the latest event), or the registration."""
    [(_, last)] = _with_last_contact(YoungPerson.objects.filter(pk=person.pk))
    return last


def expired(*, years: int, today: datetime.date | None = None) -> list[YoungPerson]:
    """Young people not yet erased whose last contact (their latest journey event, or registration) is more
    than ``years`` years ago."""
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return [
        person
        for person, last in _with_last_contact(YoungPerson.objects.filter(erased_at__isnull=True))
        if last < cutoff
    ]
