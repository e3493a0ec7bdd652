"""CSV and XLSX exports of the lists a user can see, within their scope. Every export is audited, through
``log_view``: the entry is written only if the download is answered (an unknown format is a 404 and writes none),
and the rows it counts are the scoped rows the download holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import User
from onramp.core.tabular import respond
from onramp.core.viewlog import log_view
from onramp.journey.models import JourneyEvent, stage_label
from onramp.participants.models import YoungPerson
from onramp.site.selectors import CaseloadFilters
from onramp.site.selectors import caseload as caseload_rows
from onramp.training.models import Cohort

CASELOAD_HEADER = [
    "participant_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "postcode",
    "ics",
    "registered_on",
    "eligible",
    "stage",
    "stage_since",
    "next_action",
    "next_action_due",
]


def caseload(request: HttpRequest, *, user: User, fmt: str) -> HttpResponse | StreamingHttpResponse:
    filters = CaseloadFilters.from_query(request.GET)
    people = caseload_rows(user=user, filters=filters)
    log_view(
        request,
        what="caseload export",
        count=people.count(),
        searched=bool(filters.query),  # never the words searched for: they may be a name
        filters=filters.used(),
        action="export.downloaded",
        detail={"list": "caseload", "format": fmt},
    )

    def rows() -> Iterator[list[Any]]:
        for person in people.iterator(chunk_size=2000):
            annotated: Any = person  # stage, stage_on, next_action and next_action_due come from with_stage()
            yield [
                person.reference,
                person.given_name,
                person.family_name,
                person.date_of_birth,
                person.postcode,
                person.ics.code if person.ics else "",
                person.registered_on,
                "yes" if person.counts_as_eligible else "no",
                stage_label(annotated.stage),
                annotated.stage_on,
                annotated.next_action or "",
                annotated.next_action_due,
            ]

    return respond(name="caseload", fmt=fmt, header=CASELOAD_HEADER, rows=rows())


EVENTS_HEADER = ["participant_id", "event", "date", "employer", "role", "detail", "source", "recorded_at"]


def events(request: HttpRequest, *, user: User, fmt: str) -> HttpResponse | StreamingHttpResponse:
    people = policy.visible(user, YoungPerson)
    rows_qs = (
        JourneyEvent.objects.counting()
        .filter(young_person__in=people)
        .select_related("young_person", "organisation")
        .order_by("young_person_id", "occurred_on", "position")
    )
    log_view(
        request,
        what="journey events export",
        count=rows_qs.count(),
        action="export.downloaded",
        detail={"list": "events", "format": fmt},
    )

    def rows() -> Iterator[list[Any]]:
        for event in rows_qs.iterator(chunk_size=2000):
            yield [
                event.young_person.reference,
                event.type,
                event.occurred_on,
                event.organisation.code if event.organisation and event.organisation.code else event.employer_code,
                event.role,
                event.detail,
                event.source,
                timezone.localtime(event.recorded_at).replace(tzinfo=None),
            ]

    return respond(name="events", fmt=fmt, header=EVENTS_HEADER, rows=rows())


COHORTS_HEADER = [
    "cohort",
    "programme",
    "ics",
    "employer",
    "delivery_mode",
    "starts_on",
    "ends_on",
    "started",
    "completed",
]


def cohorts(request: HttpRequest, *, user: User, fmt: str) -> HttpResponse | StreamingHttpResponse:
    rows_qs = (
        policy.visible(user, Cohort.objects.with_journey_counts())
        .select_related("programme", "ics", "provider")
        .order_by("-starts_on", "name")
    )
    log_view(
        request,
        what="cohorts export",
        count=rows_qs.count(),
        action="export.downloaded",
        detail={"list": "cohorts", "format": fmt},
    )

    def rows() -> Iterator[list[Any]]:
        for cohort in rows_qs:
            counts: Any = cohort  # started and completed are annotations
            yield [
                cohort.name,
                cohort.programme.name,
                cohort.ics.code,
                cohort.provider.name if cohort.provider else "",
                cohort.delivery_mode,
                cohort.starts_on,
                cohort.ends_on,
                counts.started,
                counts.completed,
            ]

    return respond(name="cohorts", fmt=fmt, header=COHORTS_HEADER, rows=rows())
