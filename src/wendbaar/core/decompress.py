"""Reading import files with a cap on their decompressed size.

A 1 GiB gzip of zeros is a few megabytes on disk and took an import to 2.4 GB of memory.
Importers read gzip through :func:`read_limited`, which stops as soon as the content
passes the limit, and check XLSX (zip) files with :func:`check_zip` before opening them:
``zipfile`` never inflates a member beyond the size its directory declares, so the sum
of those sizes bounds what a reader gets. The limit is the setting
``IMPORT_MAX_DECOMPRESSED_BYTES`` (``WENDBAAR_IMPORT_MAX_DECOMPRESSED_MB``).
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

from django.conf import settings

CHUNK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"


class TooLarge(ValueError):
    """The content passes the limit (bytes)."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(limit)

    @property
    def megabytes(self) -> str:
        return f"{self.limit / (1 << 20):g}"


def default_limit() -> int:
    return int(settings.IMPORT_MAX_DECOMPRESSED_BYTES)


def read_limited(path: Path, *, limit: int | None = None) -> bytes:
    """The file's content, gunzipped when it starts with the gzip magic number; raises
    :class:`TooLarge` past ``limit`` bytes (default: the setting) without reading on."""
    limit = default_limit() if limit is None else limit
    with path.open("rb") as raw:
        gzipped = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw) if gzipped else raw
        out = io.BytesIO()
        while chunk := stream.read(min(CHUNK, limit + 1 - out.tell())):
            out.write(chunk)
            if out.tell() > limit:
                raise TooLarge(limit)
    return out.getvalue()


def check_zip(source: Path | bytes, *, limit: int | None = None) -> None:
    """Raise :class:`TooLarge` when a zip's (an XLSX's) members declare more than
    ``limit`` bytes together. A file that is no zip is left to its reader."""
    limit = default_limit() if limit is None else limit
    try:
        handle = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError):
        return
    with handle:
        if sum(info.file_size for info in handle.infolist()) > limit:
            raise TooLarge(limit)
