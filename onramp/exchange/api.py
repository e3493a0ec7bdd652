"""The JSON API, /api/v1/: the same services and access policy as the web pages.

Authentication: ``Authorization: Bearer TOKEN`` (tokens from ``onramp token create USERNAME``); a token carries
its user's scope. Errors are RFC 9457 problem details (``application/problem+json``).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from onramp.accounts import policy, tokens
from onramp.accounts.models import Organisation, User
from onramp.accounts.models import Role as Role_
from onramp.core.concurrency import EditConflict
from onramp.core.viewlog import log_view
from onramp.core.views import database_unavailable
from onramp.evaluation.disclosure import publish_headline
from onramp.evaluation.headline import headline
from onramp.geography import postcodes
from onramp.journey import services as journey_services
from onramp.journey.models import EventType, JourneyEvent, Role
from onramp.participants import services
from onramp.participants.models import EthnicGroup, Programme, Source, YoungPerson
from onramp.recruitment.models import Application, Entitlement, EntitlementStatus
from onramp.site.selectors import with_stage

logger = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = tokens.user_for(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Onramp API",
    version="1",
    description="Young people, their journey events and organisations, within the scope of the token's user. "
    "Errors are RFC 9457 problem details.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url=None,  # our own accessible page at /api/v1/docs: Swagger UI would load from a CDN
    openapi_url="/openapi.json",
)


def problem(status: int, title: str, detail: str = "", errors: list[dict[str, str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM)


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": _field(error.get("loc", [])), "message": str(error.get("msg", ""))} for error in exc.errors]
    return problem(422, "The request is not valid", "See errors for each field.", errors)


def _field(location: Any) -> str:
    """('body', 'payload', 'given_name') -> 'given_name'; ('query', 'limit') -> 'limit'."""
    parts = [str(part) for part in location]
    return ".".join(parts[2:]) if len(parts) > 2 else (parts[-1] if parts else "body")


@api.exception_handler(ValidationError)
def _refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if isinstance(exc, EditConflict):
        return _changed_since()
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": message} for field, messages in exc.message_dict.items() for message in messages
        ]
    else:
        errors = [{"field": "", "message": message} for message in exc.messages]
    return problem(422, "The request was refused", "See errors for each field.", errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(401, "Authentication required", "Send Authorization: Bearer TOKEN with a valid token.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(403, "Forbidden", "The token's user may not do this.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, "Not found", "There is no such record, or it is not yours to see.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc) or "Error")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if database_unavailable(exc):
        logger.warning("API: the database is unavailable: %s", exc)
        response = problem(503, "Service unavailable", "The database cannot be reached. Try again shortly.")
        response["Retry-After"] = "30"
        return response
    logger.exception("API error", exc_info=exc)
    return problem(500, "Internal server error", "Something went wrong on our side. It has been logged.")


# --- schemas --------------------------------------------------------------------------------------


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, str]] | None = None


class ParticipantOut(Schema):
    id: int
    participant_id: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    registered_on: datetime.date
    postcode: str
    ics: str | None
    lsoa11: str
    imd2019_decile: int | None
    imd2019_quintile: int | None
    eligible: bool
    eligibility_reasons: list[str]
    ethnic_group: str
    email: str
    phone: str
    stage: str | None


class ParticipantIn(Schema):
    participant_id: str = Field("", max_length=50)
    given_name: str = Field(..., min_length=1, max_length=100)
    family_name: str = Field(..., min_length=1, max_length=100)
    date_of_birth: datetime.date
    registered_on: datetime.date
    postcode: str = Field("", max_length=20)
    ics: str = Field("", max_length=10, description="ODS code of the caseload ICS, when the postcode cannot place them")
    ethnic_group: str = Field("", description="ONS 2021 code 1-19, prefer_not_to_say, or blank")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    programme: str = Field("", max_length=200, description="Programme name; may be left out when there is one")


class ParticipantPatch(Schema):
    given_name: str | None = Field(None, min_length=1, max_length=100)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    date_of_birth: datetime.date | None = None
    postcode: str | None = Field(None, max_length=20)
    ethnic_group: str | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)


class ParticipantPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ParticipantOut]


class EventOut(Schema):
    id: int
    participant: int
    participant_id: str
    event: str
    date: datetime.date
    employer: str
    role: str
    detail: str
    source: str
    recorded_at: datetime.datetime
    void: bool
    void_reason: str


class EventIn(Schema):
    participant: int
    event: str
    date: datetime.date
    employer: str = Field("", max_length=20, description="Organisation code, e.g. an ODS code")
    role: str = ""
    detail: str = Field("", max_length=2000)
    correction_of: int | None = Field(None, description="The id of an event this one corrects (it is voided)")
    correction_reason: str = Field("", max_length=300)


class VoidIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


class EventPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EventOut]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    provider_type: str
    code: str
    ons_code: str
    region: str


class Paging(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


# --- helpers ------------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _require(request: HttpRequest, capability: str) -> User:
    user = _user(request)
    if not policy.allows(user, capability):
        raise PermissionDenied
    return user


def _participant(person: YoungPerson) -> ParticipantOut:
    return ParticipantOut(
        id=person.pk,
        participant_id=person.reference,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        registered_on=person.registered_on,
        postcode=person.postcode,
        ics=person.ics.code if person.ics else None,
        lsoa11=person.lsoa11,
        imd2019_decile=person.imd2019_decile,
        imd2019_quintile=person.imd2019_quintile,
        eligible=person.counts_as_eligible,
        eligibility_reasons=list(person.eligibility_reasons),
        ethnic_group=person.ethnic_group,
        email=person.email,
        phone=person.phone,
        stage=getattr(person, "stage", None),
    )


def _event(event: JourneyEvent) -> EventOut:
    void = getattr(event, "void", None)
    return EventOut(
        id=event.pk,
        participant=event.young_person_id,
        participant_id=event.young_person.reference,
        event=event.type,
        date=event.occurred_on,
        employer=(event.organisation.code if event.organisation and event.organisation.code else event.employer_code),
        role=event.role,
        detail=event.detail,
        source=event.source,
        recorded_at=event.recorded_at,
        void=void is not None,
        void_reason=void.reason if void else "",
    )


def _check_codes(*, postcode: str | None, ethnic_group: str | None) -> None:
    errors: dict[str, str] = {}
    if postcode:
        key = postcodes.normalise(postcode)
        if not postcodes.is_valid(key):
            errors["postcode"] = f"'{postcode}' is not a postcode"
    if ethnic_group and ethnic_group not in EthnicGroup.values:
        errors["ethnic_group"] = "Use an ONS 2021 code from 1 to 19, or prefer_not_to_say"
    if errors:
        raise ValidationError(errors)


def _check_dates(*, date_of_birth: datetime.date, registered_on: datetime.date) -> None:
    """The same rules as the web form and the import."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if date_of_birth > today:
        errors["date_of_birth"] = "The date of birth is in the future"
    elif date_of_birth.year < 1900:
        errors["date_of_birth"] = "The date of birth is before 1900"
    if registered_on > today:
        errors["registered_on"] = "The registration date is in the future"
    elif registered_on < date_of_birth:
        errors["registered_on"] = "The registration date is before the date of birth"
    if errors:
        raise ValidationError(errors)


