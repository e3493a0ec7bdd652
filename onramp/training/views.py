"""Training cohorts: the list, a cohort with its sessions and enrolments, registers and completions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.policy import signed_in
from onramp.participants.models import EventType, YoungPerson
from onramp.participants.views import _add_errors
from onramp.training import services
from onramp.training.forms import CohortForm, CompletionsForm, EnrolForm, RegisterForm, SessionForm
from onramp.training.models import Cohort, EnrolmentStatus


def _require(request: HttpRequest) -> None:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied


def cohort_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    cohorts = (
        policy.visible(signed_in(request), Cohort)
        .select_related("ics", "provider")
        .annotate(
            started=Count(
                "events__young_person",
                filter=Q(events__type=EventType.COURSE_STARTED, events__void__isnull=True),
                distinct=True,
            ),
            completed=Count(
                "events__young_person",
                filter=Q(events__type=EventType.COURSE_COMPLETED, events__void__isnull=True),
                distinct=True,
            ),
        )
    )
    return render(request, "training/cohort_list.jinja", {"cohorts": cohorts[:500]})


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    user = signed_in(request)
    cohort = policy.get_visible_or_404(user, Cohort.objects.select_related("ics", "provider", "programme"), pk=pk)
    people = (
        policy.visible(user, YoungPerson)
        .filter(pk__in=cohort.events.filter(void__isnull=True).values("young_person"))
        .order_by("family_name", "given_name")
    )
    visible_ids = set(policy.visible(user, YoungPerson).filter(enrolments__cohort=cohort).values_list("pk", flat=True))
    sessions = cohort.sessions.annotate(marked=Count("attendances"))
    return render(
        request,
        "training/cohort_detail.jinja",
        {
            "cohort": cohort,
            "people": people,
            "sessions": sessions,
            "progress": services.progress(cohort),
            "visible_ids": visible_ids,
            "today": timezone.localdate(),
            "can_change": policy.can(user, "change", cohort),
        },
    )


def cohort_create(request: HttpRequest) -> HttpResponse:
    _require(request)
    user = signed_in(request)
    form = CohortForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.create_cohort(actor=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{cohort.name} has been added.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(request, "training/cohort_form.jinja", {"form": form})


def _cohort_for_change(request: HttpRequest, pk: int) -> Cohort:
    _require(request)
    cohort = policy.get_visible_or_404(
        signed_in(request), Cohort.objects.select_related("programme", "ics", "provider"), pk=pk
    )
    if not policy.can(request.user, "change", cohort):
        raise PermissionDenied
    return cohort


def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_change(request, pk)
    form = SessionForm(request.POST or None, initial={"held_on": cohort.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(actor=signed_in(request), cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['title']} has been added.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": cohort.name,
            "heading": "Add a session",
            "back_href": reverse("training:cohort-detail", args=[cohort.pk]),
            "button_text": "Add the session",
        },
    )


def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_change(request, pk)
    people = (
        policy.visible(signed_in(request), YoungPerson)
        .filter(programme=cohort.programme)
        .exclude(enrolments__cohort=cohort)
        .order_by("family_name", "given_name")
    )
    form = EnrolForm(request.POST or None, people=people, initial={"enrolled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrol(
                actor=signed_in(request),
                cohort=cohort,
                person=form.cleaned_data["young_person"],
                enrolled_on=form.cleaned_data["enrolled_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{enrolment.young_person.full_name} has been enrolled.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": cohort.name,
            "heading": "Enrol a young person",
            "back_href": reverse("training:cohort-detail", args=[cohort.pk]),
            "button_text": "Enrol",
        },
    )


def register(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    cohort = _cohort_for_change(request, pk)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    enrolments = list(cohort.enrolments.exclude(status=EnrolmentStatus.WITHDRAWN).select_related("young_person"))
    existing = {a.enrolment_id: a for a in session.attendances.all()}
    form = RegisterForm(request.POST or None, enrolments=enrolments, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.take_register(actor=signed_in(request), session=session, marks=form.marks())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The register for {session} has been saved.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    return render(request, "training/register.jinja", {"form": form, "cohort": cohort, "session": session})


def completions(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_change(request, pk)
    form = CompletionsForm(request.POST or None, initial={"completed_on": cohort.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            done = services.record_completions(
                actor=signed_in(request), cohort=cohort, completed_on=form.cleaned_data["completed_on"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{len(done)} completion{'s' if len(done) != 1 else ''} recorded"
                + (
                    f", each with a guaranteed interview with {cohort.provider.name}."
                    if cohort.provider and done
                    else "."
                ),
            )
            return redirect("training:cohort-detail", pk=cohort.pk)
    rows = services.progress(cohort)
    return render(
        request,
        "training/completions.jinja",
        {"form": form, "cohort": cohort, "rows": rows},
    )
