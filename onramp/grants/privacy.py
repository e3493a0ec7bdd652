"""Grants' part of a young person (registered by ``GrantsConfig.ready``): grants and payments stay (the money
spent counts), the need described goes."""

from __future__ import annotations

from onramp.grants.models import Grant, GrantPayment
from onramp.participants import privacy
from onramp.participants.models import YoungPerson


def erase(person: YoungPerson) -> None:
    Grant.objects.filter(young_person=person).update(need="(erased)")


privacy.register(
    app="grants",
    records={Grant: ("young_person",), GrantPayment: ("grant__young_person",)},
    erase=erase,
)
