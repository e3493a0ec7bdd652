"""Imports from the web and exports of any list a user can see, within their scope."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from onramp.accounts import policy
from onramp.accounts.policy import signed_in
from onramp.exchange import exports
from onramp.exchange.api import api
from onramp.exchange.forms import ImportForm
from onramp.exchange.importers import run_import


def import_file(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "imports.run"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            result = run_import(
                form.cleaned_data["kind"],
                Path(handle.name),
                actor=signed_in(request),
                dry_run=form.cleaned_data["dry_run"],
                ignore_unknown=form.cleaned_data["ignore_unknown"],
                programme=form.cleaned_data.get("programme"),
            )
    return render(
        request,
        "exchange/import.jinja",
        {
            "form": form,
            "result": result,
            "rows": [_split(error) for error in result.errors] if result else [],
        },
    )


def _split(error: str) -> tuple[str, str, str]:
    """'row 7: date: message' -> ('7', 'date', 'message')."""
    parts = error.split(": ", 2)
    if len(parts) == 3 and parts[0].startswith("row "):
        return parts[0][4:], parts[1], parts[2]
    if len(parts) >= 2 and parts[0].startswith("row "):
        return parts[0][4:], "", ": ".join(parts[1:])
    return "", "", error


def export_caseload(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied
    return exports.caseload(request, user=signed_in(request), fmt=fmt)


def export_cohorts(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied
    return exports.cohorts(request, user=signed_in(request), fmt=fmt)


def export_events(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if not policy.allows(request.user, "young_people.list"):
        raise PermissionDenied
    return exports.events(request, user=signed_in(request), fmt=fmt)


@login_not_required
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, drawn from its OpenAPI schema in the site's own accessible style."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": operation.get("parameters", []),
                    "body": _resolve(schema, body) if body else None,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return render(request, "exchange/api_docs.jinja", {"operations": operations, "info": schema["info"]})


def _resolve(schema: dict, reference: dict) -> dict:
    if "$ref" in reference:
        name = reference["$ref"].rsplit("/", 1)[-1]
        return {"name": name, **schema["components"]["schemas"][name]}
    return reference
