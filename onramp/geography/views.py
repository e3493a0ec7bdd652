"""The administrator's page about the reference data loaded."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onramp.accounts import policy
from onramp.geography import selectors


def reference_data(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "reference_data.view"):
        raise PermissionDenied
    return render(request, "geography/reference_data.jinja", {"datasets": selectors.loaded_datasets()})
