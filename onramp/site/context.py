from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from onramp.site.navigation import items_for


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "programme_name": settings.PROGRAMME_NAME,
        "navigation_items": items_for(request),
        "today": timezone.localdate(),
    }
