"""Support's reactions to milestones (``journey.reactions``): the check-ins follow the job."""

from __future__ import annotations

from onramp.checks.models import Employment
from onramp.journey.models import EventType
from onramp.journey.reactions import Occurrence, reacts_to
from onramp.support import services
from onramp.support.models import CheckInStatus, Leaving, LeavingReason


@reacts_to(
    EventType.STARTED_WORK,
    order=10,
    summary="a start confirmed from an accepted offer: the check-in schedule, with the young person and the employer",
)
def schedule_check_ins(occurrence: Occurrence) -> None:
    if isinstance(occurrence.subject, Employment) and not occurrence.subject.check_ins.exists():
        services.schedule_check_ins(actor=occurrence.actor, employment=occurrence.subject)


@reacts_to(
    EventType.LEFT_WORK,
    order=10,
    summary="leaving work: the job's remaining check-ins are cancelled and its employment closed",
)
def close_employment(occurrence: Occurrence) -> None:
    """The leaving the support service recorded, or, for a leaving recorded elsewhere (the record page, an import,
    the API), the person's job still open with that employer (or their only open job), closed on the event's date
    with the reason "Other"."""
    event = occurrence.event
    if isinstance(occurrence.subject, Leaving):
        leaving = occurrence.subject
    else:
        open_jobs = Employment.objects.filter(
            offer__application__young_person=event.young_person, leaving__isnull=True, started_on__lte=event.occurred_on
        ).order_by("-started_on", "-pk")
        if event.organisation_id:
            open_jobs = open_jobs.filter(offer__application__vacancy__provider=event.organisation)
        jobs = list(open_jobs[:2])
        if not jobs or (len(jobs) > 1 and not event.organisation_id):
            return  # no open job, or several and nothing says which
        leaving = Leaving.objects.create(
            employment=jobs[0],
            left_on=event.occurred_on,
            reason=LeavingReason.OTHER,
            stayed_in_sector=False,
            recorded_by=occurrence.actor,
        )
    leaving.employment.check_ins.filter(status=CheckInStatus.DUE, due_on__gt=leaving.left_on).update(
        status=CheckInStatus.CANCELLED
    )
