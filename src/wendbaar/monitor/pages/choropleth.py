"""A choropleth of one indicator or theme over the wijken or buurten of a gemeente.

Classes are national fifths: for an indicator the 20/40/60/80 % quantiles of its values
over all areas of the level in the country (``breaks``, stored with the analysis); for a
theme its position (0-20 = the weakest fifth of the country, ...). Where issues
concentrate is dark: polarity decides which end is dark, neutral indicators get a
separate (blue) palette so a high value does not read as bad. An area without a figure
(secret, suppressed, not available) is white with a dashed outline, and the legend and
the table say so in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import polars as pl
from django.urls import reverse
from django.utils.translation import gettext as _

from wendbaar.areas.constants import CODE_PREFIX, AreaLevel

from ..stored.store import StoredAnalysis
from .present import (
    LEVEL_PLURAL,
    SIGNALS_GROUP,
    THEME_LABELS,
    AreaRef,
    Figure,
    IndicatorInfo,
    area_refs,
    figure,
    format_number,
    is_number,
    is_signal,
    position_text,
    source_label,
)

THEME_PREFIX = "theme:"
#: Light (better) to dark (worse): ColorBrewer YlOrRd, 5 classes.
WORSE_PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Low to high for neutral indicators: ColorBrewer Blues, 5 classes.
NEUTRAL_PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
MAP_LEVELS = (AreaLevel.NEIGHBOURHOOD, AreaLevel.DISTRICT)


def shade(index: int, polarity: int) -> str:
    """The colour of class ``index`` (0: lowest fifth): dark where there is most need for
    attention; a neutral indicator's classes in blue, low to high."""
    if polarity == 0:
        return NEUTRAL_PALETTE[index]
    return WORSE_PALETTE[4 - index] if polarity > 0 else WORSE_PALETTE[index]


@dataclass(frozen=True)
class MapOption:
    value: str
    label: str


@dataclass(frozen=True)
class MapChoice:
    """What the map shows: ``show`` is an indicator code or ``theme:<theme>``."""

    show: str
    level: str
    period: int | None

    @property
    def is_theme(self) -> bool:
        return self.show.startswith(THEME_PREFIX)

    @property
    def code(self) -> str:
        return self.show.removeprefix(THEME_PREFIX)

    def query(self) -> dict[str, str]:
        params = {"show": self.show, "level": self.level}
        if self.period:
            params["period"] = str(self.period)
        return params


@dataclass(frozen=True)
class LegendClass:
    index: int
    label: str
    fill: str
    count: int


@dataclass(frozen=True)
class ChoroplethRow:
    area: AreaRef
    figure: Figure
    position: float | None
    class_index: int | None
    fill: str | None

    @property
    def position_text(self) -> str:
        return position_text(self.position)


@dataclass(frozen=True)
class Choropleth:
    choice: MapChoice
    municipality: AreaRef
    title: str
    period: int | None
    periods: list[int]
    info: IndicatorInfo | None
    rows: list[ChoroplethRow]
    classes: list[LegendClass]
    n_missing: int
    # The picker's groups for this gemeente and level (see map_options).
    options: list[tuple[str, list[MapOption]]] = field(default_factory=list)
    source_text: str = ""  # present.source_label of the shown indicator

    @property
    def is_signal(self) -> bool:
        return self.info is not None and is_signal(self.info)

    @property
    def level_plural(self) -> str:
        return str(LEVEL_PLURAL.get(self.choice.level, ""))

    @property
    def value_heading(self) -> str:
        if self.info is None:
            return _("Theme position (0-100)")
        return _("Value (%(unit)s)") % {"unit": self.info.unit_label}

    def export_url(self, fmt: str) -> str:
        url = reverse(
            "monitor:overview_export", kwargs={"code": self.municipality.code, "fmt": fmt}
        )
        return f"{url}?{urlencode(self.choice.query())}"

    @property
    def export_url_csv(self) -> str:
        return self.export_url("csv")

    @property
    def export_url_xlsx(self) -> str:
        return self.export_url("xlsx")

    @property
    def export_url_geojson(self) -> str:
        return self.export_url("geojson")


