"""Home, health check, audit trail, static information pages and error pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from onramp.accounts import policy
from onramp.accounts import selectors as account_selectors
from onramp.core import audit, selectors
from onramp.core.forms import AuditFilterForm


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/start.jinja")
    if policy.allows(request.user, "portal.use"):
        from onramp.portal.views import home as portal_home

        return portal_home(request)
    from onramp.recruitment.selectors import employer_overview

    summary = account_selectors.home_summary(user=request.user)
    employer = employer_overview(request.user)
    return render(request, "core/home.jinja", {"summary": summary, "employer": employer})


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "error", "database": "error"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja", {"contact": settings.ACCESSIBILITY_CONTACT})


@login_not_required
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/open_data.jinja")


def audit_trail(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "audit.view"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET, actions=audit.ACTIONS)
    filters = form.filters()
    page = Paginator(selectors.audit_entries(**filters), 50).get_page(request.GET.get("page"))
    audit.record(
        actor=request.user,
        action="audit.viewed",
        detail={key: ":".join(value) if key == "target" else str(value) for key, value in filters.items()},
    )
    return render(request, "core/audit.jinja", {"page": page, "actions": audit.ACTIONS, "form": form})


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.jinja", status=400)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.jinja", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.jinja", status=404)


def database_unavailable(error: BaseException | None) -> bool:
    """Is this error the database being unreachable (stopped, restarting, refusing connections, or the connection
    dropped), rather than a fault in a query?"""
    return isinstance(error, (OperationalError, InterfaceError))


def service_unavailable() -> HttpResponse:
    """503, rendered without the request: no session, no database."""
    response = HttpResponse(loader.get_template("errors/503.jinja").render({}), status=503)
    response["Retry-After"] = "30"
    return response


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: no session, no database. The database may be why we are here: then the
    # service is unavailable (503) rather than broken, and answers again once the database is back.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponse(loader.get_template("errors/500.jinja").render({}), status=500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.jinja", status=403)
