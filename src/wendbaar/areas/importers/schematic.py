"""Schematic buurt shapes (SVG paths per gemeente), for gemeenten without real polygons.

Input: a JSON object keyed by gemeente code, ``{"GM0344": {"viewBox": "0 0 600 503",
"features": [{"code": "BU03440111", "naam": "…", "d": "M341 248L…Z"}]}}`` (optionally
gzipped). The paths are in the gemeente's own pixel space, so they are not georeferenced.
"Feature" numbers in errors are 1-based within their gemeente.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ..codes import CODE_PATTERN, municipality_code, normalise_code
from ..constants import AreaLevel
from ..models import Area
from .base import AreaImportError, ImportResult, decode_text, read_bytes, update_rows

_VIEWBOX = re.compile(r"^-?\d+(\.\d+)?( -?\d+(\.\d+)?){3}$")
# Only path commands and numbers: the path ends up inside our SVG markup.
_PATH = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,\s+-]+$")


MAX_VIEWBOX = 100_000  # pixels; the CBS shapes are a few hundred wide


def _plausible_viewbox(viewbox: str) -> bool:
    """Width and height above 0, all four numbers within ±MAX_VIEWBOX."""
    x, y, width, height = (float(v) for v in viewbox.split())
    inside = all(abs(v) <= MAX_VIEWBOX for v in (x, y, width, height))
    return inside and width > 0 and height > 0


def import_schematic(
    path: str | Path, *, municipality_codes: Iterable[str] | None = None
) -> ImportResult:
    """Set ``schematic_path`` on buurten and ``schematic_viewbox`` on their gemeente."""
    path = Path(path)
    wanted = {normalise_code(c) for c in municipality_codes or []}
    result = ImportResult(kind=_("schematic shapes"), sources=[path.name])
    try:
        data = json.loads(decode_text(read_bytes(path)))
    except json.JSONDecodeError as exc:
        raise AreaImportError(_("not valid JSON (%(error)s)") % {"error": exc}, file=path) from exc
    if not isinstance(data, dict) or not data:
        raise AreaImportError(_("expected a JSON object keyed by gemeente code"), file=path)

    viewboxes: dict[str, str] = {}
    paths: dict[str, str] = {}
    for key in sorted(data):
        gm = normalise_code(key)
        if not CODE_PATTERN.match(gm) or not gm.startswith("GM"):
            raise AreaImportError(
                _("“%(code)s” is not a gemeente code") % {"code": key}, file=path, field=key
            )
        if wanted and gm not in wanted:
            continue
        block = data[key]
        viewbox = str(block.get("viewBox", "")).strip() if isinstance(block, dict) else ""
        if not _VIEWBOX.match(viewbox) or not _plausible_viewbox(viewbox):
            raise AreaImportError(
                _("invalid viewBox “%(viewbox)s”") % {"viewbox": viewbox},
                file=path,
                field=f"{key}.viewBox",
            )
        viewboxes[gm] = viewbox
        features = block.get("features")
        if not isinstance(features, list):
            raise AreaImportError(_("missing feature list"), file=path, field=f"{key}.features")
        for number, feature in enumerate(features, start=1):
            code = normalise_code(str(feature.get("code", "")) if isinstance(feature, dict) else "")
            if (
                not CODE_PATTERN.match(code)
                or not code.startswith("BU")
                or municipality_code(code) != gm
            ):
                raise AreaImportError(
                    _("“%(code)s” is not a buurt code of %(gm)s") % {"code": code, "gm": gm},
                    file=path,
                    feature=number,
                    field=f"{key}.code",
                )
            if code in paths:
                raise AreaImportError(
                    _("duplicate code %(code)s") % {"code": code},
                    file=path,
                    feature=number,
                    field=f"{key}.code",
                )
            d = str(feature.get("d") or "").strip()
            if not d or not _PATH.match(d):
                raise AreaImportError(
                    _("invalid SVG path"), file=path, feature=number, field=f"{key}.d"
                )
            paths[code] = d
    missing = wanted - viewboxes.keys()
    for gm in sorted(missing):
        result.skip(gm, _("gemeente not in the file"))

    with transaction.atomic():
        areas = {
            a.code: a
            for a in Area.objects.filter(municipality_code__in=viewboxes.keys()).only(
                "id", "code", "level", "schematic_path", "schematic_viewbox"
            )
        }
        to_update = []
        for code, value, attr in [
            *((gm, vb, "schematic_viewbox") for gm, vb in viewboxes.items()),
            *((bu, d, "schematic_path") for bu, d in paths.items()),
        ]:
            area = areas.get(code)
            if area is None:
                result.skip(code, _("no area with this code"))
            elif getattr(area, attr) == value:
                result.unchanged += 1
            else:
                setattr(area, attr, value)
                to_update.append(area)
        update_rows(
            [a for a in to_update if a.level == AreaLevel.MUNICIPALITY], ["schematic_viewbox"]
        )
        update_rows([a for a in to_update if a.level != AreaLevel.MUNICIPALITY], ["schematic_path"])
        result.updated = len(to_update)
    return result
