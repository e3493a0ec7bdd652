"""Recruitment's reactions to milestones of earlier stages (``journey.reactions``)."""

from __future__ import annotations

from onramp.journey.models import EventType
from onramp.journey.reactions import Occurrence, reacts_to
from onramp.recruitment import services
from onramp.training.models import Cohort


@reacts_to(
    EventType.COURSE_COMPLETED,
    order=10,
    summary="a course completed with a cohort's provider: the guaranteed interview with that provider is owed",
)
def guarantee_interview(occurrence: Occurrence) -> None:
    event = occurrence.event
    if event.cohort_id is None or event.organisation is None or occurrence.is_correction:
        return
    cohort = Cohort.objects.filter(pk=event.cohort_id).first()
    if cohort is None or cohort.provider_id != event.organisation_id:
        return
    services.grant_interview(
        actor=occurrence.actor,
        person=event.young_person,
        provider=event.organisation,
        cohort=cohort,
        granted_on=event.occurred_on,
    )
