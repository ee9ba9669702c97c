"""Other ways to find an area: aliases ("Den Haag") and postcodes (PC4 → buurten).

Aliases come from a CSV with the columns ``code``, ``alias``, ``kind``
(official/common/local) and an optional ``note``. Postcodes come from a KWB region file's
"meest voorkomende postcode" column (``MeestVoorkomendePostcode_<n>`` in StatLine
85618NED/85984NED, ``pst_mvp`` in kwb-YYYY.xlsx). Both are atomic and idempotent: the
rows of the same source are replaced, aliases added by a gemeente stay.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ..codes import CODE_PATTERN, normalise_code
from ..constants import AreaLevel
from ..index import bump_search_version
from ..models import AliasKind, Area, AreaAlias, AreaPostcode
from .base import AreaImportError, ImportResult
from .regions import read_table

POSTCODE_COLUMN = re.compile(r"^(MeestVoorkomendePostcode(_\d+)?|pst_mvp)$")
CODE_COLUMNS = ("WijkenEnBuurten", "gwb_code_10", "code")
PC4 = re.compile(r"^[1-9]\d{3}$")


def import_aliases(path: str | Path, *, source: str = "") -> ImportResult:
    """Replace the aliases of ``source`` (default: the file name) with the file's rows."""
    path = Path(path)
    source = source or path.name
    result = ImportResult(kind=_("aliases"), sources=[path.name])
    rows = read_table(path)
    header = [cell.lower() for cell in rows[0]]
    for needed in ("code", "alias", "kind"):
        if needed not in header:
            raise AreaImportError(_("the column is missing"), file=path, field=needed)
    col = {name: header.index(name) for name in header}
    kinds = set(AliasKind.values)
    wanted: list[tuple[str, str, str]] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        code = normalise_code(cells[col["code"]])
        alias, kind = cells[col["alias"]], cells[col["kind"]]
        if not CODE_PATTERN.match(code):
            raise AreaImportError(_("not a CBS code"), file=path, row=number, field="code")
        if not alias:
            raise AreaImportError(_("the alias is empty"), file=path, row=number, field="alias")
        if kind not in kinds:
            raise AreaImportError(
                _("kind must be one of %(kinds)s") % {"kinds": ", ".join(sorted(kinds))},
                file=path,
                row=number,
                field="kind",
            )
        wanted.append((code, alias[:200], kind))
    codes = {w[0] for w in wanted}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes).only("id", "code")}
    with transaction.atomic():
        existing = {(a.area_id, a.name): a for a in AreaAlias.objects.filter(source=source)}
        keep: set[int] = set()
        for code, alias, kind in wanted:
            area = areas.get(code)
            if area is None:
                result.skip(code, _("no area with this code"))
                continue
            row = existing.get((area.pk, alias))
            if row is None:
                row, created = AreaAlias.objects.get_or_create(
                    area=area, name=alias, defaults={"kind": kind, "source": source}
                )
                result.created += created
                result.unchanged += not created
            elif row.kind != kind:
                row.kind = kind
                row.save(update_fields=["kind"])
                result.updated += 1
            else:
                result.unchanged += 1
            keep.add(row.pk)
        AreaAlias.objects.filter(source=source).exclude(pk__in=keep).delete()
        bump_search_version()
    return result


def import_postcodes(path: str | Path, *, source: str = "") -> ImportResult:
    """Replace the postcodes of ``source`` (default: the file name) with the PC4 of each
    buurt in the file's "meest voorkomende postcode" column."""
    path = Path(path)
    source = source or path.name
    result = ImportResult(kind=_("postcodes"), sources=[path.name])
    rows = read_table(path)
    header = rows[0]
    postcode_col = next((i for i, name in enumerate(header) if POSTCODE_COLUMN.match(name)), None)
    code_col = next((header.index(name) for name in CODE_COLUMNS if name in header), None)
    if postcode_col is None:
        raise AreaImportError(
            _("no “meest voorkomende postcode” column"), file=path, field="MeestVoorkomendePostcode"
        )
    if code_col is None:
        raise AreaImportError(_("no region code column"), file=path, field="WijkenEnBuurten")
    pairs: dict[str, str] = {}
    for cells in rows[1:]:
        if len(cells) <= max(postcode_col, code_col):
            continue
        code, postcode = normalise_code(cells[code_col]), cells[postcode_col].strip()
        if not code.startswith("BU") or not postcode or postcode == ".":
            continue
        if not PC4.match(postcode):
            result.skip(code, _("not a four-digit postcode"))
            continue
        pairs[code] = postcode
    buurten = dict(Area.objects.filter(level=AreaLevel.NEIGHBOURHOOD).values_list("code", "pk"))
    with transaction.atomic():
        before = set(AreaPostcode.objects.filter(source=source).values_list("postcode", "area_id"))
        after: set[tuple[str, int]] = set()
        for code, postcode in pairs.items():
            if code not in buurten:
                result.skip(code, _("no area with this code"))
                continue
            after.add((postcode, buurten[code]))
        new = after - before
        gone = before - after
        AreaPostcode.objects.bulk_create(
            [AreaPostcode(postcode=p, area_id=a, source=source) for p, a in sorted(new)],
            batch_size=1000,
            ignore_conflicts=True,
        )
        for postcode, area_id in gone:
            AreaPostcode.objects.filter(postcode=postcode, area_id=area_id, source=source).delete()
        result.created, result.unchanged = len(new), len(after & before)
        result.updated = len(gone)
        bump_search_version()
    return result
