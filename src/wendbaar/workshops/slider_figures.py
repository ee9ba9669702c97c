"""The five sliders as the pages show them — the dot plot and the table of the same
figures — for the shared screen, the werkagenda, its printable page and its PDF alike."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import dotplot
from .constants import SLIDERS, text_in
from .selectors import SliderView

DASH = "\N{EN DASH}"  # no figure: nobody answered, or one answer has no spread


def figure(value: float | None) -> str:
    """A figure as the page writes it: whole numbers plain, else one decimal."""
    if value is None:
        return DASH
    if float(value).is_integer():
        return number_format(int(value))
    return number_format(round(value, 1), decimal_pos=1)


def signed(value: float | None) -> str:
    if value is None:
        return DASH
    sign = "+" if value > 0 else ("\N{MINUS SIGN}" if value < 0 else "")
    return sign + figure(abs(value))


def labels(language: str | None) -> dict[str, str]:
    return {s.key: text_in(s.name, language) for s in SLIDERS}


def tension_mark() -> str:
    return format_html('<strong class="tension-mark">{}</strong>', _("tension here"))


def plot(view: SliderView, names: dict[str, str], *, dom_id: str) -> str:
    """The dot plot (``dotplot.dot_plot``, which escapes every text it writes)."""
    previous = view.previous_medians if view.previous is not None else None
    return dotplot.dot_plot(
        view.results,
        view.rows,
        names,
        title=_("The five sliders: now and aimed for"),
        description=_(
            "Per slider, every participant's situation now (a filled circle) and the "
            "situation aimed for (an open circle) on a scale from 0 to 100, the median of "
            "each as a larger mark and the spread of now as a band. The table gives the "
            "same figures."
        ),
        now_label=_("now"),
        target_label=_("aimed for"),
        tension_label=_("tension here"),
        previous=previous,
        previous_label=_("last time (median now)"),
        median_label=_("median"),
        spread_label=_("spread of now"),
        dom_id=dom_id,
    )


def table(view: SliderView, names: dict[str, str]) -> tuple[list[Any], list[list[Any]]]:
    """Columns and rows for the ``data_table`` component: per slider its answers, lowest,
    median and highest now and aimed for, the spread, last time's median now and its
    change (for a follow-up werkplaats), and the tension mark."""
    previous = view.previous is not None
    columns: list[Any] = [
        _("Slider"),
        {"label": _("Answers"), "numeric": True},
        {"label": _("Now: lowest"), "numeric": True},
        {"label": _("Now: median"), "numeric": True},
        {"label": _("Now: highest"), "numeric": True},
        {"label": _("Aimed for: lowest"), "numeric": True},
        {"label": _("Aimed for: median"), "numeric": True},
        {"label": _("Aimed for: highest"), "numeric": True},
        _("Spread (now / aimed for)"),
    ]
    if previous:
        columns += [
            {"label": _("Last time: median now"), "numeric": True},
            {"label": _("Change of the median now"), "numeric": True},
        ]
    columns.append(_("Tension"))
    rows = []
    for r in view.results:
        row: list[Any] = [
            names[r.slider],
            r.now.count,
            figure(r.now.low),
            figure(r.now.median),
            figure(r.now.high),
            figure(r.target.low),
            figure(r.target.median),
            figure(r.target.high),
            f"{figure(r.now.range)} / {figure(r.target.range)}",
        ]
        if previous:
            row += [
                figure(view.previous_medians.get(r.slider)),
                signed(view.movement.get(r.slider)),
            ]
        row.append(tension_mark() if r.tension else _("no"))
        rows.append(row)
    return columns, rows