def map_options(
    analysis: StoredAnalysis,
    infos: dict[str, IndicatorInfo],
    municipality_code: str | None = None,
    level: str | None = None,
) -> list[tuple[str, list[MapOption]]]:
    """The choices of the map form: themes, indicators, and (for staff, whose ``infos``
    hold them) the professionals' signals in a group of their own, never among the CBS
    figures. Given a gemeente and a level, only what has something to show there: a theme
    with a position, an indicator with a value for some area of that level in some year
    (a picker that offers an empty map wastes the reader's time). Empty groups are left
    out."""
    if municipality_code and level:
        themes = set(
            _level_rows(analysis, "theme_scores", municipality_code, level)
            .filter(pl.col("position").is_not_null())["theme"]
            .unique()
            .to_list()
        )
        mapped = set(
            _level_rows(analysis, "figures", municipality_code, level)
            .filter(pl.col("value").is_not_null())["indicator"]
            .unique()
            .to_list()
        )
    else:
        themes = set(analysis.frame("theme_scores")["theme"].unique().to_list())
        mapped = set(analysis.latest_periods)
    theme_options = [
        MapOption(THEME_PREFIX + code, str(label))
        for code, label in THEME_LABELS.items()
        if code in themes
    ]
    shown = [(code, info) for code, info in infos.items() if code in mapped]
    groups = [
        (_("Themes"), theme_options),
        (_("Indicators"), [MapOption(c, i.name) for c, i in shown if not is_signal(i)]),
        (str(SIGNALS_GROUP), [MapOption(c, i.name) for c, i in shown if is_signal(i)]),
    ]
    return [(label, options) for label, options in groups if options]


def level_prefix(municipality_code: str, level: str) -> str:
    """Codes of a gemeente's wijken/buurten start with this (WK0344…, BU0344…)."""
    return CODE_PREFIX[AreaLevel(level)] + municipality_code[2:]


def _level_rows(analysis: StoredAnalysis, name: str, municipality_code: str, level: str):
    return analysis.rows(name, level_prefix(municipality_code, level), prefix=True)


def available_periods(
    analysis: StoredAnalysis, municipality_code: str, show: str, level: str
) -> list[int]:
    if show.startswith(THEME_PREFIX):
        frame = _level_rows(analysis, "theme_scores", municipality_code, level).filter(
            pl.col("theme") == show.removeprefix(THEME_PREFIX)
        )
    else:
        frame = _level_rows(analysis, "figures", municipality_code, level).filter(
            (pl.col("indicator") == show) & pl.col("value").is_not_null()
        )
    return sorted(frame["period"].unique().to_list())


def parse_choice(
    params, analysis: StoredAnalysis, infos: dict[str, IndicatorInfo], municipality_code: str
) -> MapChoice:
    """A valid choice from request parameters (``show``, ``level``, ``period``); unknown
    or empty values fall back to the first theme, buurten and the latest period."""
    level = params.get("level", "")
    if level not in MAP_LEVELS:
        level = AreaLevel.NEIGHBOURHOOD
    groups = map_options(analysis, infos, municipality_code, str(level))
    options = [o.value for _group, opts in groups for o in opts]
    show = params.get("show", "")
    if show not in options:
        show = default_show(analysis, municipality_code, str(level), options)
    periods = available_periods(analysis, municipality_code, show, level) if show else []
    try:
        period = int(params.get("period", ""))
    except ValueError:
        period = None
    if period not in periods:
        main = analysis.main_period
        period = main if show.startswith(THEME_PREFIX) and main in periods else None
        period = period or (periods[-1] if periods else None)
    return MapChoice(show=show, level=str(level), period=period)


def default_show(
    analysis: StoredAnalysis, municipality_code: str, level: str, options: list[str]
) -> str:
    """The first theme with scores in the main period here, else the first option."""
    scores = _level_rows(analysis, "theme_scores", municipality_code, level).filter(
        pl.col("period") == analysis.main_period
    )
    present = set(scores["theme"].unique().to_list())
    for option in options:
        if option.startswith(THEME_PREFIX) and option.removeprefix(THEME_PREFIX) in present:
            return option
    return options[0] if options else ""


def current_areas(analysis: StoredAnalysis, municipality_code: str, level: str) -> pl.DataFrame:
    """Areas of the level in the gemeente's latest division."""
    frame = _level_rows(analysis, "areas", municipality_code, level)
    if frame.height == 0:
        return frame
    return frame.filter(pl.col("last_year") == pl.col("last_year").max())


def _class_labels(info: IndicatorInfo | None, bounds: list[float]) -> list[str]:
    if info is None:
        return [
            _("%(low)s-%(high)s: weakest fifth of the Netherlands") % {"low": 0, "high": 20},
            "20-40",
            "40-60",
            "60-80",
            _("%(low)s-%(high)s: strongest fifth of the Netherlands") % {"low": 80, "high": 100},
        ]
    return fifth_labels([info.value_text(b) for b in bounds], info.polarity)


