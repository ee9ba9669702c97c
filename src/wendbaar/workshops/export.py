"""The raw answers of a werkplaats as CSV: one row per answer, for the gemeente's staff.

Columns have stable English names (a script reads every language's file); labels are in
the reader's language. Rows come in a fixed order: the exercises in the workbook's order,
then the participants in the order they joined, then the exercise's own order (sliders,
blocks and parts as the workbook lists them; competences by subject, then key).
The file is UTF-8 with a byte-order mark, so Excel reads the accents, with ``,`` between
cells; every cell goes through ``core.spreadsheet.csv_cell``, so an answer such as
``=HYPERLINK(…)`` stays text and never runs as a formula.

``answer_rows`` reads, ``to_csv`` only writes what it is given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields

from wendbaar.approaches.constants import BuildingBlock
from wendbaar.core.spreadsheet import csv_cell

from . import competences
from .constants import INNOVATION_PARTS, SLIDERS, Exercise, text_in
from .models import (
    BlockAnswer,
    CompetencePick,
    InnovationAnswer,
    KoppelkansAnswer,
    SliderAnswer,
    Workshop,
)

CONTENT_TYPE = "text/csv; charset=utf-8"  # as the other exports: UTF-8, no BOM
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Row:
    """One answer. ``item``: the slider, block, part or competence key; ``subject``: whom
    a competence is named of; ``drivers``: a koppelkans's policy drivers."""

    exercise: str
    participant: str
    item: str = ""
    item_label: str = ""
    subject: str = ""
    now: int | None = None
    target: int | None = None
    strength: int | None = None
    first: str = ""
    state: str = ""
    drivers: str = ""
    text: str = ""


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Row))


def to_csv(rows: Iterable[Row]) -> str:
    """The rows as CSV text, the header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([csv_cell(v) for v in astuple(row)] for row in rows)
    return out.getvalue()


def answer_rows(workshop: Workshop, language: str) -> list[Row]:
    """Every answer of ``workshop``, in the module's order, labels in ``language``."""
    people = list(workshop.participants.order_by("joined_at", "id").values_list("pk", "name"))
    joined = {pk: n for n, (pk, _name) in enumerate(people)}
    names = dict(people)
    sliders = {s.key: (n, text_in(s.name, language)) for n, s in enumerate(SLIDERS)}
    blocks = {key: n for n, key in enumerate(BuildingBlock.values)}
    parts = {p.key: (n, text_in(p.name, language)) for n, p in enumerate(INNOVATION_PARTS)}
    last = len(people) + len(sliders) + len(blocks) + len(parts)  # unknown keys go last

    def who(pk: int) -> int:
        return joined.get(pk, last)

    rows: dict[str, list[tuple[tuple, Row]]] = {e: [] for e in Exercise.values}
    for a in SliderAnswer.objects.filter(participant__workshop=workshop):
        order, label = sliders.get(a.slider, (last, a.slider))
        rows[Exercise.SLIDERS].append(
            (
                (who(a.participant_id), order, a.slider),
                Row(
                    Exercise.SLIDERS,
                    names.get(a.participant_id, ""),
                    a.slider,
                    label,
                    now=a.now,
                    target=a.target,
                    text=a.reason,
                ),
            )
        )
    for a in BlockAnswer.objects.filter(participant__workshop=workshop):
        label = BuildingBlock(a.block).label if a.block in blocks else a.block
        rows[Exercise.BLOCKS].append(
            (
                (who(a.participant_id), blocks.get(a.block, last), a.block),
                Row(
                    Exercise.BLOCKS,
                    names.get(a.participant_id, ""),
                    a.block,
                    str(label),
                    strength=a.strength,
                    first=YES if a.first else NO,
                    text=a.tension,
                ),
            )
        )
    for a in KoppelkansAnswer.objects.filter(participant__workshop=workshop).prefetch_related(
        "drivers"
    ):
        rows[Exercise.KOPPELKANSEN].append(
            (
                (who(a.participant_id),),
                Row(
                    Exercise.KOPPELKANSEN,
                    names.get(a.participant_id, ""),
                    drivers="; ".join(sorted(d.name for d in a.drivers.all())),
                    text=a.sentence,
                ),
            )
        )
    for a in InnovationAnswer.objects.filter(participant__workshop=workshop):
        order, label = parts.get(a.part, (last, a.part))
        rows[Exercise.INNOVATION].append(
            (
                (who(a.participant_id), order, a.part),
                Row(
                    Exercise.INNOVATION,
                    names.get(a.participant_id, ""),
                    a.part,
                    label,
                    state=a.state,
                    text=a.note,
                ),
            )
        )
    for p in CompetencePick.objects.filter(subject__workshop=workshop):
        known = competences.BY_KEY.get(p.competence)
        rows[Exercise.COMPETENCES].append(
            (
                (who(p.by_id), who(p.subject_id), p.competence),
                Row(
                    Exercise.COMPETENCES,
                    names.get(p.by_id, ""),
                    p.competence,
                    competences.label(known, language) if known else p.competence,
                    subject=names.get(p.subject_id, ""),
                ),
            )
        )
    return [row for e in Exercise.values for _key, row in sorted(rows[e], key=lambda kr: kr[0])]
