"""Checks' part of a young person (registered by ``ChecksConfig.ready``): checks, their history, onboarding
tasks and the start hold no free text about them and are kept as they are for the figures."""

from __future__ import annotations

from onramp.checks.models import CheckChange, Employment, OnboardingTask, PreEmploymentCheck
from onramp.participants import privacy

OFFER = "offer__application__young_person"

privacy.register(
    app="checks",
    records={
        PreEmploymentCheck: (OFFER,),
        CheckChange: (f"check_item__{OFFER}",),
        OnboardingTask: (OFFER,),
        Employment: (OFFER,),
    },
)
