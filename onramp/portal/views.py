"""The young person's portal, phone first. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onramp.accounts import policy
from onramp.accounts.models import Role, User
from onramp.accounts.policy import signed_in
from onramp.core import audit
from onramp.core.viewlog import log_view
from onramp.core.web import add_errors
from onramp.participants import sar
from onramp.participants.models import ConsentPurpose, YoungPerson
from onramp.portal import forms, selectors, services, tokens
from onramp.recruitment.models import Vacancy


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _me(request: HttpRequest) -> tuple[User, YoungPerson]:
    user = signed_in(request)
    if not policy.allows(user, "portal.use"):
        raise PermissionDenied
    return user, selectors.me(user)


# --- signing up and signing in ------------------------------------------------------------------


@login_not_required
@never_cache
def join(request: HttpRequest) -> HttpResponse:
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.sign_up(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            email=data["email"],
            phone=data["phone"],
            base_url=_base_url(request),
        )
        if not result.eligible:
            return render(request, "portal/not_eligible.jinja", {"result": result})
        request.session["portal_link_sent_to"] = data["email"]
        return redirect("portal:check-email")
    return render(request, "portal/join.jinja", {"form": form})


@login_not_required
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    form = forms.LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_sign_in_link(email=form.cleaned_data["email"], base_url=_base_url(request))
        request.session["portal_link_sent_to"] = form.cleaned_data["email"]
        return redirect("portal:check-email")
    return render(request, "portal/sign_in.jinja", {"form": form})


@login_not_required
def check_email(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/check_email.jinja",
        {"email": request.session.get("portal_link_sent_to", ""), "minutes": tokens.LINK_MINUTES},
    )


@login_not_required
@never_cache
def link(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A sign-in link. Opening it shows a button (so that e-mail scanners that follow links do not spend it);
    pressing the button signs in."""
    try:
        user = User.objects.filter(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_active=True).first()
    except ValueError:
        user = None
    valid = user is not None and user.role == Role.YOUNG_PERSON and tokens.links.check_token(user, token)
    if not valid:
        return render(request, "portal/link_expired.jinja", {"minutes": tokens.LINK_MINUTES}, status=400)
    assert user is not None
    if request.method == "POST":
        login(request, user, backend="onramp.accounts.backends.EmailOrUsernameBackend")
        audit.record(actor=user, action="signed_in", detail={"by": "e-mail link"})
        return redirect("site:home")
    return render(request, "portal/link.jinja")


# --- signed in -------------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    try:
        _, person = _me(request)
    except Http404:
        # An account whose record was erased, or not yet joined to one.
        return render(request, "portal/no_record.jinja")
    return render(request, "portal/home.jinja", {"o": selectors.overview(person), "today": timezone.localdate()})


def plan(request: HttpRequest) -> HttpResponse:
    _, person = _me(request)
    return render(request, "portal/plan.jinja", {"o": selectors.overview(person), "today": timezone.localdate()})


def jobs(request: HttpRequest) -> HttpResponse:
    user, person = _me(request)
    return render(request, "portal/jobs.jinja", {"vacancies": selectors.open_vacancies(user, person)})


@require_POST
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _me(request)
    vacancy = policy.get_visible_or_404(user, Vacancy, pk=pk)
    if request.POST.get("interested") == "no":
        services.withdraw_interest(person=person, vacancy=vacancy)
        messages.success(request, f"You are no longer interested in {vacancy.title}.")
    else:
        try:
            services.express_interest(person=person, vacancy=vacancy)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Your coordinator will talk to you about {vacancy.title}.")
    return redirect("portal:jobs")


def grant(request: HttpRequest) -> HttpResponse:
    _, person = _me(request)
    form = forms.GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_grant(person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "We have your request. Your coordinator will tell you what happens next.")
            return redirect("site:home")
    return render(request, "portal/grant.jinja", {"form": form})


def details(request: HttpRequest) -> HttpResponse:
    _, person = _me(request)
    form = forms.ContactForm(
        request.POST or None,
        initial={"email": person.email, "phone": person.phone, "contact_by": person.contact_by},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact_details(person=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("site:home")
    return render(request, "portal/details.jinja", {"form": form, "person": person})


def consents(request: HttpRequest) -> HttpResponse:
    _, person = _me(request)
    in_force = {c.purpose: c for c in person.consents.in_force().select_related("organisation")}
    rows = [
        {
            "purpose": purpose,
            "label": label,
            "consent": in_force.get(purpose),
            "can_give": purpose in services.SELF_SERVICE_CONSENTS,
            "can_withdraw": purpose in services.WITHDRAWABLE_CONSENTS,
        }
        for purpose, label in CONSENT_WORDS.items()
        if purpose != ConsentPurpose.SHARE_WITH_EMPLOYER
    ]
    sharing = (
        person.consents.in_force().filter(purpose=ConsentPurpose.SHARE_WITH_EMPLOYER).select_related("organisation")
    )
    return render(request, "portal/consents.jinja", {"rows": rows, "sharing": sharing})


CONSENT_WORDS = {
    ConsentPurpose.DELIVERY: "Keeping your details to support you into work",
    ConsentPurpose.SURVEYS: "Asking you to fill in short surveys",
    ConsentPurpose.EVALUATION_CONTACT: "Contacting you later to ask how things went",
    ConsentPurpose.SHARE_WITH_EMPLOYER: "Sharing your name and contact details with an employer",
}


@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    _, person = _me(request)
    purpose = request.POST.get("purpose", "")
    try:
        if request.POST.get("change") == "give":
            services.give_consent(person=person, purpose=purpose)
            messages.success(request, "Thank you. That is saved.")
        else:
            consent = person.consents.in_force().filter(pk=request.POST.get("consent") or 0).first()
            if consent is None:
                raise ValidationError("That has already changed. Check the list below")
            services.withdraw_consent(person=person, consent=consent)
            messages.success(request, "That is saved. We will stop from today.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal:consents")


def password(request: HttpRequest) -> HttpResponse:
    user, _ = _me(request)
    form = forms.PasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, user)
        audit.record(actor=user, action="password_changed", target=user)
        messages.success(request, "Your password is set. You can sign in with your email address and password.")
        return redirect("site:home")
    return render(request, "portal/password.jinja", {"form": form})


def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about them (the subject access export). Audited."""
    _, person = _me(request)
    body = sar.zip_bytes(person)
    log_view(request, what="their own data", target=person, action="sar.exported", detail={"by": "the young person"})
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    return response
