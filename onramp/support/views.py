"""Support in work: a job's check-ins and leaving, check-ins due across a caseload, progression."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import Organisation, OrganisationKind, Role, User
from onramp.accounts.policy import signed_in
from onramp.checks.models import Employment
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.journey.models import Role as JobRole
from onramp.participants.models import YoungPerson
from onramp.participants.views import person_for_change
from onramp.recruitment.models import Application
from onramp.support import forms, services
from onramp.support.models import (
    CheckIn,
    CheckInStatus,
    EmployerIssue,
    Leaving,
    Mentor,
    Progression,
    Survey,
    SurveyInvitation,
)


def _employment(request: HttpRequest, pk: int, *, change: bool = False) -> Employment:
    if not policy.allows(request.user, "vacancies.list"):
        raise PermissionDenied
    user = signed_in(request)
    application = policy.get_visible_or_404(user, Application, offer__employment__pk=pk)
    if change and not policy.can(user, "progress", application):
        raise PermissionDenied
    return get_object_or_404(
        Employment.objects.select_related("offer__application__young_person", "offer__application__vacancy__provider"),
        pk=pk,
    )


def employment(request: HttpRequest, pk: int) -> HttpResponse:
    job = _employment(request, pk)
    user = signed_in(request)
    # Through the policy: an employer gets its own side of the check-ins only (the young person's is confidential).
    check_ins = policy.visible(user, job.check_ins.select_related("recorded_by"))
    progressions = Progression.objects.filter(
        young_person=job.offer.application.young_person, progressed_on__gte=job.started_on
    ).select_related("employer")
    if user.role == Role.PROVIDER_RECRUITER:  # an employer sees its own progressions
        progressions = progressions.filter(employer=job.offer.application.vacancy.provider)
    log_view(request, what="job and check-ins", target=job.offer.application.young_person, detail={"job": job.pk})
    return render(
        request,
        "support/employment.jinja",
        {
            "job": job,
            "person": job.offer.application.young_person,
            "check_ins": check_ins,
            "leaving": Leaving.objects.filter(employment=job).first(),
            "progressions": progressions,
            "today": timezone.localdate(),
            "can_change": policy.can(user, "progress", job.offer.application),
        },
    )


def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.allows(request.user, "vacancies.list"):
        raise PermissionDenied
    item = policy.get_visible_or_404(signed_in(request), CheckIn, pk=pk)  # an employer's: its own side only
    job = _employment(request, item.employment_id, change=True)
    form = forms.CheckInForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(actor=signed_in(request), check_in=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {item} has been recorded.")
            return redirect("support:employment", pk=job.pk)
    log_view(request, what="check-in", target=job.offer.application.young_person, detail={"check_in": item.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": job.offer.application.young_person.full_name,
            "heading": str(item).capitalize(),
            "back_href": reverse("support:employment", args=[job.pk]),
            "button_text": "Record the check-in",
        },
    )


def leaving(request: HttpRequest, pk: int) -> HttpResponse:
    job = _employment(request, pk, change=True)
    form = forms.LeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_leaving(
                actor=signed_in(request),
                employment=job,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                stayed_in_sector=form.cleaned_data["stayed_in_sector"] == "yes",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Leaving has been recorded; later check-ins are cancelled.")
            return redirect("support:employment", pk=job.pk)
    log_view(request, what="leaving work form", target=job.offer.application.young_person, detail={"job": job.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": job.offer.application.young_person.full_name,
            "heading": "Record leaving work",
            "back_href": reverse("support:employment", args=[job.pk]),
            "button_text": "Record leaving",
        },
    )


def due(request: HttpRequest) -> HttpResponse:
    """Check-ins missed or due in the next 14 days, for the young people (or, for an employer, the starters)
    this user may see."""
    if not policy.allows(request.user, "vacancies.list"):
        raise PermissionDenied
    user = signed_in(request)
    today = timezone.localdate()
    # Through the policy: an employer gets its own side of the check-ins only (the young person's is confidential).
    check_ins = policy.visible(user, CheckIn)
    items = (
        check_ins.filter(status=CheckInStatus.DUE, due_on__lte=today + datetime.timedelta(days=14))
        .select_related(
            "employment__offer__application__young_person", "employment__offer__application__vacancy__provider"
        )
        .order_by("due_on")
    )
    at_risk = (
        check_ins.filter(outcome="at_risk")
        .exclude(employment__leaving__isnull=False)
        .select_related("employment__offer__application__young_person")
        .order_by("-held_on")
    )
    items_shown, at_risk_shown = list(items), list(at_risk[:50])
    shown = [c.employment.offer.application.young_person_id for c in [*items_shown, *at_risk_shown]]
    log_view(request, what="check-ins due", ids=dict.fromkeys(shown))
    return render(request, "support/due.jinja", {"items": items_shown, "today": today, "at_risk": at_risk_shown})


def _employers(user: User) -> Any:
    """The employers a progression recorded by this user may name: a provider's recruiter names their own."""
    providers = policy.visible(user, Organisation).filter(kind=OrganisationKind.PROVIDER).order_by("name")
    if user.role == Role.PROVIDER_RECRUITER:
        return providers.filter(pk=user.organisation_id) if user.organisation_id else providers.none()
    return providers


