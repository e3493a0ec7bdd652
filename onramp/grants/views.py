"""Grants: the register and budgets, asking for a grant, deciding, paying, budgets and approval limits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onramp.accounts import policy
from onramp.accounts.models import Organisation, Role
from onramp.accounts.policy import signed_in
from onramp.core.tabular import respond
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.grants import forms, services
from onramp.grants.models import ApprovalLimit, Grant, GrantBudget, GrantPayment, GrantStatus
from onramp.participants.views import person_for_change


def _require(request: HttpRequest, capability: str) -> None:
    if not policy.allows(request.user, capability):
        raise PermissionDenied


def _icss(request: HttpRequest) -> Any:
    user = signed_in(request)
    icss = policy.visible(user, Organisation).filter(kind="ics")
    if user.role == Role.REGIONAL_LEAD:
        icss = icss.filter(region=user.region)
    if user.role == Role.COORDINATOR:
        icss = icss.filter(pk__in=user.icss.all())
    return icss.order_by("name")


def grant_list(request: HttpRequest) -> HttpResponse:
    _require(request, "grants.view")
    user = signed_in(request)
    budgets = GrantBudget.objects.filter(ics__in=_icss(request)).select_related("phase__programme", "ics")
    grants = list(policy.visible(user, Grant).select_related("young_person", "budget__ics", "requested_by")[:200])
    log_view(request, what="grants", ids=dict.fromkeys(g.young_person_id for g in grants))
    return render(
        request,
        "grants/grant_list.jinja",
        {
            "budgets": budgets,
            "grants": grants,
            "can_budget": policy.allows(user, "grants.budgets"),
            "can_limits": policy.allows(user, "grants.limits"),
            "limit": ApprovalLimit.objects.filter(user=user).values_list("limit", flat=True).first(),
        },
    )


def grant_request(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.request_grant(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The request for {grant} has been recorded.")
            return redirect("grants:detail", pk=grant.pk)
    log_view(request, what="grant request form", target=person)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": person.full_name,
            "heading": "Ask for a grant",
            "back_href": reverse("site:record", args=[person.pk]),
            "button_text": "Ask for the grant",
        },
    )


def _grant(request: HttpRequest, pk: int) -> Grant:
    _require(request, "grants.view")
    return policy.get_visible_or_404(
        signed_in(request), Grant.objects.select_related("young_person", "budget__ics", "budget__phase"), pk=pk
    )


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)
    user = signed_in(request)
    log_view(request, what="grant", target=grant.young_person, detail={"grant": grant.pk})
    return render(
        request,
        "grants/grant_detail.jinja",
        {
            "grant": grant,
            "payments": grant.payments.select_related("recorded_by"),
            "can_decide": grant.status == GrantStatus.REQUESTED and grant.requested_by_id != user.pk,
            "can_pay": grant.status == GrantStatus.APPROVED,
        },
    )


def grant_decide(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)
    form = forms.DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                actor=signed_in(request),
                grant=grant,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                over_budget_reason=form.cleaned_data["over_budget_reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The grant has been {grant.get_status_display().lower()}.")
            return redirect("grants:detail", pk=grant.pk)
    log_view(request, what="grant decision form", target=grant.young_person, detail={"grant": grant.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": f"{grant.young_person.full_name}: {grant}",
            "heading": "Decide the grant",
            "back_href": reverse("grants:detail", args=[grant.pk]),
            "button_text": "Save the decision",
        },
    )


def grant_pay(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _grant(request, pk)
    form = forms.PayForm(request.POST or None, initial={"amount": grant.amount - grant.paid()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pay(actor=signed_in(request), grant=grant, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The payment has been recorded.")
            return redirect("grants:detail", pk=grant.pk)
    log_view(request, what="grant payment form", target=grant.young_person, detail={"grant": grant.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": f"{grant.young_person.full_name}: {grant}",
            "heading": "Record a payment",
            "back_href": reverse("grants:detail", args=[grant.pk]),
            "button_text": "Record the payment",
        },
    )


def budget_form(request: HttpRequest) -> HttpResponse:
    _require(request, "grants.budgets")
    form = forms.BudgetForm(request.POST or None, icss=_icss(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_budget(actor=signed_in(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The budget has been set.")
            return redirect("grants:list")
    return render(
        request,
        "form_page.jinja",
        {"form": form, "heading": "Set a grants budget", "back_href": reverse("grants:list"), "button_text": "Save"},
    )


def limits(request: HttpRequest) -> HttpResponse:
    _require(request, "grants.limits")
    form = forms.LimitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_limit(actor=signed_in(request), **form.cleaned_data)
        messages.success(request, "The approval limit has been set.")
        return redirect("grants:limits")
    return render(
        request,
        "grants/limits.jinja",
        {"form": form, "rows": ApprovalLimit.objects.select_related("user").order_by("user__first_name")},
    )


PENCE = Decimal("0.01")
REGISTER_HEADER = [
    "grant_id",
    "participant_id",
    "name",
    "ics",
    "phase",
    "category",
    "amount",
    "requested_on",
    "status",
    "decided_on",
    "decided_by",
    "over_budget_reason",
    "paid",
]


def register(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    _require(request, "grants.view")
    user = signed_in(request)
    # What has been paid on each grant, summed in the same query (not a query per row).
    paid = (
        GrantPayment.objects.filter(grant=OuterRef("pk")).values("grant").annotate(total=Sum("amount")).values("total")
    )
    grants = (
        policy.visible(user, Grant)
        .select_related("young_person", "budget__ics", "budget__phase", "decided_by")
        .annotate(paid_total=Coalesce(Subquery(paid), Value(Decimal("0")), output_field=DecimalField()))
    )
    # Counted on the same scoped rows the download streams; written only if the download is answered (not a 404).
    log_view(
        request,
        what="grants register",
        count=grants.count(),
        action="export.downloaded",
        detail={"export": f"grants register ({fmt})", "format": fmt},
    )

    def rows() -> Any:
        for grant in grants.order_by("requested_on", "pk").iterator(chunk_size=500):
            yield [
                grant.pk,
                grant.young_person.reference or grant.young_person.pk,
                grant.young_person.full_name,
                grant.budget.ics.name,
                grant.budget.phase.name,
                grant.get_category_display(),
                grant.amount.quantize(PENCE),
                grant.requested_on,
                grant.get_status_display(),
                grant.decided_on or "",
                grant.decided_by.get_full_name() if grant.decided_by else "",
                grant.over_budget_reason,
                grant.paid_total.quantize(PENCE),
            ]

    return respond(name="grants-register", fmt=fmt, header=REGISTER_HEADER, rows=rows())
