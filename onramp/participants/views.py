"""Caseload, registration, the record and its journey. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from onramp.accounts import policy
from onramp.accounts.policy import signed_in
from onramp.core.concurrency import EditConflict, conflicted, unsaved_changes
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.participants import erasure, forms, sar, selectors, services
from onramp.participants.models import Campaign, Consent, Programme, ProgrammePhase, Target, YoungPerson


def require(request: HttpRequest, capability: str) -> None:
    """Refuse (403) unless the signed-in user has the capability."""
    if not policy.allows(request.user, capability):
        raise PermissionDenied


def person_for_change(request: HttpRequest, pk: int) -> YoungPerson:
    """The young person a page about to change their record is for: refused unless the user may change it."""
    require(request, "young_people.list")
    person = selectors.record(user=signed_in(request), pk=pk)
    if not policy.can(request.user, "change", person, fetched_visible=True):
        raise PermissionDenied
    return person


def register(request: HttpRequest) -> HttpResponse:
    require(request, "young_people.register")
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
                add_errors(form, error)
            else:
                if person.eligible:
                    messages.success(request, f"{person} is registered and eligible for {person.programme}.")
                else:
                    messages.warning(request, f"{person} is registered, but is not eligible: see the reasons below.")
                return redirect("site:record", pk=person.pk)
    if duplicates:
        log_view(request, what="possible duplicates", ids=duplicates)
    return render(
        request,
        "participants/register.jinja",
        {"form": form, "duplicates": duplicates, "hidden_duplicates": hidden_duplicates},
    )


def _details_as_saved(person: YoungPerson) -> dict[str, Any]:
    initial = {name: getattr(person, name) for name in forms.DetailsForm.base_fields if name != "postcode"}
    return initial | {"postcode": person.postcode, "version": person.version}


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
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
            add_errors(form, error)
        else:
            messages.success(request, "Their details have been saved.")
            return redirect("site:record", pk=person.pk)
    log_view(request, what="details", target=person)
    return render(request, "participants/edit.jinja", {"form": form, "person": person, "unsaved": unsaved})


def add_consent(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
    form = forms.ConsentForm(request.POST or None, user=signed_in(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(actor=signed_in(request), person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The consent has been recorded.")
            return redirect(reverse("site:record", args=[person.pk]) + "#consent")
    log_view(request, what="consent form", target=person)
    return render(request, "participants/consent_form.jinja", {"form": form, "person": person})


def withdraw_consent(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = person_for_change(request, pk)
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
            add_errors(form, error)
        else:
            messages.success(request, "The withdrawal has been recorded and takes effect now.")
            return redirect(reverse("site:record", args=[person.pk]) + "#consent")
    log_view(request, what="consent withdrawal form", target=person)
    return render(request, "participants/withdraw_form.jinja", {"form": form, "person": person, "consent": consent})


def override_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "young_people.list")
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
            add_errors(form, error)
        else:
            messages.success(request, "The override has been recorded.")
            return redirect("site:record", pk=person.pk)
    log_view(request, what="eligibility override form", target=person)
    return render(request, "participants/override_form.jinja", {"form": form, "person": person})


def _consent_of(person: YoungPerson, consent_pk: int) -> Consent:
    consent = person.consents.select_related("organisation").filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    return consent


# --- programmes, phases and targets --------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    require(request, "programmes.view")
    return render(
        request,
        "participants/programme_list.jinja",
        {
            "programmes": selectors.programmes(),
            "can_manage": policy.allows(request.user, "programmes.manage"),
        },
    )


def programme_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request, "programmes.manage")
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
            add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("evaluation:programme-detail", pk=saved.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "heading": f"Change {programme.name}" if programme else "Add a programme",
            "back_href": reverse("evaluation:programme-detail", args=[programme.pk])
            if programme
            else reverse("participants:programme-list"),
            "button_text": "Save the programme",
            "unsaved": unsaved,
        },
    )


def phase_form(request: HttpRequest, pk: int, phase_pk: int | None = None) -> HttpResponse:
    require(request, "programmes.manage")
    programme = get_object_or_404(Programme, pk=pk)
    phase = get_object_or_404(programme.phases, pk=phase_pk) if phase_pk is not None else None
    initial = {"name": phase.name, "starts_on": phase.starts_on, "ends_on": phase.ends_on} if phase else {}
    form = forms.PhaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_phase(actor=signed_in(request), programme=programme, phase=phase, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been saved.")
            return redirect("evaluation:programme-detail", pk=programme.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": programme.name,
            "heading": f"Change {phase.name}" if phase else "Add a phase",
            "back_href": reverse("evaluation:programme-detail", args=[programme.pk]),
            "button_text": "Save the phase",
        },
    )


def target_form(request: HttpRequest, pk: int, phase_pk: int) -> HttpResponse:
    require(request, "programmes.manage")
    phase = get_object_or_404(ProgrammePhase.objects.select_related("programme"), pk=phase_pk, programme_id=pk)
    form = forms.TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.set_target(actor=signed_in(request), phase=phase, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Target set: {target}.")
            return redirect("evaluation:programme-detail", pk=pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": str(phase),
            "heading": "Set a target",
            "back_href": reverse("evaluation:programme-detail", args=[pk]),
            "button_text": "Set the target",
        },
    )


def target_remove(request: HttpRequest, pk: int, phase_pk: int, target_pk: int) -> HttpResponse:
    require(request, "programmes.manage")
    target = get_object_or_404(
        Target.objects.select_related("phase__programme"), pk=target_pk, phase_id=phase_pk, phase__programme_id=pk
    )
    if request.method == "POST":
        services.remove_target(actor=signed_in(request), target=target)
        messages.success(request, f"Target removed: {target}.")
        return redirect("evaluation:programme-detail", pk=pk)
    return render(request, "participants/target_remove.jinja", {"target": target})


# --- campaigns --------------------------------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request, "campaigns.view")
    campaigns = Campaign.objects.select_related("provider", "ics", "programme").annotate(
        signed_up=Count("young_people")
    )
    return render(
        request,
        "participants/campaign_list.jinja",
        {"campaigns": campaigns, "can_manage": policy.allows(request.user, "campaigns.manage")},
    )


def campaign_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request, "campaigns.manage")
    campaign = get_object_or_404(Campaign, pk=pk) if pk is not None else None
    initial = {field: getattr(campaign, field) for field in services.CAMPAIGN_FIELDS} if campaign else {}
    form = forms.CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_campaign(actor=signed_in(request), campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect("evaluation:campaign-detail", pk=saved.pk)
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
    require(request, "sar.run")
    person = selectors.record(user=signed_in(request), pk=pk)
    body = sar.zip_bytes(person)
    log_view(request, what="subject access request", target=person, action="sar.exported")
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.reference or person.pk}.zip"'
    return response


def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a young person's personal details (UK GDPR article 17), keeping the journey pseudonymised."""
    require(request, "sar.run")
    person = selectors.record(user=signed_in(request), pk=pk)
    form = forms.EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erasure.erase(actor=signed_in(request), person=person, reason=form.cleaned_data["reason"])
        messages.success(request, "The personal details have been erased. The journey is kept, pseudonymised.")
        return redirect("site:record", pk=person.pk)
    log_view(request, what="erasure form", target=person)
    return render(request, "participants/erase.jinja", {"form": form, "person": person})
