"""Recruitment pages: vacancies, referrals, an application's pipeline, interviews and their values scores,
offers, guaranteed interviews and calibration. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.models import KeyContact, Organisation, Role
from onramp.accounts.policy import signed_in
from onramp.core.concurrency import EditConflict, conflicted, unsaved_changes
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.participants.models import YoungPerson
from onramp.recruitment import forms, selectors, services
from onramp.recruitment.models import (
    QUESTIONS,
    Application,
    EmploymentNeed,
    Entitlement,
    EntitlementStatus,
    Interview,
    Offer,
    PipelineSettings,
    Vacancy,
    Value,
)


def _require(request: HttpRequest, capability: str) -> None:
    if not policy.allows(request.user, capability):
        raise PermissionDenied


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "form_page.jinja", {"form": form, **context})


# --- vacancies ----------------------------------------------------------------------------------------


def vacancy_list(request: HttpRequest) -> HttpResponse:
    _require(request, "vacancies.list")
    user = signed_in(request)
    vacancies = policy.visible(user, Vacancy).select_related("provider")
    return render(
        request,
        "recruitment/vacancy_list.jinja",
        {
            "vacancies": vacancies,
            "today": timezone.localdate(),
            "can_add": policy.allows(user, "vacancies.manage"),
            "can_calibrate": policy.allows(user, "calibration.view"),
            "can_campaigns": policy.allows(user, "campaigns.view"),
        },
    )


def _providers_for(request: HttpRequest) -> Any:
    user = signed_in(request)
    providers = policy.visible(user, Organisation).filter(kind="provider").order_by("name")
    if user.role == Role.PROVIDER_RECRUITER:
        providers = providers.filter(pk=user.organisation_id or 0)
    return providers


def _vacancy_as_saved(vacancy: Vacancy) -> dict[str, Any]:
    return {field: getattr(vacancy, field) for field in services.VACANCY_FIELDS} | {
        "provider": vacancy.provider,
        "programmes": list(vacancy.programmes.all()),
        "version": vacancy.version,
    }


def vacancy_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "vacancies.manage")
    user = signed_in(request)
    vacancy = None
    initial: dict[str, Any] = {"closing_on": None}
    if pk is not None:
        vacancy = policy.get_visible_or_404(user, Vacancy, pk=pk)
        if not policy.can(user, "change", vacancy):
            raise PermissionDenied
        initial = _vacancy_as_saved(vacancy)
    form = forms.VacancyForm(request.POST or None, initial=initial, providers=_providers_for(request))
    unsaved: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in services.VACANCY_FIELDS}
        try:
            saved = services.save_vacancy(
                actor=user,
                vacancy=vacancy,
                provider=form.cleaned_data["provider"],
                programmes=list(form.cleaned_data["programmes"]),
                expected_version=form.cleaned_data["version"],
                **values,
            )
        except EditConflict:
            # Someone saved the vacancy since this form was shown: show it as saved now, and what was typed.
            assert vacancy is not None
            vacancy.refresh_from_db()
            unsaved = unsaved_changes(form, _vacancy_as_saved(vacancy))
            form = conflicted(forms.VacancyForm, initial=_vacancy_as_saved(vacancy), providers=_providers_for(request))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{saved.title} has been saved.")
            return redirect("recruitment:vacancy-detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        heading=f"Change {vacancy.title}" if vacancy else "Add a vacancy",
        back_href=reverse("recruitment:vacancy-detail", args=[vacancy.pk])
        if vacancy
        else reverse("recruitment:vacancy-list"),
        button_text="Save the vacancy",
        unsaved=unsaved,
    )


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "vacancies.list")
    user = signed_in(request)
    vacancy = policy.get_visible_or_404(user, Vacancy.objects.select_related("provider"), pk=pk)
    applications = list(policy.visible(user, Application).filter(vacancy=vacancy).select_related("young_person"))
    log_view(request, what="vacancy's applicants", target=vacancy, ids=[a.young_person_id for a in applications])
    return render(
        request,
        "recruitment/vacancy_detail.jinja",
        {
            "vacancy": vacancy,
            "applications": applications,
            "open": vacancy.open_for_referrals(timezone.localdate()),
            "can_change": policy.can(user, "change", vacancy),
            "can_refer": policy.can(user, "refer", vacancy),
            "contacts": KeyContact.objects.filter(organisation=vacancy.provider),
        },
    )


def refer(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "referrals.make")
    user = signed_in(request)
    vacancy = policy.get_visible_or_404(user, Vacancy.objects.select_related("provider"), pk=pk)
    if not policy.can(user, "refer", vacancy):
        raise PermissionDenied
    people = (
        policy.visible(user, YoungPerson).exclude(applications__vacancy=vacancy).order_by("family_name", "given_name")
    )
    form = forms.ReferForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.refer(actor=user, person=form.cleaned_data["young_person"], vacancy=vacancy)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{application.young_person.full_name} has been referred.")
            return redirect("recruitment:application-detail", pk=application.pk)
    log_view(request, what="people who may be referred", target=vacancy, ids=people.values_list("pk", flat=True))
    return _form_page(
        request,
        form,
        caption=str(vacancy),
        heading="Refer a young person",
        back_href=reverse("recruitment:vacancy-detail", args=[vacancy.pk]),
        button_text="Refer",
    )


# --- an application -----------------------------------------------------------------------------------


def _application(request: HttpRequest, pk: int, *, action: str | None = None) -> Application:
    _require(request, "vacancies.list")
    user = signed_in(request)
    application = policy.get_visible_or_404(
        user, Application.objects.select_related("young_person", "vacancy__provider"), pk=pk
    )
    if action is not None and not policy.can(user, action, application):
        raise PermissionDenied
    return application


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    user = signed_in(request)
    person = application.young_person
    interviews = application.interviews.prefetch_related("scores__interviewer", "consensus", "panel")
    log_view(request, what="application", target=person, detail={"application": application.pk})
    return render(
        request,
        "recruitment/application_detail.jinja",
        {
            "application": application,
            "person": person,
            "staff": user.role != Role.PROVIDER_RECRUITER,
            "history": application.history.select_related("changed_by"),
            "interviews": interviews,
            "offer": Offer.objects.filter(application=application).first(),
            "contacts": KeyContact.objects.filter(organisation=application.vacancy.provider),
            "entitlement": Entitlement.objects.filter(young_person=person, provider=application.vacancy.provider)
            .order_by("-granted_on")
            .first(),
            "can_progress": policy.can(user, "progress", application),
            "next_stages": application.next_stages(),
            "values": list(Value),
        },
    )


def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, action="progress")
    form = forms.MoveForm(request.POST or None, stages=application.next_stages())
    if request.method == "POST" and form.is_valid():
        try:
            services.move(actor=signed_in(request), application=application, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The application is now {application.get_stage_display().lower()}.")
            return redirect("recruitment:application-detail", pk=application.pk)
    log_view(
        request, what="application stage form", target=application.young_person, detail={"application": application.pk}
    )
    return _form_page(
        request,
        form,
        caption=str(application),
        heading="Move the application on",
        back_href=reverse("recruitment:application-detail", args=[application.pk]),
        button_text="Save",
    )


def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, action="progress")
    live = Entitlement.objects.filter(
        young_person=application.young_person,
        provider=application.vacancy.provider,
        status=EntitlementStatus.OPEN,
    ).exists()
    form = forms.InterviewForm(request.POST or None, initial={"guaranteed": live})
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_interview(actor=signed_in(request), application=application, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The interview has been scheduled.")
            return redirect("recruitment:application-detail", pk=application.pk)
    log_view(request, what="interview form", target=application.young_person, detail={"application": application.pk})
    return _form_page(
        request,
        form,
        caption=str(application),
        heading="Schedule an interview",
        back_href=reverse("recruitment:application-detail", args=[application.pk]),
        button_text="Schedule the interview",
    )


def _interview(request: HttpRequest, pk: int) -> Interview:
    _require(request, "vacancies.list")
    user = signed_in(request)
    interview = policy.get_visible_or_404(
        user, Interview.objects.select_related("application__young_person", "application__vacancy"), pk=pk
    )
    if not policy.can(user, "score", interview):
        raise PermissionDenied
    return interview


def interview_score(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _interview(request, pk)
    user = signed_in(request)
    mine = {s.value: s for s in interview.scores.filter(interviewer=user)}
    initial = {f"score_{v}": str(s.score) for v, s in mine.items()} | {
        f"evidence_{v}": s.evidence for v, s in mine.items()
    }
    form = forms.ScoresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_interview(actor=user, interview=interview, interviewer=user, scores=form.scores())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your scores have been saved.")
            return redirect("recruitment:application-detail", pk=interview.application_id)
    log_view(
        request,
        what="interview scores",
        target=interview.application.young_person,
        detail={"interview": interview.pk},
    )
    return render(
        request,
        "recruitment/scores_form.jinja",
        {
            "form": form,
            "interview": interview,
            "heading": "Your values scores",
            "button_text": "Save my scores",
            "questions": QUESTIONS,
        },
    )


def interview_consensus(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _interview(request, pk)
    agreed = {s.value: s for s in interview.consensus.all()}
    scores: dict[str, list[int]] = {}
    for item in interview.scores.all():
        scores.setdefault(item.value, []).append(item.score)
    initial: dict[str, Any] = {f"score_{v}": str(s.score) for v, s in agreed.items()}
    initial |= {f"evidence_{v}": s.evidence for v, s in agreed.items()}
    for value, found in scores.items():  # start from the middle of the panel's scores
        initial.setdefault(f"score_{value}", str(sorted(found)[len(found) // 2]))
    form = forms.ScoresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agree_consensus(actor=signed_in(request), interview=interview, scores=form.scores())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The panel's scores have been saved.")
            return redirect("recruitment:application-detail", pk=interview.application_id)
    log_view(
        request,
        what="interview scores",
        target=interview.application.young_person,
        detail={"interview": interview.pk},
    )
    return render(
        request,
        "recruitment/scores_form.jinja",
        {
            "form": form,
            "interview": interview,
            "heading": "The panel's agreed scores",
            "button_text": "Save the panel's scores",
            "panel_scores": scores,
            "questions": QUESTIONS,
        },
    )


def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, action="progress")
    vacancy = application.vacancy
    form = forms.OfferForm(
        request.POST or None,
        initial={
            "role": vacancy.role,
            "hours": vacancy.hours,
            "band_or_pay": vacancy.band_or_pay,
            "made_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.make_offer(actor=signed_in(request), application=application, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The offer has been recorded.")
            return redirect("recruitment:application-detail", pk=application.pk)
    log_view(request, what="offer form", target=application.young_person, detail={"application": application.pk})
    return _form_page(
        request,
        form,
        caption=str(application),
        heading="Record an offer",
        back_href=reverse("recruitment:application-detail", args=[application.pk]),
        button_text="Record the offer",
    )


def offer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "vacancies.list")
    user = signed_in(request)
    application = policy.get_visible_or_404(user, Application, offer__pk=pk)
    if not policy.can(user, "progress", application):
        raise PermissionDenied
    offer = Offer.objects.get(pk=pk)
    first = selectors.offers_in_force(application.young_person, excluding=offer).first()
    in_force = (
        f"{application.young_person.full_name} has accepted an offer from {first.application.vacancy.provider.name} "
        f"({first.get_role_display().lower()}) and that job has not ended. Accepting this one needs confirming."
        if first is not None
        else ""
    )
    form = forms.AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()}, in_force=in_force)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_offer(
                actor=user,
                offer=offer,
                accepted=form.cleaned_data["accepted"] == "yes",
                answered_on=form.cleaned_data["answered_on"],
                reason=form.cleaned_data["reason"],
                confirm_second_offer=form.cleaned_data.get("confirm_second_offer", False),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The offer has been {offer.get_status_display().lower()}.")
            return redirect("recruitment:application-detail", pk=application.pk)
    log_view(request, what="offer answer form", target=application.young_person, detail={"offer": offer.pk})
    return _form_page(
        request,
        form,
        caption=str(offer),
        heading="Record the answer to the offer",
        back_href=reverse("recruitment:application-detail", args=[application.pk]),
        button_text="Save the answer",
    )


# --- guaranteed interviews and calibration ----------------------------------------------------------------


def entitlement_list(request: HttpRequest) -> HttpResponse:
    _require(request, "vacancies.list")
    user = signed_in(request)
    entitlements = selectors.entitlements(user)
    flagged = selectors.needing_attention(entitlements)
    live = list(entitlements.filter(status__in=[EntitlementStatus.OPEN, EntitlementStatus.SCHEDULED]))
    log_view(request, what="guaranteed interviews", ids=dict.fromkeys(e.young_person_id for e in live))
    return render(
        request,
        "recruitment/entitlement_list.jinja",
        {
            "flagged": flagged,
            "live": live,
            "fulfilment": selectors.fulfilment(entitlements),
            "can_withdraw": user.role in policy.ACTIONS[Entitlement]["withdraw"],
        },
    )


def entitlement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "vacancies.list")
    user = signed_in(request)
    entitlement = policy.get_visible_or_404(user, Entitlement.objects.select_related("young_person", "provider"), pk=pk)
    if not policy.can(user, "withdraw", entitlement):
        raise PermissionDenied
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_entitlement(actor=user, entitlement=entitlement, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The guaranteed interview has been withdrawn.")
            return redirect("recruitment:entitlement-list")
    log_view(request, what="guaranteed interview", target=entitlement.young_person)
    return _form_page(
        request,
        form,
        caption=str(entitlement),
        heading="Withdraw a guaranteed interview",
        back_href=reverse("recruitment:entitlement-list"),
        button_text="Withdraw it",
    )


def calibration(request: HttpRequest) -> HttpResponse:
    _require(request, "calibration.view")
    user = signed_in(request)
    interviews = policy.visible(user, Interview)
    return render(request, "recruitment/calibration.jinja", {"rows": selectors.calibration(interviews)})


# --- local employment needs -----------------------------------------------------------------------------


def _needs_for(request: HttpRequest) -> Any:
    user = signed_in(request)
    providers = policy.visible(user, Organisation).filter(kind="provider")
    if user.role == Role.PROVIDER_RECRUITER:
        providers = providers.filter(pk=user.organisation_id or 0)
    return EmploymentNeed.objects.filter(provider__in=providers).select_related("provider")


def need_list(request: HttpRequest) -> HttpResponse:
    _require(request, "vacancies.list")
    return render(
        request,
        "recruitment/need_list.jinja",
        {"needs": _needs_for(request), "can_add": policy.allows(request.user, "vacancies.manage")},
    )


def need_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "vacancies.manage")
    need = get_object_or_404(_needs_for(request), pk=pk) if pk is not None else None
    initial = (
        {
            "provider": need.provider,
            "role": need.role,
            "number": need.number,
            "needed_by": need.needed_by,
            "notes": need.notes,
        }
        if need
        else {}
    )
    form = forms.NeedForm(request.POST or None, initial=initial, providers=_providers_for(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_need(actor=signed_in(request), need=need, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The employment need has been saved.")
            return redirect("recruitment:need-list")
    return _form_page(
        request,
        form,
        heading="Change a local employment need" if need else "Add a local employment need",
        back_href=reverse("recruitment:need-list"),
        button_text="Save",
    )


def pipeline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A provider's recruitment pipeline: administrators, and the provider's own recruiters."""
    user = signed_in(request)
    provider = policy.get_visible_or_404(user, Organisation.objects.filter(kind="provider"), pk=pk)
    if not policy.manages_provider(user, provider):
        raise PermissionDenied
    current = PipelineSettings.objects.filter(provider=provider).first()
    form = forms.PipelineForm(  # bound even when the only box is unticked (an empty POST)
        request.POST if request.method == "POST" else None,
        initial={"uses_screening": current.uses_screening if current else True},
    )
    if request.method == "POST" and form.is_valid():
        services.set_pipeline(actor=user, provider=provider, uses_screening=form.cleaned_data["uses_screening"])
        messages.success(request, f"{provider.name}'s recruitment pipeline has been saved.")
        return redirect("accounts:organisation-detail", pk=provider.pk)
    return _form_page(
        request,
        form,
        caption=provider.name,
        heading="Recruitment pipeline",
        back_href=reverse("accounts:organisation-detail", args=[provider.pk]),
        button_text="Save",
    )
