"""System checks of the core app: what a production start needs before it serves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register("staticfiles", deploy=True)
def static_files_collected(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """With a manifest storage (production), every page's ``{% static %}`` needs the
    manifest that ``collectstatic`` writes; without it every page answers 500."""
    if getattr(settings, "WHITENOISE_USE_FINDERS", False):
        return []  # development and tests serve from the finders
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = settings.STATIC_ROOT / staticfiles_storage.manifest_name
    if manifest.is_file():
        return []
    return [
        Error(
            f"The static files are not collected: {manifest} is missing.",
            hint="Run `wendbaar collectstatic --no-input` (part of `make install`).",
            id="wendbaar.E001",
        )
    ]
