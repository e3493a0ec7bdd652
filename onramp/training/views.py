"""Training cohorts: the list, a cohort with its sessions and enrolments, registers and completions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, Role
from onramp.accounts.policy import signed_in
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.journey.models import JourneyEvent
from onramp.participants.models import YoungPerson
from onramp.training import services
from onramp.training.forms import (
    CohortForm,
    CompletionsForm,
    CourseTemplateForm,
    EnrolForm,
    FromTemplateForm,
    RegisterForm,
    SessionForm,
)
from onramp.training.models import Cohort, CourseTemplate, EnrolmentStatus


def _require(request: HttpRequest) -> None:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied


def cohort_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    cohorts = policy.visible(signed_in(request), Cohort.objects.with_journey_counts()).select_related("ics", "provider")
    return render(request, "training/cohort_list.jinja", {"cohorts": cohorts[:500]})


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    user = signed_in(request)
    cohort = policy.get_visible_or_404(user, Cohort.objects.select_related("ics", "provider", "programme"), pk=pk)
    people = (
        policy.visible(user, YoungPerson)
        .filter(pk__in=JourneyEvent.objects.counting().filter(cohort_id=cohort.pk).values("young_person"))
        .order_by("family_name", "given_name")
    )
    visible_ids = set(policy.visible(user, YoungPerson).filter(enrolments__cohort=cohort).values_list("pk", flat=True))
    sessions = cohort.sessions.annotate(marked=Count("attendances"))
    people_shown, progress = list(people), services.progress(cohort)
    shown = dict.fromkeys([row.enrolment.young_person_id for row in progress] + [p.pk for p in people_shown])
    log_view(request, what="training cohort", target=cohort, ids=list(shown))
    return render(
        request,
        "training/cohort_detail.jinja",
        {
            "cohort": cohort,
            "people": people_shown,
            "sessions": sessions,
            "progress": progress,
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
            add_errors(form, error)
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
            add_errors(form, error)
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
            add_errors(form, error)
        else:
            messages.success(request, f"{enrolment.young_person.full_name} has been enrolled.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    log_view(request, what="people who may be enrolled", target=cohort, ids=people.values_list("pk", flat=True))
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
            add_errors(form, error)
        else:
            messages.success(request, f"The register for {session} has been saved.")
            return redirect("training:cohort-detail", pk=cohort.pk)
    log_view(request, what="register", target=session, ids=[e.young_person_id for e in enrolments])
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
            add_errors(form, error)
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
    log_view(request, what="course completions", target=cohort, ids=[row.enrolment.young_person_id for row in rows])
    return render(
        request,
        "training/completions.jinja",
        {"form": form, "cohort": cohort, "rows": rows},
    )


# --- course templates ---------------------------------------------------------------------------------


def _templates_for(request: HttpRequest) -> Any:
    """Course templates this user may see: all for staff; a provider's recruiters see their own."""
    user = signed_in(request)
    templates = CourseTemplate.objects.select_related("provider")
    if user.role == Role.PROVIDER_RECRUITER:
        return templates.filter(provider=user.organisation_id or 0)
    if policy.allows(user, "young_people.list"):
        return templates
    raise PermissionDenied


def template_list(request: HttpRequest) -> HttpResponse:
    templates = _templates_for(request)
    return render(request, "training/template_list.jinja", {"templates": templates})


def template_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    templates = _templates_for(request)
    user = signed_in(request)
    template = get_object_or_404(templates, pk=pk) if pk is not None else None
    providers = policy.visible(user, Organisation).filter(kind="provider").order_by("name")
    if user.role == Role.PROVIDER_RECRUITER:
        providers = providers.filter(pk=user.organisation_id or 0)
    initial = {field: getattr(template, field) for field in services.TEMPLATE_FIELDS} if template else {}
    form = CourseTemplateForm(request.POST or None, initial=initial, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_template(actor=user, template=template, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("training:template-list")
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "heading": f"Change {template.name}" if template else "Add a course template",
            "back_href": reverse("training:template-list"),
            "button_text": "Save the course template",
        },
    )


def sessions_from_template(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_change(request, pk)
    templates = CourseTemplate.objects.select_related("provider")
    if cohort.provider_id:
        templates = templates.filter(provider=cohort.provider_id)
    form = FromTemplateForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        made = services.sessions_from_template(
            actor=signed_in(request), cohort=cohort, template=form.cleaned_data["template"]
        )
        messages.success(request, f"{len(made)} sessions have been added from the course template.")
        return redirect("training:cohort-detail", pk=cohort.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": cohort.name,
            "heading": "Add sessions from a course template",
            "back_href": reverse("training:cohort-detail", args=[cohort.pk]),
            "button_text": "Add the sessions",
        },
    )