def progression(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator records a progression from the young person's record."""
    person = person_for_change(request, pk)
    form = forms.ProgressionForm(request.POST or None, employers=_employers(signed_in(request)))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_progression(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The progression has been recorded.")
            return redirect("site:record", pk=person.pk)
    log_view(request, what="progression form", target=person)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": person.full_name,
            "heading": "Record a progression",
            "back_href": reverse("site:record", args=[person.pk]),
            "button_text": "Record the progression",
        },
    )


def employment_progression(request: HttpRequest, pk: int) -> HttpResponse:
    """A progression from a job's page: how a provider's recruiter records one for their own starter (the job's
    scope decides: a recruiter sees only the jobs with their organisation)."""
    job = _employment(request, pk, change=True)
    user = signed_in(request)
    person = job.offer.application.young_person
    form = forms.ProgressionForm(
        request.POST or None,
        employers=_employers(user),
        initial={"role": job.offer.role, "employer": job.offer.application.vacancy.provider_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_progression(actor=user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The progression has been recorded.")
            return redirect("support:employment", pk=job.pk)
    log_view(request, what="progression form", target=person, detail={"job": job.pk})
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": person.full_name,
            "heading": "Record a progression",
            "back_href": reverse("support:employment", args=[job.pk]),
            "button_text": "Record the progression",
        },
    )


def _provider(request: HttpRequest, pk: int) -> Organisation:
    user = signed_in(request)
    provider = policy.get_visible_or_404(user, Organisation.objects.filter(kind="provider"), pk=pk)
    if not policy.supports_provider(user, provider):
        raise PermissionDenied
    return provider


def issues(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request, pk)
    form = forms.IssueForm(request.POST or None, initial={"raised_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_issue(actor=signed_in(request), provider=provider, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The issue has been logged.")
            return redirect("support:issues", pk=provider.pk)
    return render(
        request,
        "support/issues.jinja",
        {"provider": provider, "issues": provider.support_issues.select_related("raised_by"), "form": form},
    )


def resolve(request: HttpRequest, pk: int, issue_pk: int) -> HttpResponse:
    provider = _provider(request, pk)
    issue = get_object_or_404(EmployerIssue, pk=issue_pk, provider=provider)
    form = forms.ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_issue(actor=signed_in(request), issue=issue, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The issue has been resolved.")
            return redirect("support:issues", pk=provider.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": f"{provider.name}: {issue}",
            "heading": "Resolve the issue",
            "back_href": reverse("support:issues", args=[provider.pk]),
            "button_text": "Resolve",
        },
    )


# --- surveys ----------------------------------------------------------------------------------------------


def surveys(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied
    can_manage = policy.allows(request.user, "campaigns.manage")
    form = forms.SurveyForm(request.POST or None) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.save_survey(actor=signed_in(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The survey has been saved.")
            return redirect("support:surveys")
    rows = Survey.objects.annotate(
        sent=Count("invitations"), answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False))
    )
    return render(request, "support/surveys.jinja", {"surveys": rows, "form": form})


def send_survey(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    form = forms.SendSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_survey(
                actor=signed_in(request),
                survey=form.cleaned_data["survey"],
                person=person,
                link_for=lambda token: request.build_absolute_uri(reverse("support:answer", args=[token])),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The survey link has been sent to {person.full_name}.")
            return redirect("site:record", pk=person.pk)
    log_view(request, what="send a survey form", target=person)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": person.full_name,
            "heading": "Send a survey",
            "back_href": reverse("site:record", args=[person.pk]),
            "button_text": "Send the link",
        },
    )


@login_not_required
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The young person's own survey page, reached by their personal link, no sign-in needed."""
    invitation = SurveyInvitation.objects.select_related("survey").filter(token=token).first()
    if invitation is None:
        raise Http404("This link does not work. Ask your coordinator for a new one.")
    if invitation.answered_on is not None:
        return render(request, "support/answered.jinja", {"survey": invitation.survey})
    questions = invitation.survey.parsed()
    form = forms.answer_form(questions, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(invitation=invitation, answers=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(request, "support/answered.jinja", {"survey": invitation.survey, "thanks": True})
    return render(
        request,
        "support/answer.jinja",
        {
            "form": form,
            "survey": invitation.survey,
            "heading": invitation.survey.title,
            "button_text": "Send my answers",
        },
    )


# --- mentoring and wellbeing ------------------------------------------------------------------------------


def mentors(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied
    form = forms.MentorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.save_mentor(
            actor=signed_in(request), **{**data, "icss": list(data["icss"]), "roles": list(data["roles"])}
        )
        messages.success(request, f"{data['name']} has been added.")
        return redirect("support:mentors")
    rows = Mentor.objects.select_related("organisation").prefetch_related("icss").annotate(mentees=Count("matches"))
    return render(request, "support/mentors.jinja", {"mentors": rows, "form": form, "roles": dict(JobRole.choices)})


def person_support(request: HttpRequest, pk: int) -> HttpResponse:
    """Mentoring and wellbeing support for one young person."""
    person = person_for_change(request, pk)
    user = signed_in(request)
    match_form = forms.MatchForm(request.POST if request.POST.get("form") == "match" else None, prefix="match")
    wellbeing_form = forms.WellbeingForm(request.POST if request.POST.get("form") == "wellbeing" else None, prefix="wb")
    session_form = forms.MentoringForm(
        request.POST if request.POST.get("form") == "session" else None, prefix="session"
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "match" and match_form.is_valid():
                services.match_mentor(actor=user, person=person, **match_form.cleaned_data)
                messages.success(request, "The mentor has been matched.")
                return redirect("support:person", pk=person.pk)
            if request.POST.get("form") == "wellbeing" and wellbeing_form.is_valid():
                services.refer_wellbeing(actor=user, person=person, **wellbeing_form.cleaned_data)
                messages.success(request, "The referral has been recorded.")
                return redirect("support:person", pk=person.pk)
            if request.POST.get("form") == "session" and session_form.is_valid():
                match = get_object_or_404(person.mentoring, pk=request.POST.get("match_pk", "0"))
                services.log_mentoring(actor=user, match=match, **session_form.cleaned_data)
                messages.success(request, "The mentoring session has been logged.")
                return redirect("support:person", pk=person.pk)
        except ValidationError as error:
            target = {"match": match_form, "wellbeing": wellbeing_form}.get(request.POST.get("form", ""), session_form)
            add_errors(target, error)
    log_view(request, what="mentoring and wellbeing", target=person)
    return render(
        request,
        "support/person.jinja",
        {
            "person": person,
            "suggestions": services.suggest_mentors(person)[:5],
            "matches": person.mentoring.select_related("mentor").prefetch_related("sessions"),
            "referrals": person.wellbeing_referrals.all(),
            "usage": person.wellbeing_usage.all(),
            "match_form": match_form,
            "wellbeing_form": wellbeing_form,
            "session_form": session_form,
        },
    )


def usage_import(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "imports.run"):
        raise PermissionDenied
    user = signed_in(request)
    form = forms.UsageForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems = ["The file is not UTF-8 text: save it as CSV UTF-8 and try again"]
        else:
            rows, problems = services.read_usage(text, people=policy.visible(user, YoungPerson))
            if not problems:
                count = services.import_usage(actor=user, rows=rows, checksum=hashlib.sha256(raw).hexdigest())
                messages.success(request, f"{count} rows of wellbeing app usage have been imported.")
                return redirect("support:usage-import")
    return render(request, "support/usage_import.jinja", {"form": form, "problems": problems})
