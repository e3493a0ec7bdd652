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
