"""Training cohorts: the list, a cohort with its young people, and adding one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onramp.accounts import policy
from onramp.accounts.policy import signed_in
from onramp.participants.models import EventType, YoungPerson
from onramp.participants.views import _add_errors
from onramp.training import services
from onramp.training.forms import CohortForm
from onramp.training.models import Cohort


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
    return render(request, "training/cohort_detail.jinja", {"cohort": cohort, "people": people})


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