# --- participants ---------------------------------------------------------------------------------


@api.get("/participants", response={200: ParticipantPage, **ERRORS}, tags=["participants"])
def list_participants(request: HttpRequest, paging: Query[Paging]) -> Any:
    user = _require(request, "young_people.list")
    rows = with_stage(policy.visible(user, YoungPerson)).select_related("ics").order_by("pk")
    items = [_participant(p) for p in rows[paging.offset : paging.offset + paging.limit]]
    count = rows.count()
    log_view(request, what="participants (API)", ids=[item.id for item in items], count=count)
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}


def _visible_person(user: User, pk: int) -> YoungPerson:
    return policy.get_visible_or_404(user, with_stage(YoungPerson.objects.select_related("ics")), pk=pk)


def _etag(person: YoungPerson) -> str:
    return f'"{person.version}"'


def _changed_since() -> HttpResponse:
    return problem(
        412,
        "The record has changed",
        "Someone else changed this record since you read it (If-Match no longer matches its ETag). "
        "GET it again, check their changes and send yours again.",
    )


def _if_match(request: HttpRequest, person: YoungPerson) -> int | None:
    """The version a PATCH was based on, from If-Match (optional): None to change whatever is there now."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if _etag(person) not in tags:
        raise EditConflict()
    return person.version


@api.get("/participants/{participant}", response={200: ParticipantOut, **ERRORS}, tags=["participants"])
def get_participant(request: HttpRequest, participant: int, response: HttpResponse) -> Any:
    """One young person. The ETag header is the record's version: send it back as If-Match on a PATCH so that a
    change someone else made in between is never overwritten (412 instead)."""
    user = _require(request, "young_people.list")
    person = _visible_person(user, participant)
    log_view(request, what="participant (API)", target=person, action="young_person.viewed")
    response["ETag"] = _etag(person)
    return _participant(person)


@api.post("/participants", response={201: ParticipantOut, **ERRORS}, tags=["participants"])
def create_participant(request: HttpRequest, payload: ParticipantIn) -> Any:
    user = _require(request, "young_people.register")
    _check_codes(postcode=payload.postcode, ethnic_group=payload.ethnic_group)
    programmes = Programme.objects.order_by("name")
    programme = (
        programmes.filter(name__iexact=payload.programme).first()
        if payload.programme
        else programmes.first()
        if programmes.count() == 1
        else None
    )
    if programme is None:
        raise ValidationError({"programme": "Name the programme (there is more than one, or none by that name)"})
    ics = None
    if payload.ics:
        ics = policy.visible(user, Organisation).icss().filter(code=payload.ics.upper()).first()  # type: ignore[attr-defined]
        if ics is None:
            raise ValidationError({"ics": f"No integrated care system you can see has the code {payload.ics!r}"})
    if payload.participant_id and YoungPerson.objects.filter(reference=payload.participant_id).exists():
        raise ValidationError({"participant_id": "A young person already has this participant_id"})
    _check_dates(date_of_birth=payload.date_of_birth, registered_on=payload.registered_on)
    with transaction.atomic():
        person = services.register(
            actor=user,
            programme=programme,
            given_name=payload.given_name,
            family_name=payload.family_name,
            date_of_birth=payload.date_of_birth,
            registered_on=payload.registered_on,
            postcode=payload.postcode,
            ics=ics,
            source=Source.API,
            reference=payload.participant_id,
            ethnic_group=payload.ethnic_group,
            email=payload.email,
            phone=payload.phone,
        )
        if not policy.visible(user, YoungPerson).filter(pk=person.pk).exists():
            # Outside the user's caseload: refuse (and roll back) rather than create a record they cannot see.
            raise ValidationError({"postcode": "This person would be outside your caseload: give an ICS you cover"})
    return Status(201, _participant(_visible_person(user, person.pk)))


@api.patch("/participants/{participant}", response={200: ParticipantOut, 412: Problem, **ERRORS}, tags=["participants"])
def update_participant(
    request: HttpRequest, participant: int, payload: ParticipantPatch, response: HttpResponse
) -> Any:
    """Change some of a young person's details. With If-Match (the ETag from a GET), refused with 412 if the
    record has changed since; the response's ETag is the new version."""
    user = _require(request, "young_people.list")
    person = _visible_person(user, participant)
    if not policy.can(user, "change", person):
        raise PermissionDenied
    expected_version = _if_match(request, person)
    values = payload.model_dump(exclude_unset=True)
    _check_codes(postcode=values.get("postcode"), ethnic_group=values.get("ethnic_group"))
    if values.get("date_of_birth"):
        _check_dates(date_of_birth=values["date_of_birth"], registered_on=person.registered_on)
    if any(values.get(name) is None and name in values for name in ("given_name", "family_name", "date_of_birth")):
        raise ValidationError({"body": "given_name, family_name and date_of_birth cannot be null"})
    postcode = values.pop("postcode", None)
    values = {name: ("" if value is None else value) for name, value in values.items()}
    services.update_details(actor=user, person=person, postcode=postcode, expected_version=expected_version, **values)
    person = _visible_person(user, person.pk)
    response["ETag"] = _etag(person)
    return _participant(person)


