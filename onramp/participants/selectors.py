"""Reads about young people: the caseload and the record, always through the access policy."""

from __future__ import annotations

from django.db import models

from onramp.accounts import policy
from onramp.accounts.models import User
from onramp.participants.models import Programme, YoungPerson


def record(*, user: User, pk: int) -> YoungPerson:
    return policy.get_visible_or_404(user, YoungPerson.objects.select_related("programme", "ics", "coordinator"), pk=pk)


def programmes() -> models.QuerySet[Programme]:
    """Programmes with what their pages show. Programmes are not personal data: everyone allowed to see
    programmes sees them all."""
    return Programme.objects.select_related("funder", "delivery_partner").prefetch_related("icss").order_by("name")
