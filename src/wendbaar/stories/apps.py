from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "wendbaar.stories"
    verbose_name = _("Stories and signals")

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Pillow's own guard against decompression bombs, at the configured limit (it
        # warns above it and refuses above twice it; images.py refuses both).
        Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS
