"""Home, health check, audit trail, static information pages and error pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