def fifth_labels(text: list[str], polarity: int) -> list[str]:
    """The five classes' names from the text of their four breaks (as shown, with their
    unit), the weakest fifth named at the end polarity makes weakest."""
    labels = [_("below %(value)s") % {"value": text[0]}]
    labels += [_("%(low)s to %(high)s") % {"low": text[i], "high": text[i + 1]} for i in range(3)]
    labels.append(_("%(value)s or more") % {"value": text[3]})
    if polarity > 0:
        labels[0] += " (" + _("weakest fifth of the Netherlands") + ")"
    elif polarity < 0:
        labels[4] += " (" + _("weakest fifth of the Netherlands") + ")"
    return labels


def choropleth(
    analysis: StoredAnalysis,
    municipality: AreaRef,
    choice: MapChoice,
    infos: dict[str, IndicatorInfo],
) -> Choropleth:
    areas = current_areas(analysis, municipality.code, choice.level)
    refs = area_refs(areas)
    periods = (
        available_periods(analysis, municipality.code, choice.show, choice.level)
        if choice.show
        else []
    )
    info = None if choice.is_theme else infos.get(choice.code)
    codes = areas.select(area="code")
    if choice.is_theme:
        values = (
            _level_rows(analysis, "theme_scores", municipality.code, choice.level)
            .filter((pl.col("theme") == choice.code) & (pl.col("period") == choice.period))
            .select("area", value="position", status=pl.lit("value"), position="position")
        )
        bounds = [20.0, 40.0, 60.0, 80.0]
        polarity = 1
        stored_table = None
        title_name = str(THEME_LABELS.get(choice.code, choice.code))
    else:
        values = (
            _level_rows(analysis, "figures", municipality.code, choice.level)
            .filter((pl.col("indicator") == choice.code) & (pl.col("period") == choice.period))
            .select("area", "value", "status", "position", "source_table")
        )
        # The table the figures came from (a proximity file rather than the catalogue's).
        tables = values["source_table"].drop_nulls().unique().to_list()
        stored_table = tables[0] if len(tables) == 1 else None
        values = values.drop("source_table")
        breaks = analysis.frame("breaks").filter(
            (pl.col("indicator") == choice.code)
            & (pl.col("period") == choice.period)
            & (pl.col("level") == choice.level)
        )
        bounds = [breaks[f"q{i}"][0] for i in range(1, 5)] if breaks.height else []
        polarity = info.polarity if info else 0
        title_name = info.name if info else choice.code
    frame = codes.join(values, on="area", how="left")
    if bounds:
        index = sum((pl.col("value") >= b).cast(pl.Int8) for b in bounds)
        frame = frame.with_columns(class_index=pl.when(pl.col("value").is_not_null()).then(index))
    else:
        frame = frame.with_columns(class_index=pl.lit(None, pl.Int8))

    def shade_of(index: int) -> str:
        return shade(index, polarity)

    rows: list[ChoroplethRow] = []
    for row in frame.iter_rows(named=True):
        index = row["class_index"]
        shown = figure(row["value"], row["status"], info) if info else _theme_figure(row["value"])
        rows.append(
            ChoroplethRow(
                area=refs[row["area"]],
                figure=shown,
                position=row["position"],
                class_index=index,
                fill=shade_of(index) if index is not None else None,
            )
        )
    rows.sort(key=lambda r: _order(r, polarity))
    counts = [sum(1 for r in rows if r.class_index == i) for i in range(5)]
    labels = _class_labels(info, bounds) if bounds else []
    classes = [
        LegendClass(index=i, label=labels[i], fill=shade_of(i), count=counts[i])
        for i in range(len(labels))
    ]
    level_name = str(LEVEL_PLURAL.get(choice.level, ""))
    title = _("%(what)s in %(place)s by %(level)s, %(period)s") % {
        "what": title_name,
        "place": municipality.name,
        "level": level_name,
        "period": choice.period or "\u2013",
    }
    return Choropleth(
        choice=choice,
        municipality=municipality,
        title=title,
        period=choice.period,
        periods=periods,
        info=info,
        rows=rows,
        classes=classes,
        n_missing=sum(1 for r in rows if r.class_index is None),
        options=map_options(analysis, infos, municipality.code, choice.level),
        source_text=source_label(info, choice.period, stored_table, infos) if info else "",
    )


def _theme_figure(position: float | None) -> Figure:
    if is_number(position):
        return Figure(float(position), "value", format_number(position, 0))
    return Figure(None, "missing", _("no figure"))


def _order(row: ChoroplethRow, polarity: int) -> tuple:
    """Weakest first for themes and polar indicators, highest first for neutral ones;
    areas without a figure last."""
    if row.figure.value is None:
        return (1, 0.0, row.area.name)
    key = row.figure.value * (polarity if polarity else -1)
    return (0, key, row.area.name)
