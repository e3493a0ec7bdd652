"""Static files by WhiteNoise, plus the NHS.UK frontend's images and icons at /assets/.

The NHS.UK frontend stylesheet refers to its images as /assets/images/…, so they
are served there as well as under /static/nhsuk/assets/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware

from onramp.core.audit import CURRENT_IP


def frontend_assets_dir() -> Path:
    collected = Path(settings.STATIC_ROOT) / "nhsuk" / "assets"
    if collected.is_dir():
        return collected
    return Path(settings.NHSUK_FRONTEND_DIR) / "assets"


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assets = frontend_assets_dir()
        if assets.is_dir():
            self.add_files(str(assets), prefix="assets/")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in session unless marked otherwise, except the JSON API, which
    authenticates each request by its bearer token."""

    def process_view(self, request: Any, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class AuditContextMiddleware:
    """Puts the request's address where ``audit.record`` finds it ("from where" on every entry). Behind a proxy,
    set ONRAMP_TRUSTED_PROXY_COUNT so that the client's address is read from X-Forwarded-For."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        address = request.META.get("REMOTE_ADDR")
        hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if hops and len(forwarded) >= hops:
            address = forwarded[-hops]
        token = CURRENT_IP.set(address or None)
        try:
            return self.get_response(request)
        finally:
            CURRENT_IP.reset(token)