# --- events ---------------------------------------------------------------------------------------


class EventFilters(Paging):
    participant: int | None = Field(None, ge=1, le=2_147_483_647)


@api.get("/events", response={200: EventPage, **ERRORS}, tags=["events"])
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> Any:
    user = _require(request, "young_people.list")
    rows = (
        JourneyEvent.objects.filter(young_person__in=policy.visible(user, YoungPerson))
        .select_related("young_person", "organisation", "void")
        .order_by("young_person_id", "occurred_on", "pk")
    )
    if filters.participant:
        rows = rows.filter(young_person_id=filters.participant)
    items = [_event(e) for e in rows[filters.offset : filters.offset + filters.limit]]
    count = rows.count()
    log_view(request, what="journey events (API)", ids=dict.fromkeys(item.participant for item in items), count=count)
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@api.post("/events", response={201: EventOut, **ERRORS}, tags=["events"])
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    user = _require(request, "young_people.list")
    person = _visible_person(user, payload.participant)
    if not policy.can(user, "change", person):
        raise PermissionDenied
    if payload.event not in EventType.values:
        raise ValidationError({"event": f"Use one of: {', '.join(EventType.values)}"})
    if payload.role and payload.role not in Role.values:
        raise ValidationError({"role": f"Use one of: {', '.join(Role.values)}"})
    organisation = (
        policy.visible(user, Organisation).filter(code=payload.employer.upper()).first() if payload.employer else None
    )
    corrects = None
    if payload.correction_of is not None:
        corrects = person.events.filter(pk=payload.correction_of).first()
        if corrects is None:
            raise ValidationError({"correction_of": "No event of this young person has this id"})
        if corrects.is_void:
            raise ValidationError({"correction_of": "That event is already void"})
    event = journey_services.record_event(
        actor=user,
        person=person,
        type=payload.event,
        occurred_on=payload.date,
        role=payload.role,
        organisation=organisation,
        employer_code=payload.employer.upper(),
        detail=payload.detail,
        source=Source.API,
        correction_of=corrects,
        correction_reason=payload.correction_reason,
        date_field="date",
        type_field="event",
    )
    return Status(201, _event(JourneyEvent.objects.select_related("young_person", "organisation").get(pk=event.pk)))


