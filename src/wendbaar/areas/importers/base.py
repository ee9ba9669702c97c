"""What every area importer shares: the error, the result and reading a (gzipped) file.

Row and feature numbers in errors are 1-based and count as a spreadsheet shows them: in a
CSV or XLSX file the header is row 1, so the first data row is row 2; in GeoJSON the first
feature is feature 1. Errors are raised before anything is written, so a failed import
leaves the database as it was.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections, router
from django.db.models import Model
from django.utils.translation import gettext as _

from wendbaar.core.decompress import TooLarge, read_limited


class AreaImportError(Exception):
    """Bad input: names the file, the row or feature, and the field where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path,
        row: int | None = None,
        feature: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = Path(file).name
        self.row = row
        self.feature = feature
        self.field = field
        super().__init__(self.full_message())

    def full_message(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.feature is not None:
            parts.append(_("feature %(feature)s") % {"feature": self.feature})
        if self.field:
            parts.append(_("field “%(field)s”") % {"field": self.field})
        return _("%(location)s: %(message)s") % {
            "location": ", ".join(parts),
            "message": self.message,
        }


@dataclass
class ImportResult:
    """Counts of one import run; ``skipped`` keeps (code, reason) for the report."""

    kind: str
    sources: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, code: str, reason: str) -> None:
        self.skipped.append((code, reason))

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        return _(
            "%(kind)s from %(sources)s: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(skipped)s skipped"
        ) % {
            "kind": self.kind,
            "sources": ", ".join(self.sources) or "-",
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }

    def skip_reasons(self) -> list[tuple[str, int, list[str]]]:
        """(reason, count, first few codes), most frequent first."""
        counts = Counter(reason for _code, reason in self.skipped)
        return [
            (reason, n, [code for code, r in self.skipped if r == reason][:5])
            for reason, n in counts.most_common()
        ]


def too_large(path: Path, exc: TooLarge) -> AreaImportError:
    return AreaImportError(
        _(
            "the file is larger than %(mb)s MB once decompressed; nothing was imported "
            "(raise WENDBAAR_IMPORT_MAX_DECOMPRESSED_MB for a genuine larger file)"
        )
        % {"mb": exc.megabytes},
        file=path,
    )


def read_bytes(path: Path) -> bytes:
    """The file's content, gunzipped when it is gzip (by magic number, not by name), at
    most ``IMPORT_MAX_DECOMPRESSED_BYTES`` (``core/decompress.py``)."""
    try:
        data = read_limited(path)
    except TooLarge as exc:
        raise too_large(path, exc) from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise AreaImportError(
            _("cannot read the file (%(error)s)") % {"error": exc}, file=path
        ) from exc
    if not data.strip():
        raise AreaImportError(_("the file is empty"), file=path)
    return data


def decode_text(data: bytes) -> str:
    # CBS exports are UTF-8 (often with BOM); older Excel exports are Windows-1252.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def update_rows(objs: Sequence[Model], fields: Sequence[str]) -> None:
    """Save ``fields`` of many rows with one prepared UPDATE run through executemany.

    Django's bulk_update builds a CASE expression per batch, which is slow for the
    ~15,000 buurten of a national import; one parameterised statement is portable
    (SQLite, PostgreSQL) and an order of magnitude faster.
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    model_fields = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
