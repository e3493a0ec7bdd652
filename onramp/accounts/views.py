"""Signing in and out, passwords, organisations and accounts. Thin: parse, call, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from onramp.accounts import forms, policy, selectors, services, tokens
from onramp.accounts.models import ApiToken, Organisation, OrganisationKind, Role, User
from onramp.accounts.policy import signed_in
from onramp.core import audit, totp
from onramp.core import selectors as core_selectors
from onramp.core.forms import AuditFilterForm

PENDING = "two_factor_pending"


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def _finish_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    pending = request.session.pop(PENDING)
    login(request, user, backend=pending["backend"])
    audit.record(actor=user, action="signed_in", detail={"two_factor": True})
    return redirect(pending["next"] or settings.LOGIN_REDIRECT_URL)


def _code_refused(request: HttpRequest, form: forms.TwoFactorForm, user: User) -> None:
    audit.record(
        actor=None, actor_label="anonymous", action="sign_in_failed", detail={"login": user.username, "code": True}
    )
    form.add_error("code", "Enter the 6-digit code your authenticator app shows now")


@login_not_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the authenticator app."""
    user = _pending_user(request)
    if user is None or not user.totp_confirmed_at:
        return redirect("accounts:sign-in")
    form = forms.TwoFactorForm(request.POST or None, login=user.username)
    if request.method == "POST" and form.is_valid():
        step = totp.verify(user.totp_secret, form.cleaned_data["code"], last_step=user.totp_last_step)
        if step is None:
            _code_refused(request, form, user)
        else:
            user.totp_last_step = step
            user.save(update_fields=["totp_last_step"])
            return _finish_sign_in(request, user)
    return render(request, "accounts/two_factor.jinja", {"form": form})


@login_not_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of a staff or provider user: add Onramp to an authenticator app, then confirm a code."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign-in")
    if user.totp_confirmed_at:
        return redirect("accounts:two-factor")
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
        user.save(update_fields=["totp_secret_encrypted"])
    form = forms.TwoFactorForm(request.POST or None, login=user.username)
    if request.method == "POST" and form.is_valid():
        step = totp.verify(user.totp_secret, form.cleaned_data["code"])
        if step is None:
            _code_refused(request, form, user)
        else:
            user.totp_confirmed_at = timezone.now()
            user.totp_last_step = step
            user.save(update_fields=["totp_confirmed_at", "totp_last_step"])
            audit.record(actor=user, action="two_factor.set_up", target=user)
            return _finish_sign_in(request, user)
    secret = user.totp_secret
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "uri": totp.provisioning_uri(secret, account=user.email or user.username, issuer=settings.PROGRAMME_NAME),
        },
    )


@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator resets someone's two-factor sign-in (a lost phone): they set it up again next time."""
    target = policy.get_visible_or_404(request.user, User, pk=pk)
    if not policy.can(request.user, "change", target):
        raise PermissionDenied
    target.totp_secret = ""
    target.totp_confirmed_at = None
    target.totp_last_step = None
    target.save(update_fields=["totp_secret_encrypted", "totp_confirmed_at", "totp_last_step"])
    audit.record(actor=signed_in(request), action="two_factor.reset", target=target)
    messages.success(request, f"{target}'s two-factor sign-in has been reset.")
    return redirect("accounts:user-detail", pk=target.pk)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.jinja"
    form_class = forms.SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: forms.SignInForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if isinstance(user, User) and user.needs_two_factor:
            # The password was right; the session is not signed in until the code is too.
            self.request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": self.get_success_url()}
            return redirect("accounts:two-factor" if user.totp_confirmed_at else "accounts:two-factor-setup")
        response = super().form_valid(form)
        audit.record(actor=user, action="signed_in")
        return response

    def form_invalid(self, form: forms.SignInForm) -> HttpResponse:  # type: ignore[override]
        attempted = (form.data.get("username") or "").strip()[:150]
        if attempted:
            audit.record(actor=None, actor_label="anonymous", action="sign_in_failed", detail={"login": attempted})
        return super().form_invalid(form)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    audit.record(actor=request.user, action="signed_out")
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: forms.PasswordResetForm) -> HttpResponse:  # type: ignore[override]
        audit.record(
            actor=None,
            actor_label="anonymous",
            action="password_reset_requested",
            detail={"email": form.cleaned_data["email"]},
        )
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: forms.SetPasswordForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        audit.record(actor=form.user, action="password_changed", target=form.user, detail={"how": "reset"})
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.jinja"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:my-account")

    def form_valid(self, form: forms.PasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action="password_changed", target=form.user, detail={"how": "change"})
        messages.success(self.request, "Your password has been changed.")
        return response