@api.post("/events/{event}/void", response={200: EventOut, **ERRORS}, tags=["events"])
def void_event(request: HttpRequest, event: int, payload: VoidIn) -> Any:
    user = _require(request, "young_people.list")
    record = (
        JourneyEvent.objects.filter(young_person__in=policy.visible(user, YoungPerson))
        .select_related("young_person", "organisation")
        .filter(pk=event)
        .first()
    )
    if record is None:
        raise Http404
    if not policy.can(user, "change", record.young_person):
        raise PermissionDenied
    journey_services.void_event(actor=user, event=record, reason=payload.reason)
    return _event(JourneyEvent.objects.select_related("young_person", "organisation", "void").get(pk=record.pk))


# --- candidates (providers' recruiters) -----------------------------------------------------------


class CandidateApplication(Schema):
    id: int
    vacancy: str
    stage: str
    referred_on: datetime.date


class CandidateOut(Schema):
    """What an employer needs about a candidate, and nothing more: no equality data, plan, grants or notes."""

    id: int
    given_name: str
    family_name: str
    email: str
    phone: str
    applications: list[CandidateApplication]
    guaranteed_interview_by: datetime.date | None = Field(
        None, description="The last working day for a guaranteed interview still owed by your organisation"
    )


class CandidatePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CandidateOut]


def _candidates(user: User) -> Any:
    return (
        policy.visible(user, YoungPerson)
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=policy.visible(user, Application).select_related("vacancy").order_by("referred_on", "pk"),
                to_attr="own_applications",
            ),
            Prefetch(
                "entitlements",
                queryset=policy.visible(user, Entitlement).filter(status=EntitlementStatus.OPEN).order_by("deadline"),
                to_attr="open_entitlements",
            ),
        )
    )


def _candidate(person: YoungPerson) -> CandidateOut:
    entitlements = getattr(person, "open_entitlements", [])
    return CandidateOut(
        id=person.pk,
        given_name=person.given_name,
        family_name=person.family_name,
        email=person.email,
        phone=person.phone,
        applications=[
            CandidateApplication(
                id=a.pk, vacancy=a.vacancy.title, stage=a.get_stage_display(), referred_on=a.referred_on
            )
            for a in getattr(person, "own_applications", [])
        ],
        guaranteed_interview_by=entitlements[0].deadline if entitlements else None,
    )


