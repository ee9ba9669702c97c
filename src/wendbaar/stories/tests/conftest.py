from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.cache import cache
from PIL import Image

from wendbaar.accounts.tests.factories import UserFactory, make_area, user_with_role


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def geo(db):
    """Utrecht with wijken Overvecht and Binnenstad (each with a buurt); Den Haag."""
    utrecht = make_area("GM0344", "Utrecht")
    overvecht = make_area("WK034403", "Overvecht", utrecht)
    binnenstad = make_area("WK034406", "Binnenstad", utrecht)
    den_haag = make_area("GM0518", "'s-Gravenhage")
    escamp = make_area("WK051808", "Escamp", den_haag)
    return {
        "utrecht": utrecht,
        "overvecht": overvecht,
        "overvecht_buurt": make_area("BU03440343", "Poldergebied Overvecht", overvecht),
        "binnenstad": binnenstad,
        "binnenstad_buurt": make_area("BU03440611", "Domplein", binnenstad),
        "den_haag": den_haag,
        "escamp": escamp,
        "escamp_buurt": make_area("BU05180800", "Escamp-buurt", escamp),
    }


@pytest.fixture
def users(geo):
    """One user per row of the permission matrix."""
    return {
        "lezer": user_with_role("lezer", municipality=geo["utrecht"], username="lezer"),
        "partner_elsewhere": user_with_role(
            "partner", municipality=geo["den_haag"], username="partner_elsewhere"
        ),
        "partner": user_with_role("partner", municipality=geo["utrecht"], username="partner"),
        "wijkmanager": user_with_role(
            "wijkmanager",
            municipality=geo["utrecht"],
            districts=[geo["overvecht"]],
            username="wijkmanager",
        ),
        "wijkmanager_elsewhere": user_with_role(
            "wijkmanager",
            municipality=geo["utrecht"],
            districts=[geo["binnenstad"]],
            username="wijkmanager_binnenstad",
        ),
        "beheerder": user_with_role("beheerder", municipality=geo["utrecht"], username="beheerder"),
        "no_role": UserFactory(username="no_role"),
    }


def image_bytes(fmt: str = "JPEG", size=(64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam Inc."  # Make
        data[0x0110] = "Model X"  # Model
        data[0x9003] = "2024:05:01 12:00:00"  # DateTimeOriginal (in the IFD, fine here)
        data[0x8825] = {2: (52.0, 5.0, 0.0), 1: "N"}  # GPS IFD
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid single-colour PNG of ``width`` x ``height`` pixels in a few KB (1 bit per
    pixel, zeros compress ~1000:1): a decompression bomb, built without decoding it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
