"""Reads for the young person's portal: everything is about the signed-in young person, found through the access
policy (a young person sees their own record only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import User
from onramp.checks.models import Employment
from onramp.grants.models import Grant
from onramp.participants.models import YoungPerson
from onramp.plans.models import DevelopmentPlan, PlanAction
from onramp.portal.models import VacancyInterest
from onramp.recruitment.models import Entitlement, EntitlementStatus, Interview, Offer, Vacancy
from onramp.support.models import CheckIn, CheckInStatus, Party, SurveyInvitation
from onramp.training.models import EnrolmentStatus, Session


def me(user: User) -> YoungPerson:
    """The signed-in young person's own record."""
    person = policy.visible(user, YoungPerson).select_related("programme", "ics").first()
    if person is None or person.erased_at is not None:
        raise Http404("There is no record for this account.")
    return person


@dataclass
class Overview:
    person: YoungPerson
    plan: DevelopmentPlan | None
    actions: list[PlanAction]
    sessions: list[Session]
    interviews: list[Interview]
    guaranteed: list[Entitlement]
    offers: list[Offer]
    check_ins: list[CheckIn]
    grants: list[Grant]
    surveys: list[SurveyInvitation]
    interests: list[VacancyInterest]


def overview(person: YoungPerson, today: datetime.date | None = None) -> Overview:
    today = today or timezone.localdate()
    plan = person.plans.filter(is_current=True).first()
    actions = list(plan.actions.order_by(models.F("done_on").asc(nulls_first=True), "due_on")) if plan else []
    sessions = list(
        Session.objects.filter(
            cohort__enrolments__young_person=person,
            cohort__enrolments__status=EnrolmentStatus.ENROLLED,
            held_on__gte=today,
        )
        .select_related("cohort")
        .order_by("held_on", "pk")[:10]
    )
    interviews = list(
        Interview.objects.filter(application__young_person=person, held_on__gte=today)
        .select_related("application__vacancy__provider")
        .order_by("held_on")
    )
    guaranteed = list(
        person.entitlements.filter(status=EntitlementStatus.OPEN).select_related("provider").order_by("deadline")
    )
    offers = list(Offer.objects.filter(application__young_person=person).select_related("application__vacancy"))
    employments = Employment.objects.filter(offer__application__young_person=person)
    check_ins = list(
        CheckIn.objects.filter(employment__in=employments, party=Party.YOUNG_PERSON)
        .exclude(status=CheckInStatus.CANCELLED)
        .order_by("due_on")
    )
    grants = list(person.grants.order_by("-requested_on", "-pk"))
    surveys = list(person.survey_invitations.filter(answered_on__isnull=True).select_related("survey"))
    interests = list(person.vacancy_interests.current().select_related("vacancy__provider"))
    return Overview(
        person=person,
        plan=plan,
        actions=actions,
        sessions=sessions,
        interviews=interviews,
        guaranteed=guaranteed,
        offers=offers,
        check_ins=check_ins,
        grants=grants,
        surveys=surveys,
        interests=interests,
    )


def open_vacancies(user: User, person: YoungPerson) -> models.QuerySet[Vacancy]:
    """Open jobs they may see (the policy: providers working where they live), with whether they are interested."""
    interested = VacancyInterest.objects.current().filter(young_person=person, vacancy=models.OuterRef("pk"))
    return (
        policy.visible(user, Vacancy)
        .select_related("provider")
        .annotate(interested=models.Exists(interested))
        .order_by("closing_on", "title")
    )


def interests_of(person: YoungPerson) -> list[VacancyInterest]:
    """For staff: the jobs this young person said they would like, newest first."""
    return list(person.vacancy_interests.current().select_related("vacancy__provider"))
