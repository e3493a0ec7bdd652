"""Pre-employment checks, onboarding and the start, reached through the application they belong to."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation
from onramp.accounts.policy import signed_in
from onramp.checks import forms, services
from onramp.checks.models import DEFAULT_ONBOARDING, Employment, OnboardingTask, OnboardingTemplate, PreEmploymentCheck
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.recruitment.models import Application, Offer


def _offer(request: HttpRequest, pk: int, *, change: bool = False) -> Offer:
    if not policy.allows(request.user, "vacancies.list"):
        raise PermissionDenied
    user = signed_in(request)
    application = policy.get_visible_or_404(
        user, Application.objects.select_related("young_person", "vacancy__provider"), offer__pk=pk
    )
    if change and not policy.can(user, "progress", application):
        raise PermissionDenied
    return get_object_or_404(
        Offer.objects.select_related("application__young_person", "application__vacancy__provider"), pk=pk
    )


def offer_checks(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    today = timezone.localdate()
    checks = list(offer.checks.select_related("evidence_seen_by"))
    log_view(request, what="pre-employment checks", target=offer.application.young_person, detail={"offer": offer.pk})
    return render(
        request,
        "checks/offer_checks.jinja",
        {
            "offer": offer,
            "person": offer.application.young_person,
            "checks": checks,
            "overdue": {c.pk for c in checks if c.overdue(today)},
            "tasks": offer.onboarding.all(),
            "employment": Employment.objects.filter(offer=offer).first(),
            "all_cleared": services.all_cleared(offer),
            "can_change": policy.can(request.user, "progress", offer.application),
        },
    )


def check_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PreEmploymentCheck, pk=pk)
    offer = _offer(request, item.offer_id, change=True)
    form = forms.CheckForm(request.POST or None, check=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_check(
                actor=signed_in(request),
                check=item,
                status=data["status"],
                on=data["on"],
                acted_on_by=data["acted_on_by"],
                dbs_level=data.get("dbs_level"),
                barred_lists=data.get("barred_lists"),
                blockers=data["blockers"],
                notes=data["notes"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{item.get_kind_display()}: {item.get_status_display().lower()}.")
            return redirect("checks:offer-checks", pk=offer.pk)
    log_view(
        request,
        what="pre-employment check",
        target=offer.application.young_person,
        detail={"offer": offer.pk, "check": item.pk},
    )
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": f"{offer.application.young_person.full_name}, {offer.application.vacancy.provider.name}",
            "heading": item.get_kind_display(),
            "back_href": reverse("checks:offer-checks", args=[offer.pk]),
            "button_text": "Save",
        },
    )


def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(OnboardingTask, pk=pk)
    offer = _offer(request, task.offer_id, change=True)
    form = forms.DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_task(actor=signed_in(request), task=task, done_on=form.cleaned_data["done_on"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{task.title}: done.")
            return redirect("checks:offer-checks", pk=offer.pk)
    log_view(request, what="onboarding task", target=offer.application.young_person, detail={"offer": offer.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": offer.application.young_person.full_name,
            "heading": task.title,
            "back_href": reverse("checks:offer-checks", args=[offer.pk]),
            "button_text": "Mark as done",
        },
    )


def start(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk, change=True)
    form = forms.StartForm(request.POST or None, initial={"started_on": offer.proposed_start})
    if request.method == "POST" and form.is_valid():
        try:
            employment = services.confirm_start(actor=signed_in(request), offer=offer, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The start has been recorded, with check-ins for the first year.")
            return redirect("support:employment", pk=employment.pk)
    log_view(request, what="start in work form", target=offer.application.young_person, detail={"offer": offer.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": offer.application.young_person.full_name,
            "heading": "Confirm the start",
            "back_href": reverse("checks:offer-checks", args=[offer.pk]),
            "button_text": "Confirm the start",
        },
    )


def onboarding_template(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    provider = policy.get_visible_or_404(user, Organisation.objects.filter(kind="provider"), pk=pk)
    if not policy.manages_provider(user, provider):
        raise PermissionDenied
    current = OnboardingTemplate.objects.filter(provider=provider).first()
    form = forms.OnboardingTemplateForm(
        request.POST or None, initial={"tasks": current.tasks if current else DEFAULT_ONBOARDING}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_onboarding_template(actor=user, provider=provider, tasks=form.cleaned_data["tasks"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{provider.name}'s onboarding tasks have been saved.")
            return redirect("accounts:organisation-detail", pk=provider.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": provider.name,
            "heading": "Usual onboarding tasks",
            "back_href": reverse("accounts:organisation-detail", args=[provider.pk]),
            "button_text": "Save",
        },
    )


def checks_list(request: HttpRequest) -> HttpResponse:
    """Accepted offers still waiting to start, with their checks' progress: overdue and needing attention first."""
    if not policy.allows(request.user, "vacancies.list"):
        raise PermissionDenied
    user = signed_in(request)
    today = timezone.localdate()
    offers = (
        Offer.objects.filter(
            application__in=policy.visible(user, Application), status="accepted", employment__isnull=True
        )
        .select_related("application__young_person", "application__vacancy__provider")
        .prefetch_related("checks")
        .order_by("proposed_start", "pk")
    )
    rows: list[dict[str, Any]] = []
    for offer in offers[:300]:
        checks = list(offer.checks.all())
        rows.append(
            {
                "offer": offer,
                "done": sum(1 for c in checks if c.done),
                "total": len(checks),
                "overdue": sum(1 for c in checks if c.overdue(today)),
                "attention": sum(1 for c in checks if c.status == "needs_attention"),
            }
        )
    rows.sort(key=lambda row: (-row["overdue"] - row["attention"], row["offer"].proposed_start or today))
    log_view(request, what="pre-employment checks list", ids=[row["offer"].application.young_person_id for row in rows])
    return render(request, "checks/checks_list.jinja", {"rows": rows})
