import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wendbaar.stories import images
from wendbaar.stories.images import process_photo

from .conftest import bomb_png, image_bytes


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_exif_is_stripped_from_jpeg():
    data = image_bytes("JPEG", exif=True)
    assert Image.open(io.BytesIO(data)).getexif()  # the fixture really carries EXIF
    clean = process_photo(upload(data))
    out = Image.open(io.BytesIO(clean.read()))
    assert out.format == "JPEG"
    assert not out.getexif()
    assert "exif" not in out.info
    assert b"SpyCam" not in clean.file.getvalue()


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_are_accepted(fmt, ext):
    clean = process_photo(upload(image_bytes(fmt), name=f"x.{ext}"))
    assert clean.name == f"photo.{ext}"
    assert Image.open(io.BytesIO(clean.read())).format == fmt


def test_text_file_renamed_jpg_is_rejected():
    with pytest.raises(ValidationError) as info:
        process_photo(upload(b"just some text, not an image\n" * 10))
    assert info.value.code == "invalid_image"


def test_gif_is_rejected_by_content_even_named_png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="GIF")
    with pytest.raises(ValidationError):
        process_photo(upload(out.getvalue(), name="x.png", content_type="image/png"))


def test_oversized_file_is_rejected(monkeypatch):
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 1000)
    with pytest.raises(ValidationError) as info:
        process_photo(upload(image_bytes("PNG", size=(300, 300)) + b"\0" * 2000))
    assert info.value.code == "too_large"


def test_too_many_pixels_is_rejected(settings):
    settings.PHOTO_MAX_PIXELS = 100
    with pytest.raises(ValidationError) as info:
        process_photo(upload(image_bytes("PNG", size=(20, 20)), name="x.png"))
    assert info.value.code == "too_many_pixels"
    assert re.search(r"20 (by|bij) 20", str(info.value.messages))


def test_decompression_bomb_is_refused_before_decoding():
    import resource
    import time

    bomb = bomb_png(20_000, 20_000)  # 400 megapixels
    assert len(bomb) < 100_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(ValidationError) as info:
        process_photo(upload(bomb, name="bomb.png", content_type="image/png"))
    assert info.value.code == "too_many_pixels"
    assert time.perf_counter() - started < 1.0
    # Decoding would take 400 MB (8 bits a pixel); the header alone takes nothing.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB


def test_pillow_guard_follows_the_setting():
    from django.conf import settings

    assert Image.MAX_IMAGE_PIXELS == settings.PHOTO_MAX_PIXELS == 24_000_000


def test_large_photos_are_scaled_down(monkeypatch):
    monkeypatch.setattr(images, "PHOTO_MAX_EDGE", 32)
    clean = process_photo(upload(image_bytes("JPEG", size=(128, 64))))
    assert Image.open(io.BytesIO(clean.read())).size == (32, 16)