def my_account(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    can_tokens = policy.allows(user, "api_tokens.own")
    return render(
        request,
        "accounts/my_account.jinja",
        {
            "account": user,
            "can_tokens": can_tokens,
            "tokens": selectors.api_tokens(user=user, owner=user) if can_tokens else [],
            "form": forms.TokenForm(),
        },
    )


@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Make an API token for yourself. It is shown once, on this page, and never again."""
    user = signed_in(request)
    if not policy.allows(user, "api_tokens.own"):
        raise PermissionDenied
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = tokens.create_token(
            actor=user, user=user, name=form.cleaned_data["name"], expires_in_days=form.cleaned_data["expires_in_days"]
        )
        return render(request, "accounts/token_created.jinja", {"token": token, "name": form.cleaned_data["name"]})
    return render(request, "accounts/token_form.jinja", {"form": form})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    record = policy.get_visible_or_404(user, ApiToken.objects.select_related("user"), pk=pk)
    if not policy.can(user, "revoke", record):
        raise PermissionDenied
    tokens.revoke_token(actor=user, prefix=record.prefix)
    messages.success(request, f"The token {record.prefix} ({record.name or 'no name'}) no longer works.")
    if record.user_id == user.pk:
        return redirect("accounts:my-account")
    return redirect("accounts:user-detail", pk=record.user_id)


# --- organisations ---------------------------------------------------------------


def organisation_list(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "organisations.list"):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.organisations(user=request.user, kind=kind, query=query)  # type: ignore[arg-type]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.jinja",
        {
            "page": page,
            "kind": kind,
            "query": query,
            "kinds": OrganisationKind.choices,
            "can_manage": policy.allows(request.user, "organisations.manage"),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(
        request.user, Organisation.objects.prefetch_related("icss", "members"), pk=pk
    )
    return render(
        request,
        "accounts/organisation_detail.jinja",
        {
            "organisation": organisation,
            "can_change": policy.can(request.user, "change", organisation),
            "contacts": organisation.contacts.all(),
            "pipeline": getattr(organisation, "pipeline", None),
            "can_pipeline": policy.manages_provider(request.user, organisation),
            "can_issues": policy.supports_provider(request.user, organisation),
        },
    )


def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(request.user, Organisation, pk=pk)
    if not policy.can(request.user, "change", organisation):
        raise PermissionDenied
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.add_contact(actor=signed_in(request), organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{contact.name} has been added.")
            return redirect("accounts:organisation-detail", pk=organisation.pk)
    return render(
        request,
        "form_page.jinja",
        {
            "form": form,
            "caption": organisation.name,
            "heading": "Add a key contact",
            "back_href": reverse("accounts:organisation-detail", args=[organisation.pk]),
            "button_text": "Add the contact",
        },
    )


def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(request.user, Organisation, pk=pk)
    if not policy.can(request.user, "change", organisation):
        raise PermissionDenied
    contact = get_object_or_404(organisation.contacts, pk=contact_pk)
    if request.method == "POST":
        services.remove_contact(actor=signed_in(request), contact=contact)
        messages.success(request, f"{contact.name} has been removed.")
        return redirect("accounts:organisation-detail", pk=organisation.pk)
    return render(request, "accounts/contact_remove.jinja", {"contact": contact, "organisation": organisation})


def organisation_create(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "organisations.manage"):
        raise PermissionDenied
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, f"{organisation.name} has been added.")
        return redirect("accounts:organisation-detail", pk=organisation.pk)
    return render(request, "accounts/organisation_form.jinja", {"form": form, "organisation": None})


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = policy.get_visible_or_404(request.user, Organisation, pk=pk)
    if not policy.can(request.user, "change", organisation):
        raise PermissionDenied
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        icss = values.pop("icss")
        services.update_organisation(actor=signed_in(request), organisation=organisation, icss=icss, **values)
        messages.success(request, f"{organisation.name} has been updated.")
        return redirect("accounts:organisation-detail", pk=organisation.pk)
    return render(request, "accounts/organisation_form.jinja", {"form": form, "organisation": organisation})


# --- accounts ------------------------------------------------------------------


def user_list(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "users.manage"):
        raise PermissionDenied
    role = request.GET.get("role", "")
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.users(user=request.user, role=role, query=query)  # type: ignore[arg-type]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/user_list.jinja", {"page": page, "role": role, "query": query, "roles": Role.choices}
    )


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.allows(request.user, "users.manage"):
        raise PermissionDenied
    account = policy.get_visible_or_404(
        request.user, User.objects.select_related("organisation").prefetch_related("icss"), pk=pk
    )
    audit.record(actor=request.user, action="user.viewed", target=account)
    api_tokens = selectors.api_tokens(user=signed_in(request), owner=account)
    return render(request, "accounts/user_detail.jinja", {"account": account, "tokens": api_tokens})


def user_create(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "users.manage"):
        raise PermissionDenied
    form = forms.UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = services.create_user(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        _send_welcome(request, account)
        messages.success(request, f"The account for {account} has been created and a set-up e-mail sent.")
        return redirect("accounts:user-detail", pk=account.pk)
    return render(request, "accounts/user_form.jinja", {"form": form, "account": None})


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.allows(request.user, "users.manage"):
        raise PermissionDenied
    account = policy.get_visible_or_404(request.user, User, pk=pk)
    if not policy.can(request.user, "change", account):
        raise PermissionDenied
    form = forms.UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        services.update_user(actor=request.user, user=account, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, f"The account for {account} has been updated.")
        return redirect("accounts:user-detail", pk=account.pk)
    return render(request, "accounts/user_form.jinja", {"form": form, "account": account})


def _send_welcome(request: HttpRequest, account: User) -> None:
    """New accounts have no password: send the reset e-mail so the person sets their own."""
    reset = forms.PasswordResetForm({"email": account.email})
    if reset.is_valid():
        reset.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="accounts/welcome_subject.txt",
            email_template_name="accounts/welcome_email.txt",
            extra_email_context={"programme_name": settings.PROGRAMME_NAME},
        )


def audit_trail(request: HttpRequest) -> HttpResponse:
    """The audit trail, filtered and paged; looking at it is itself audited."""
    if not policy.allows(request.user, "audit.view"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET, actions=audit.ACTIONS)
    filters = form.filters()
    page = Paginator(core_selectors.audit_entries(**filters), 50).get_page(request.GET.get("page"))
    audit.record(
        actor=request.user,
        action="audit.viewed",
        detail={key: ":".join(value) if key == "target" else str(value) for key, value in filters.items()},
    )
    return render(request, "accounts/audit.jinja", {"page": page, "actions": audit.ACTIONS, "form": form})
