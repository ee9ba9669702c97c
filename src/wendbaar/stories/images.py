"""Uploaded photos: checked by content, limited in size, re-encoded without metadata."""

from __future__ import annotations

import io
import math
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .constants import MAX_PHOTO_BYTES, PHOTO_MAX_EDGE

# Pillow format name → (extension, save options). Decided by the file's content only.
FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}


def _invalid() -> ValidationError:
    return ValidationError(_("Upload a photo in JPEG, PNG or WebP format."), code="invalid_image")


def max_pixels() -> int:
    return settings.PHOTO_MAX_PIXELS


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    megapixels = max_pixels() // 1_000_000
    if width and height:
        return ValidationError(
            _(
                "The photo has too many pixels (%(width)s by %(height)s); the maximum is "
                "%(max)s megapixels."
            ),
            code="too_many_pixels",
            params={"width": width, "height": height, "max": megapixels},
        )
    return ValidationError(
        _("The photo has too many pixels; the maximum is %(max)s megapixels."),
        code="too_many_pixels",
        params={"max": megapixels},
    )


def check_size(upload) -> None:
    """The cheap check: bytes on the wire, before anything is read."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s); the maximum is %(max)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_PHOTO_BYTES)},
        )


def process_photo(upload) -> ContentFile:
    """Validate an uploaded photo and return a clean copy.

    The header is read first: a photo above ``PHOTO_MAX_PIXELS`` (a decompression bomb:
    a few KB that decode to gigabytes) is refused before its pixels are decoded.
    Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) is set to the same limit at start-up
    (``apps.py``; only this app uses Pillow), as a second net. The copy is decoded and
    encoded again from its pixels only, so EXIF (GPS position, camera, date), XMP, ICC
    and text chunks are gone; the orientation from EXIF is applied first so the photo
    still stands upright. Large photos are scaled down (JPEGs already while decoding).
    """
    check_size(upload)
    limit = max_pixels()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise _invalid()
            width, height = image.size
            if width * height > limit:
                raise _too_many_pixels(width, height)
            image_format = image.format
            ratio = PHOTO_MAX_EDGE / max(width, height)
            if image_format == "JPEG" and ratio < 1:
                # Decode at a reduced scale (1/2, 1/4, 1/8) no smaller than the size it
                # is scaled to anyway: less memory and time.
                image.draft("RGB", (math.ceil(width * ratio), math.ceil(height * ratio)))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _invalid() from None

    image.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))  # first: every later copy is small
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = image.mode in ("P", "PA") and "transparency" in image.info
        image = image.convert("RGBA" if has_alpha or image.mode == "PA" else "RGB")
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image from the pixels alone: no info dict, no EXIF, no ICC profile.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    extension, options = FORMATS[image_format]
    out = io.BytesIO()
    clean.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=f"photo.{extension}")