@api.get("/candidates", response={200: CandidatePage, **ERRORS}, tags=["candidates"])
def list_candidates(request: HttpRequest, paging: Query[Paging]) -> Any:
    """A provider's recruiters: the young people referred to their organisation (or owed an interview by it) whose
    consent to share with it stands; only the fields they need."""
    user = _require(request, "candidates.list")
    rows = _candidates(user)
    items = [_candidate(p) for p in rows[paging.offset : paging.offset + paging.limit]]
    count = rows.count()
    log_view(request, what="candidates (API)", ids=[item.id for item in items], count=count)
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}


@api.get("/candidates/{candidate}", response={200: CandidateOut, **ERRORS}, tags=["candidates"])
def get_candidate(request: HttpRequest, candidate: int) -> Any:
    user = _require(request, "candidates.list")
    person = policy.get_visible_or_404(user, _candidates(user), pk=candidate)
    log_view(request, what="candidate (API)", target=person, action="young_person.viewed")
    return _candidate(person)


# --- organisations --------------------------------------------------------------------------------


@api.get("/organisations", response={200: list[OrganisationOut], **ERRORS}, tags=["organisations"])
def list_organisations(request: HttpRequest) -> Any:
    user = _user(request)
    return [
        OrganisationOut(
            id=o.pk,
            name=o.name,
            kind=o.kind,
            provider_type=o.provider_type,
            code=o.code,
            ons_code=o.ons_code,
            region=o.region,
        )
        for o in policy.visible(user, Organisation).order_by("name")
    ]


# --- reports --------------------------------------------------------------------------------------


class HeadlineQuery(Schema):
    start: datetime.date = Field(..., alias="from", description="First day of the period")
    end: datetime.date = Field(..., alias="to", description="Last day of the period")
    as_of: datetime.date | None = Field(None, description="Retention is judged on this day (default: to)")
    icb: str = Field("", max_length=400, description="ICB ODS codes, comma-separated (default: national)")
    publish: bool = Field(False, description="Apply disclosure control (required for funders)")


class Count_(Schema):
    count: int | None
    suppressed: bool | None = None


class Share(Schema):
    numerator: int | None
    denominator: int | None
    rate: float | None
    suppressed: bool | None = None


class ShareWithUnknown(Share):
    unknown: int | None


class ShareWithPending(Share):
    pending: int | None


class SurveyShare(Share):
    survey: str
    question: str


class HeadlineMetrics(Schema):
    supported: Count_
    offered: Count_
    offered_hca_or_care_worker: Share
    ethnic_minority: ShareWithUnknown
    non_white: ShareWithUnknown
    starters: Count_
    imd_quintile_1_starters: ShareWithUnknown
    retained_3_months: ShareWithPending
    survey: list[SurveyShare]


class HeadlineOut(Schema):
    period: dict[str, datetime.date]
    scope: dict[str, list[str] | None]
    metrics: HeadlineMetrics
    disclosure_control: dict[str, str] | None = None


@api.get("/reports/headline", response={200: HeadlineOut, **ERRORS}, tags=["reports"], exclude_unset=True)
def headline_report(request: HttpRequest, query: Query[HeadlineQuery]) -> Any:
    """The headline figures to the definitions in docs/metrics.md: exact, for users with evaluation rights."""
    user = _require(request, "evaluation.published" if query.publish else "evaluation.exact")
    if query.end < query.start:
        raise ValidationError({"to": "The end of the period is before its start"})
    icbs = [code.strip().upper() for code in query.icb.split(",") if code.strip()] if query.icb else None
    if query.icb and not icbs:
        raise ValidationError({"icb": "Name at least one ICB ODS code, or leave icb out for national figures"})
    if user.role == Role_.REGIONAL_LEAD:
        # A regional lead's exact figures are for their region's ICBs (all of them when none are named).
        region = sorted(
            policy.visible(user, Organisation).filter(kind="ics", region=user.region).values_list("code", flat=True)
        )
        outside = sorted(set(icbs or []) - set(region))
        if outside:
            raise ValidationError({"icb": f"Outside your region: {', '.join(outside)}"})
        icbs = icbs or region
    report = headline(start=query.start, end=query.end, as_of=query.as_of, icbs=icbs)
    if query.publish:
        report = publish_headline(report)
    return report
