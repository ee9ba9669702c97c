"""What a report shows, as plain frozen data: composed from the live apps before
adoption (``compose.py``), stored as JSON at adoption (``Report.snapshot``) and read back
unchanged ever after. No Django here: the snapshot round trip is exact and testable.

Texts are frozen in the site's language; labels that the reader's language can give
(statuses, kinds of measurement) are kept as keys and labelled when shown.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2  # 2: key figures and maps


@dataclass(frozen=True)
class Provenance:
    """Where a figure came from: the source and its tables, and what it means."""

    source: str = ""
    tables: str = ""
    definition: str = ""


@dataclass(frozen=True)
class VoiceContent:
    story_id: int | None
    title: str
    quote: str
    text: str  # the story's sanitised HTML, as published
    told_by: str  # stories.AuthorKind key
    collected_on: str  # ISO date
    # Set when the story was erased or withdrawn after adoption: nothing of it remains.
    removed_on: str = ""


@dataclass(frozen=True)
class ClaimContent:
    section: str  # constants.Section
    text: str
    kind: str  # constants.MeasurementKind


@dataclass(frozen=True)
class AreaFigureContent:
    """One buurt's figure on an indicator's map: the map's text alternative."""

    code: str
    name: str
    value: float | None  # None: secret, suppressed or not available, never 0


@dataclass(frozen=True)
class ResultContent:
    """An outcome indicator of a goal: figures as the monitor (or the measurement the
    bureau recorded, for a local indicator) has them, never typed into the report."""

    name: str
    unit: str
    decimals: int
    polarity: int
    from_monitor: bool
    hidden: bool = False  # sensitive: not in a public report, never shown as 0
    baseline: float | None = None
    baseline_year: int | None = None
    baseline_source: str = ""  # "monitor" or "agenda" (as recorded when the goal was set)
    latest: float | None = None
    latest_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    # The reference group's change over the same years (monitor indicators only).
    reference_start: float | None = None
    reference_end: float | None = None
    reference_areas: int = 0
    series: tuple[tuple[int, float], ...] = ()
    provenance: Provenance = field(default_factory=Provenance)
    # The latest year by buurt on a map of national fifths (monitor.buurt_map), drawn at
    # composition like the wijk's map; "" when the monitor cannot colour it honestly.
    map_svg: str = ""
    area_figures: tuple[AreaFigureContent, ...] = ()

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline

    @property
    def reference_change(self) -> float | None:
        if self.reference_start is None or self.reference_end is None:
            return None
        return self.reference_end - self.reference_start


@dataclass(frozen=True)
class KeyFigureContent:
    """One of the wijk's key figures in the opening chapter: the wijkaanpak's areas
    together against their reference group, in the same two years (like with like)."""

    code: str
    name: str
    unit: str
    decimals: int
    polarity: int  # +1: higher is better, -1: lower is better, 0: neither
    year: int
    value: float
    start_year: int | None = None  # the year the change is measured from
    start_value: float | None = None
    reference_start: float | None = None
    reference_end: float | None = None
    reference_areas: int = 0
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def from_monitor(self) -> bool:  # as ResultContent: formatted with the catalogue's decimals
        return True

    @property
    def change(self) -> float | None:
        if self.start_value is None:
            return None
        return self.value - self.start_value

    @property
    def reference_change(self) -> float | None:
        if self.reference_start is None or self.reference_end is None:
            return None
        return self.reference_end - self.reference_start


@dataclass(frozen=True)
class OutputContent:
    """A project serving the goal: what it did (outputs), apart from the outcomes."""

    project: str
    status: str  # agenda ProjectStatus key
    progress: int | None
    reported_on: str  # ISO date of the latest progress report in the period, or ""
    narrative: str
    figures: tuple[tuple[str, float, str], ...] = ()  # (label, value, unit)


@dataclass(frozen=True)
class MoneyContent:
    party: str
    planned: str  # Decimal as text: exact in JSON
    committed: str
    spent: str


@dataclass(frozen=True)
class ChapterContent:
    chapter_id: int
    title: str
    voices: tuple[VoiceContent, ...] = ()
    works: tuple[ClaimContent, ...] = ()
    not_yet: tuple[ClaimContent, ...] = ()
    nothing_works: bool = False
    nothing_fails: bool = False
    results: tuple[ResultContent, ...] = ()
    outputs: tuple[OutputContent, ...] = ()
    money: tuple[MoneyContent, ...] = ()


@dataclass(frozen=True)
class MemberChange:
    organisation: str
    role: str  # coalition MembershipRole key
    on: str  # ISO date
    joined: bool


@dataclass(frozen=True)
class AgendaChangeContent:
    on: str  # ISO date
    kind: str
    subject: str
    summary: str
    reason: str


@dataclass(frozen=True)
class ReportContent:
    approach: str
    municipality: str
    title: str
    period_start: str
    period_end: str
    version: int
    introduction: str
    intentions: str
    area_names: tuple[str, ...]
    opening_voices: tuple[VoiceContent, ...] = ()
    key_figures: tuple[KeyFigureContent, ...] = ()
    # The wijk's map as drawn at composition (core.maps: our own escaped SVG), so a later
    # change of the CBS division never redraws an adopted report. "" when none.
    wijk_map: str = ""
    map_sources: tuple[str, ...] = ()
    chapters: tuple[ChapterContent, ...] = ()
    joined: tuple[MemberChange, ...] = ()
    left: tuple[MemberChange, ...] = ()
    agenda_changes: tuple[AgendaChangeContent, ...] = ()
    composed_at: str = ""
    schema: int = SCHEMA_VERSION

    def voice_ids(self) -> set[int]:
        voices = list(self.opening_voices) + [v for c in self.chapters for v in c.voices]
        return {v.story_id for v in voices if v.story_id is not None}


def to_json(content: ReportContent) -> dict[str, Any]:
    """Plain JSON (tuples become lists); ``from_json`` gives back an equal object."""
    return dataclasses.asdict(content)


def from_json(data: dict[str, Any]) -> ReportContent:
    return _build(ReportContent, data)


def _build(cls: type, data: Any) -> Any:
    # A field added since a report was adopted keeps its default: old snapshots still read.
    hints = typing.get_type_hints(cls)
    kwargs = {
        f.name: _value(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)
        if f.name in data
    }
    return cls(**kwargs)


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(inner[0], value)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in value)
        return tuple(_value(a, v) for a, v in zip(args, value, strict=True))
    return value


def without_voice(content: ReportContent, story_id: int, on: str) -> ReportContent:
    """``content`` with every quote of ``story_id`` emptied and marked as removed on
    ``on``: an erasure wins over a frozen report."""

    def scrub(voices: tuple[VoiceContent, ...]) -> tuple[VoiceContent, ...]:
        return tuple(
            dataclasses.replace(v, story_id=None, title="", quote="", text="", removed_on=on)
            if v.story_id == story_id
            else v
            for v in voices
        )

    return dataclasses.replace(
        content,
        opening_voices=scrub(content.opening_voices),
        chapters=tuple(dataclasses.replace(c, voices=scrub(c.voices)) for c in content.chapters),
    )
