"""Caseload, registration, the record and its journey. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from onramp.accounts import policy
from onramp.accounts.policy import signed_in
from onramp.core.concurrency import EditConflict, conflicted, unsaved_changes
from onramp.journey import selectors as journey_selectors
from onramp.journey import services as journey_services
from onramp.journey.models import STAGE_LABELS, JourneyEvent
from onramp.notifications import selectors as notification_selectors
from onramp.participants import forms, selectors, services
from onramp.participants.models import Campaign, Consent, Programme, ProgrammePhase, Target, YoungPerson
from onramp.portal.selectors import interests_of
from onramp.recruitment.models import Application
from onramp.training import selectors as training_selectors


def _require(request: HttpRequest, capability: str) -> None:
    if not policy.allows(request.user, capability):
        raise PermissionDenied


def _person_for_change(request: HttpRequest, pk: int) -> YoungPerson:
    _require(request, "young_people.list")
    person = selectors.record(user=signed_in(request), pk=pk)
    if not policy.can(request.user, "change", person, fetched_visible=True):
        raise PermissionDenied
    return person


def caseload(request: HttpRequest) -> HttpResponse:
    _require(request, "young_people.list")
    filters = selectors.CaseloadFilters.from_query(request.GET)
    page = selectors.caseload_page(user=signed_in(request), filters=filters, number=request.GET.get("page"))
    return render(
        request,
        "participants/caseload.jinja",
        {
            "page": page,
            "filters": filters,
            "stages": list(STAGE_LABELS.items()),
            "eligibilities": selectors.ELIGIBILITY_FILTERS,
            "choices": selectors.caseload_choices(user=signed_in(request)),
            "can_register": policy.allows(request.user, "young_people.register"),
        },
    )


def register(request: HttpRequest) -> HttpResponse:
    _require(request, "young_people.register")
    form = forms.RegistrationForm(request.POST or None, user=signed_in(request))
    duplicates: list[YoungPerson] = []
    hidden_duplicates = 0
    if request.method == "POST" and form.is_valid():
        details = form.details()
        matches = YoungPerson.objects.possible_duplicates(
            given_name=details["given_name"],
            family_name=details["family_name"],
            date_of_birth=details["date_of_birth"],
            email=details["email"],
            phone=details["phone"],
        )
        duplicates = list(policy.visible(request.user, matches)[:10])
        hidden_duplicates = matches.count() - policy.visible(request.user, matches).count()
        if (duplicates or hidden_duplicates) and not form.cleaned_data.get("confirm_not_duplicate"):
            form.offer_confirmation()
        else:
            try:
                with transaction.atomic():
                    person = services.register(actor=signed_in(request), **details)
                    if not policy.visible(request.user, YoungPerson).filter(pk=person.pk).exists():
                        # Placed outside the user's caseload: refuse (and roll back) rather than lose sight of them.
                        raise ValidationError(
                            {
                                "postcode": "This postcode is outside the integrated care systems you "
                                "cover. Check it, or ask a coordinator there to register them"
                            }
                        )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if person.eligible:
                    messages.success(request, f"{person} is registered and eligible for {person.programme}.")
                else:
                    messages.warning(request, f"{person} is registered, but is not eligible: see the reasons below.")
                return redirect("participants:record", pk=person.pk)
    return render(
        request,
        "participants/register.jinja",
        {"form": form, "duplicates": duplicates, "hidden_duplicates": hidden_duplicates},
    )


def record(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "young_people.list")
    user = signed_in(request)
    person = selectors.record(user=user, pk=pk)
    services.record_view(actor=user, person=person)
    from onramp.plans.selectors import plan_summary

    timeline = journey_selectors.timeline(person)
    return render(
        request,
        "participants/record.jinja",
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


def _details_as_saved(person: YoungPerson) -> dict[str, Any]:
    initial = {name: getattr(person, name) for name in forms.DetailsForm.base_fields if name != "postcode"}
    return initial | {"postcode": person.postcode, "version": person.version}


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_change(request, pk)
    form = forms.EditDetailsForm(request.POST or None, user=signed_in(request), initial=_details_as_saved(person))
    unsaved: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        postcode = values.pop("postcode")
        version = values.pop("version")
        try:
            services.update_details(
                actor=signed_in(request), person=person, postcode=postcode, expected_version=version, **values
            )
        except EditConflict:
            # Someone saved the record since this form was shown: show it as saved now, and what was typed.
            person.refresh_from_db()
            unsaved = unsaved_changes(form, _details_as_saved(person) | {"ics": person.ics})
            form = conflicted(forms.EditDetailsForm, initial=_details_as_saved(person), user=signed_in(request))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Their details have been saved.")
            return redirect("participants:record", pk=person.pk)
    return render(request, "participants/edit.jinja", {"form": form, "person": person, "unsaved": unsaved})


def record_event(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_change(request, pk)
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
    form = forms.EventForm(request.POST or None, user=signed_in(request), initial=initial)
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
            _add_errors(form, error)
        else:
            messages.success(
                request, "The event has been recorded." if corrects is None else "The event has been corrected."
            )
            return redirect(reverse("participants:record", args=[person.pk]) + "#timeline")
    return render(
        request,
        "participants/event_form.jinja",
        {
            "form": form,
            "person": person,
            "corrects": corrects,
            "reason": request.GET.get("reason", "") or request.POST.get("reason", ""),
        },
    )


def void_event(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    person = _person_for_change(request, pk)
    event = _event_of(person, str(event_pk))
    form = forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if form.cleaned_data["replace"]:
            return redirect(
                reverse("participants:record-event", args=[person.pk])
                + f"?corrects={event.pk}&"
                + f"reason={reason[:300]}"
            )
        try:
            journey_services.void_event(actor=signed_in(request), event=event, reason=reason)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The event is now void. It stays in the history, struck through.")
            return redirect(reverse("participants:record", args=[person.pk]) + "#timeline")
    return render(request, "participants/void_form.jinja", {"form": form, "person": person, "event": event})


def add_consent(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_change(request, pk)
    form = forms.ConsentForm(request.POST or None, user=signed_in(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The consent has been recorded.")
            return redirect(reverse("participants:record", args=[person.pk]) + "#consent")
    return render(request, "participants/consent_form.jinja", {"form": form, "person": person})


def withdraw_consent(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = _person_for_change(request, pk)
    consent = _consent_of(person, consent_pk)
    form = forms.WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(
                actor=signed_in(request),
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The withdrawal has been recorded and takes effect now.")
            return redirect(reverse("participants:record", args=[person.pk]) + "#consent")
    return render(request, "participants/withdraw_form.jinja", {"form": form, "person": person, "consent": consent})


def override_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "young_people.list")
    person = selectors.record(user=signed_in(request), pk=pk)
    if not policy.can(request.user, "override_eligibility", person, fetched_visible=True):
        raise PermissionDenied
    form = forms.OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_eligibility(
                actor=signed_in(request),
                person=person,
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The override has been recorded.")
            return redirect("participants:record", pk=person.pk)
    return render(request, "participants/override_form.jinja", {"form": form, "person": person})


def _event_of(person: YoungPerson, event_pk: str | None) -> JourneyEvent:
    from django.http import Http404

    if not event_pk or not re.fullmatch(r"[0-9]{1,18}", str(event_pk)):
        raise Http404
    event = person.events.select_related("organisation").filter(pk=int(event_pk)).first()
    if event is None:
        raise Http404
    return event


def _consent_of(person: YoungPerson, consent_pk: int) -> Consent:
    from django.http import Http404

    consent = person.consents.select_related("organisation").filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    return consent


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- programmes, phases and targets --------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    _require(request, "programmes.view")
    return render(
        request,
        "participants/programme_list.jinja",
        {
            "programmes": selectors.programmes(),
            "can_manage": policy.allows(request.user, "programmes.manage"),
        },
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "programmes.view")
    from onramp.evaluation.targets import phase_results

    programme = get_object_or_404(selectors.programmes(), pk=pk)
    exact = policy.allows(request.user, "evaluation.exact")
    results = {
        result.phase.pk: result
        for result in phase_results(
            as_of=timezone.localdate(), icbs=None, published=not exact, programme_id=programme.pk
        )
    }
    return render(
        request,
        "participants/programme_detail.jinja",
        {
            "programme": programme,
            "phases": [
                (phase, {item.target.pk: item for item in results[phase.pk].results} if phase.pk in results else {})
                for phase in programme.phases.prefetch_related("targets")
            ],
            "exact": exact,
            "can_manage": policy.allows(request.user, "programmes.manage"),
        },
    )


def programme_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "programmes.manage")
    programme = get_object_or_404(Programme, pk=pk) if pk is not None else None

    def as_saved(programme: Programme | None) -> dict[str, Any]:
        if programme is None:
            return {}
        return {field: getattr(programme, field) for field in services.PROGRAMME_FIELDS} | {
            "icss": list(programme.icss.all()),
            "version": programme.version,
        }

    form = forms.ProgrammeForm(request.POST or None, initial=as_saved(programme))
    unsaved: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in services.PROGRAMME_FIELDS}
        try:
            saved = services.save_programme(
                actor=signed_in(request),
                programme=programme,
                icss=list(form.cleaned_data["icss"]),
                expected_version=form.cleaned_data["version"],
                **values,
            )
        except EditConflict:
            assert programme is not None
            programme.refresh_from_db()
            unsaved = unsaved_changes(form, as_saved(programme))
            form = conflicted(forms.ProgrammeForm, initial=as_saved(programme))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("participants:programme-detail", pk=saved.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "heading": f"Change {programme.name}" if programme else "Add a programme",
            "back_href": reverse("participants:programme-detail", args=[programme.pk])
            if programme
            else reverse("participants:programme-list"),
            "button_text": "Save the programme",
            "unsaved": unsaved,
        },
    )


def phase_form(request: HttpRequest, pk: int, phase_pk: int | None = None) -> HttpResponse:
    _require(request, "programmes.manage")
    programme = get_object_or_404(Programme, pk=pk)
    phase = get_object_or_404(programme.phases, pk=phase_pk) if phase_pk is not None else None
    initial = {"name": phase.name, "starts_on": phase.starts_on, "ends_on": phase.ends_on} if phase else {}
    form = forms.PhaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_phase(actor=signed_in(request), programme=programme, phase=phase, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("participants:programme-detail", pk=programme.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": programme.name,
            "heading": f"Change {phase.name}" if phase else "Add a phase",
            "back_href": reverse("participants:programme-detail", args=[programme.pk]),
            "button_text": "Save the phase",
        },
    )


def target_form(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    _require(request, "programmes.manage")
    phase = get_object_or_404(ProgrammePhase.objects.select_related("programme"), pk=phase_pk, programme_id=pk)
    form = forms.TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.set_target(actor=signed_in(request), phase=phase, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Target set: {target}.")
            return redirect("participants:programme-detail", pk=pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": str(phase),
            "heading": "Set a target",
            "back_href": reverse("participants:programme-detail", args=[pk]),
            "button_text": "Set the target",
        },
    )


def target_remove(request: HttpRequest, pk: int, phase_pk: int, target_pk: int) -> HttpResponse:
    _require(request, "programmes.manage")
    target = get_object_or_404(
        Target.objects.select_related("phase__programme"), pk=target_pk, phase_id=phase_pk, phase__programme_id=pk
    )
    if request.method == "POST":
        services.remove_target(actor=signed_in(request), target=target)
        messages.success(request, f"Target removed: {target}.")
        return redirect("participants:programme-detail", pk=pk)
    return render(request, "participants/target_remove.jinja", {"target": target})


# --- campaigns --------------------------------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    _require(request, "campaigns.view")
    campaigns = Campaign.objects.select_related("provider", "ics", "programme").annotate(
        signed_up=Count("young_people")
    )
    return render(
        request,
        "participants/campaign_list.jinja",
        {"campaigns": campaigns, "can_manage": policy.allows(request.user, "campaigns.manage")},
    )


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "campaigns.view")
    from onramp.evaluation import charts, dashboard
    from onramp.evaluation.disclosure import primary

    campaign = get_object_or_404(Campaign.objects.select_related("provider", "ics", "programme"), pk=pk)
    today = timezone.localdate()
    steps = dashboard.funnel(start=datetime.date.min, end=today, as_of=today, icbs=None, campaign_id=campaign.pk)
    exact = policy.allows(request.user, "evaluation.exact")
    if not exact:  # coordinators see campaign funnels as published figures: small counts hidden
        steps = [
            dashboard.FunnelStep(s.key, s.label, None, None, None) if s.count and primary(s.count) else s for s in steps
        ]
    return render(
        request,
        "participants/campaign_detail.jinja",
        {
            "campaign": campaign,
            "steps": steps,
            "bars": charts.funnel_bars(steps),
            "exact": exact,
            "can_manage": policy.allows(request.user, "campaigns.manage"),
        },
    )


def campaign_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, "campaigns.manage")
    campaign = get_object_or_404(Campaign, pk=pk) if pk is not None else None
    initial = {field: getattr(campaign, field) for field in services.CAMPAIGN_FIELDS} if campaign else {}
    form = forms.CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_campaign(actor=signed_in(request), campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("participants:campaign-detail", pk=saved.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "heading": f"Change {campaign.name}" if campaign else "Add a campaign",
            "back_href": reverse("participants:campaign-list"),
            "button_text": "Save the campaign",
        },
    )


def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on this young person, as a zip (JSON and a readable summary). Audited."""
    _require(request, "sar.run")
    from onramp.core import audit
    from onramp.participants import sar

    person = selectors.record(user=signed_in(request), pk=pk)
    body = sar.zip_bytes(person)
    audit.record(actor=signed_in(request), action="sar.exported", target=person)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.reference or person.pk}.zip"'
    return response


def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a young person's personal details (UK GDPR article 17), keeping the journey pseudonymised."""
    _require(request, "sar.run")
    from onramp.participants import erasure

    person = selectors.record(user=signed_in(request), pk=pk)
    form = forms.EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erasure.erase(actor=signed_in(request), person=person, reason=form.cleaned_data["reason"])
        messages.success(request, "The personal details have been erased. The journey is kept, pseudonymised.")
        return redirect("participants:record", pk=person.pk)
    return render(request, "participants/erase.jinja", {"form": form, "person": person})
