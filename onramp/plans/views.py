"""Agree, revise and review a young person's development plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onramp.accounts.policy import signed_in
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.participants.views import person_for_change
from onramp.plans import forms, services
from onramp.plans.models import PlanAction


def _back(pk: int) -> str:
    return reverse("site:record", args=[pk]) + "#plan"


def agree(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    current = person.plans.filter(is_current=True).first()
    initial = (
        {"barriers": current.barriers, "barrier_notes": current.barrier_notes, "goals": current.goals}
        if current
        else {}
    )
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.agree_plan(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Version {plan.version} of the plan has been agreed.")
            return redirect(_back(person.pk))
    log_view(request, what="development plan", target=person)
    return render(request, "plans/plan_form.jinja", {"form": form, "person": person, "current": current})


def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    form = forms.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The action has been added to the plan.")
            return redirect(_back(person.pk))
    log_view(request, what="plan action form", target=person)
    return render(request, "plans/action_form.jinja", {"form": form, "person": person})


def review(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    open_actions = PlanAction.objects.filter(plan__young_person=person, plan__is_current=True, done_on__isnull=True)
    form = forms.ReviewForm(request.POST or None, open_actions=open_actions)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_plan(
                actor=signed_in(request),
                person=person,
                reviewed_on=form.cleaned_data["reviewed_on"],
                notes=form.cleaned_data["notes"],
                done_actions=form.cleaned_data.get("done", []),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The review has been recorded.")
            return redirect(_back(person.pk))
    log_view(request, what="plan review", target=person)
    return render(request, "plans/review_form.jinja", {"form": form, "person": person})


def add_support(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    form = forms.SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_support(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The support session has been recorded.")
            return redirect(reverse("site:record", args=[person.pk]) + "#support")
    log_view(request, what="support session form", target=person)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": person.full_name,
            "heading": "Record help with applications or interviews",
            "back_href": reverse("site:record", args=[person.pk]),
            "button_text": "Record the session",
        },
    )
