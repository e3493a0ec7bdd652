"""Static files by WhiteNoise, plus the NHS.UK frontend's images and icons at /assets/.

The NHS.UK frontend stylesheet refers to its images as /assets/images/…, so they
are served there as well as under /static/nhsuk/assets/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
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
