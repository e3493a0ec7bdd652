"""Home, the caseload and a young person's record (which gather every stage), and recording or voiding a
journey event from the record."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onramp.accounts import policy
from onramp.accounts import selectors as account_selectors
from onramp.accounts.policy import signed_in
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.journey import selectors as journey_selectors
from onramp.journey import services as journey_services
from onramp.journey.models import STAGE_LABELS, JourneyEvent
from onramp.notifications import selectors as notification_selectors
from onramp.participants import selectors
from onramp.participants.models import YoungPerson
from onramp.participants.views import person_for_change, require
from onramp.plans.selectors import plan_summary
from onramp.portal.selectors import interests_of
from onramp.portal.views import home as portal_home
from onramp.recruitment.models import Application
from onramp.site import forms as site_forms
from onramp.site import selectors as site_selectors
from onramp.support.selectors import employer_overview
from onramp.training import selectors as training_selectors


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "site/start.jinja")
    if policy.allows(request.user, "portal.use"):
        return portal_home(request)
    summary = account_selectors.home_summary(user=request.user)
    employer = employer_overview(request.user)
    if employer is not None and employer.attention:
        # A recruiter's home names the first five young people whose guaranteed interview is near its deadline.
        named = [item.entitlement.young_person_id for item in employer.attention[:5]]
        log_view(request, what="guaranteed interviews near their deadline", ids=named, count=len(employer.attention))
    return render(request, "site/home.jinja", {"summary": summary, "employer": employer})


def caseload(request: HttpRequest) -> HttpResponse:
    require(request, "young_people.list")
    filters = site_selectors.CaseloadFilters.from_query(request.GET)
    page = site_selectors.caseload_page(user=signed_in(request), filters=filters, number=request.GET.get("page"))
    log_view(
        request,
        what="caseload",
        ids=page.object_list,
        count=page.paginator.count,
        searched=bool(filters.query),
        filters=filters.used(),
    )
    return render(
        request,
        "site/caseload.jinja",
        {
            "page": page,
            "filters": filters,
            "stages": list(STAGE_LABELS.items()),
            "eligibilities": site_selectors.ELIGIBILITY_FILTERS,
            "choices": site_selectors.caseload_choices(user=signed_in(request)),
            "can_register": policy.allows(request.user, "young_people.register"),
        },
    )


def record(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "young_people.list")
    user = signed_in(request)
    person = selectors.record(user=user, pk=pk)
    log_view(request, what="record", target=person, action="young_person.viewed")
    timeline = journey_selectors.timeline(person)
    return render(
        request,
        "site/record.jinja",
        {
            "person": person,
            "timeline": timeline,
            "stage": journey_selectors.current_stage(person, timeline),
            "cohort_names": training_selectors.cohort_names({e.event.cohort_id for e in timeline if e.event.cohort_id}),
            "consents": person.consents.select_related("organisation", "recorded_by"),
            "plan": plan_summary(person),
            "support": person.support_sessions.select_related("recorded_by"),
            "applications": policy.visible(signed_in(request), Application)
            .filter(young_person=person)
            .select_related("vacancy__provider"),
            "can_change": policy.can(user, "change", person, fetched_visible=True),
            "can_override": policy.can(user, "override_eligibility", person, fetched_visible=True),
            "can_sar": policy.allows(request.user, "sar.run"),
            "sent_messages": notification_selectors.for_record(user=signed_in(request), young_person=person)[:50],
            "can_audit": policy.allows(request.user, "audit.view"),
            "interests": interests_of(person),
        },
    )


def record_event(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    corrects = None
    if request.GET.get("corrects") or request.POST.get("corrects"):
        corrects = _event_of(person, request.GET.get("corrects") or request.POST.get("corrects"))
        if corrects.is_void:
            raise PermissionDenied
    initial: dict[str, Any] = {}
    if corrects is not None:
        initial = {
            "cohort": corrects.cohort_id,
            "type": corrects.type,
            "occurred_on": corrects.occurred_on,
            "role": corrects.role,
            "organisation": corrects.organisation_id,
            "detail": corrects.detail,
        }
    form = site_forms.EventForm(request.POST or None, user=signed_in(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            journey_services.record_event(
                actor=signed_in(request),
                person=person,
                type=data["type"],
                occurred_on=data["occurred_on"],
                role=data["role"],
                organisation=data["organisation"],
                detail=data["detail"],
                cohort_id=data["cohort"].pk if data["cohort"] else None,
                correction_of=corrects,
                correction_reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, "The event has been recorded." if corrects is None else "The event has been corrected."
            )
            return redirect(reverse("site:record", args=[person.pk]) + "#timeline")
    log_view(request, what="journey event form", target=person)
    return render(
        request,
        "site/event_form.jinja",
        {
            "form": form,
            "person": person,
            "corrects": corrects,
            "reason": request.GET.get("reason", "") or request.POST.get("reason", ""),
        },
    )


def void_event(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    event = _event_of(person, str(event_pk))
    form = site_forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if form.cleaned_data["replace"]:
            return redirect(
                reverse("site:record-event", args=[person.pk]) + f"?corrects={event.pk}&" + f"reason={reason[:300]}"
            )
        try:
            journey_services.void_event(actor=signed_in(request), event=event, reason=reason)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The event is now void. It stays in the history, struck through.")
            return redirect(reverse("site:record", args=[person.pk]) + "#timeline")
    log_view(request, what="void an event", target=person)
    return render(request, "site/void_form.jinja", {"form": form, "person": person, "event": event})


def _event_of(person: YoungPerson, event_pk: str | None) -> JourneyEvent:
    if not event_pk or not re.fullmatch(r"[0-9]{1,18}", str(event_pk)):
        raise Http404
    event = person.events.select_related("organisation").filter(pk=int(event_pk)).first()
    if event is None:
        raise Http404
    return event
