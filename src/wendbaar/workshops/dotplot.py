"""The sliders of a werkplaats as a dot plot: an accessible SVG string, no Django.

One row per slider, its label on the left and a 0-100 scale on the right (100 = the top
of the slider). Every participant is a line of their own, sorted by their answers so the
order says nothing about who answered when: *now* a filled circle, *target* an open
circle, joined by a thin line. Below them the row's summary: the spread of *now* (lowest
to highest) as a band, the median now as a large filled circle, the median target as a
large ring and, when a previous session is given, its median now as a diamond. A tension
row gets a tinted background, a bar on its left edge and the words ``tension_label``
under its label.

Shapes differ, not only colours (WCAG 1.4.1), and colours come only from the CSS classes
``dotplot__*`` (``static/workshops/workshops.css``): the shapes draw in ``currentColor``,
so without the stylesheet they are black and still tell apart. The ``<svg>`` is
``role="img"`` with a ``<title>`` and ``<desc>``; the page shows the same figures in a
table beside it, so the picture is never the only carrier of the numbers. Every text is
escaped; the same input always gives the same string.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from .analysis import SliderResult

WIDTH = 640
LABEL_X = 12  # labels start here
PLOT_LEFT, PLOT_RIGHT = 220, 616  # x of 0 and of 100
TICKS = (0, 25, 50, 75, 100)
LEGEND_LINE = 20  # height of a legend line
LEGEND_CHAR = 7  # estimated width of a character at 13px
AXIS_HEIGHT = 30  # tick labels under the last row
DOT_R, MEDIAN_R, RING_R, DIAMOND_R = 4, 7, 10, 7
DOT_STEP = 11  # vertical distance between participants' lines
ROW_TOP_PAD = 12
SUMMARY_GAP = 18  # from the last participant line to the summary line
ROW_BOTTOM_PAD = 18
LINE_HEIGHT = 16
LABEL_CHARS = 28  # a label wraps after about this many characters


def _num(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _x(value: float) -> float:
    value = min(max(value, 0), 100)  # a value off the slider is drawn at its end
    return PLOT_LEFT + value * (PLOT_RIGHT - PLOT_LEFT) / 100


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """Words into lines of at most ``width`` characters (a longer word keeps its line)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _diamond(x: float, y: float, r: float = DIAMOND_R) -> str:
    return (
        f"M{_num(x)} {_num(y - r)}L{_num(x + r)} {_num(y)}"
        f"L{_num(x)} {_num(y + r)}L{_num(x - r)} {_num(y)}z"
    )


def _link(x1: float, x2: float, y: float) -> str:
    """The thin line from now to target, stopping at the edges of both circles."""
    if abs(x2 - x1) <= 2 * DOT_R:
        return ""
    step = DOT_R if x2 > x1 else -DOT_R
    return (
        f'<line class="dotplot__link" x1="{_num(x1 + step)}" y1="{_num(y)}" '
        f'x2="{_num(x2 - step)}" y2="{_num(y)}" stroke="currentColor"/>'
    )


def _legend(items: Sequence[tuple[str, str]]) -> tuple[str, float]:
    """The legend above the rows: (shape, label) pairs laid out left to right, wrapping
    when a line is full; returns the markup and its height."""
    x, y, parts = float(LABEL_X), 18.0, []
    for shape, text in items:
        width = 22 + LEGEND_CHAR * len(text) + 18
        if x > LABEL_X and x + width > WIDTH:
            x, y = float(LABEL_X), y + LEGEND_LINE
        cx = x + 8
        marks = {
            "now": f'<circle class="dotplot__now" cx="{_num(cx)}" cy="{_num(y)}" r="{DOT_R}" '
            'fill="currentColor"/>',
            "target": f'<circle class="dotplot__target" cx="{_num(cx)}" cy="{_num(y)}" '
            f'r="{DOT_R}" fill="none" stroke="currentColor"/>',
            "previous": f'<path class="dotplot__previous" d="{_diamond(cx, y, 6)}" fill="none" '
            'stroke="currentColor"/>',
            "median": f'<circle class="dotplot__median dotplot__now" cx="{_num(cx)}" '
            f'cy="{_num(y)}" r="{MEDIAN_R - 2}" fill="currentColor"/>'
            f'<circle class="dotplot__median dotplot__target" cx="{_num(cx)}" '
            f'cy="{_num(y)}" r="{RING_R - 2}" fill="none" stroke="currentColor"/>',
            "spread": f'<rect class="dotplot__band" x="{_num(x)}" y="{_num(y - 6)}" width="16" '
            'height="12" fill="currentColor" fill-opacity="0.2" stroke="currentColor"/>',
        }
        parts.append(
            f'{marks[shape]}<text class="dotplot__legend" x="{_num(x + 22)}" y="{_num(y + 4)}">'
            f"{_esc(text)}</text>"
        )
        x += width
    markup = f'<g class="dotplot__legend-items" aria-hidden="true">{"".join(parts)}</g>'
    return markup, y + LEGEND_LINE


def _row(
    result: SliderResult,
    pairs: Sequence[tuple[int, int]],
    label: str,
    top: float,
    tension_label: str,
    previous: float | None,
) -> tuple[str, float]:
    """The markup of one row and its height."""
    lines = wrap(label)
    label_height = ROW_TOP_PAD + LINE_HEIGHT * (len(lines) + (1 if result.tension else 0))
    summary_y = top + ROW_TOP_PAD + DOT_STEP * len(pairs) + SUMMARY_GAP - DOT_STEP / 2
    height = max(summary_y - top + ROW_BOTTOM_PAD, label_height + 8)
    parts: list[str] = []
    if result.tension:
        parts.append(
            f'<rect class="dotplot__tension" x="0" y="{_num(top)}" width="{WIDTH}" '
            f'height="{_num(height)}" fill="currentColor" fill-opacity="0.1"/>'
            f'<rect class="dotplot__tension dotplot__tension-bar" x="0" y="{_num(top)}" width="4" '
            f'height="{_num(height)}" fill="currentColor"/>'
        )
    text_y = top + ROW_TOP_PAD + 4
    spans = "".join(
        f'<tspan x="{LABEL_X}" y="{_num(text_y + i * LINE_HEIGHT)}">{_esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    parts.append(f'<text class="dotplot__label">{spans}</text>')
    if result.tension:
        parts.append(
            f'<text class="dotplot__tension-label" x="{LABEL_X}" '
            f'y="{_num(text_y + len(lines) * LINE_HEIGHT)}">{_esc(tension_label)}</text>'
        )
    # The row's axis with its ticks, on the summary line under the participants.
    parts.append(
        f'<line class="dotplot__axis" x1="{PLOT_LEFT}" y1="{_num(summary_y)}" '
        f'x2="{PLOT_RIGHT}" y2="{_num(summary_y)}" stroke="currentColor"/>'
    )
    parts.extend(
        f'<line class="dotplot__axis dotplot__tick" x1="{_num(_x(t))}" y1="{_num(summary_y - 4)}" '
        f'x2="{_num(_x(t))}" y2="{_num(summary_y + 4)}" stroke="currentColor"/>'
        for t in TICKS
    )
    for i, (now, target) in enumerate(sorted(pairs)):
        y = top + ROW_TOP_PAD + DOT_STEP * i
        xn, xt = _x(now), _x(target)
        parts.append(
            f'<g class="dotplot__participant">{_link(xn, xt, y)}'
            f'<circle class="dotplot__dot dotplot__now" cx="{_num(xn)}" cy="{_num(y)}" '
            f'r="{DOT_R}" fill="currentColor"/>'
            f'<circle class="dotplot__dot dotplot__target" cx="{_num(xt)}" cy="{_num(y)}" '
            f'r="{DOT_R}" fill="none" stroke="currentColor"/></g>'
        )
    now, target = result.now, result.target
    if now.range is not None:
        parts.append(
            f'<rect class="dotplot__band" x="{_num(_x(now.low))}" y="{_num(summary_y - 6)}" '
            f'width="{_num(_x(now.high) - _x(now.low))}" height="12" fill="currentColor" '
            f'fill-opacity="0.2" stroke="currentColor"/>'
        )
    if now.median is not None:
        parts.append(
            f'<circle class="dotplot__median dotplot__now" cx="{_num(_x(now.median))}" '
            f'cy="{_num(summary_y)}" r="{MEDIAN_R}" fill="currentColor"/>'
        )
    if target.median is not None:
        parts.append(
            f'<circle class="dotplot__median dotplot__target" cx="{_num(_x(target.median))}" '
            f'cy="{_num(summary_y)}" r="{RING_R}" fill="none" stroke="currentColor"/>'
        )
    if previous is not None:  # on top: an unfilled outline hides nothing under it
        parts.append(
            f'<path class="dotplot__previous" d="{_diamond(_x(previous), summary_y)}" '
            f'fill="none" stroke="currentColor"/>'
        )
    classes = "dotplot__row dotplot__row--tension" if result.tension else "dotplot__row"
    row = f'<g class="{classes}" data-slider="{_esc(result.slider)}">{"".join(parts)}</g>'
    return row, height


def dot_plot(
    results: Sequence[SliderResult],
    rows: Mapping[str, Sequence[tuple[int, int]]],
    labels: Mapping[str, str],
    *,
    title: str,
    description: str,
    now_label: str,
    target_label: str,
    tension_label: str,
    previous: Mapping[str, float | None] | None = None,
    previous_label: str = "",
    median_label: str = "",
    spread_label: str = "",
    dom_id: str = "dotplot",
) -> str:
    """The plot of ``results`` (one row each, in their order). ``rows[slider]`` are the
    participants' (now, target) pairs, anonymous; ``previous[slider]`` the previous
    session's median now. ``median_label`` and ``spread_label``, when given, add the
    large marks and the band to the legend. ``dom_id`` prefixes the ids of the title and
    description: give each plot on one page its own."""
    items = [("now", now_label), ("target", target_label)]
    items += [("median", median_label)] if median_label else []
    items += [("spread", spread_label)] if spread_label else []
    items += [("previous", previous_label)] if previous and previous_label else []
    legend, top = _legend(items)
    body: list[str] = [legend]
    for r in results:
        was = previous.get(r.slider) if previous else None
        markup, height = _row(
            r, rows.get(r.slider, ()), labels.get(r.slider, r.slider), top, tension_label, was
        )
        body.append(markup)
        top += height
    ticks = "".join(
        f'<text class="dotplot__tick-label" x="{_num(_x(t))}" y="{_num(top + 18)}" '
        f'text-anchor="middle">{t}</text>'
        for t in TICKS
    )
    body.append(f'<g class="dotplot__scale" aria-hidden="true">{ticks}</g>')
    height = int(top + AXIS_HEIGHT)
    ident = _esc(dom_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dotplot" viewBox="0 0 {WIDTH} '
        f'{height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{_esc(title)}</title>'
        f'<desc id="{ident}-desc">{_esc(description)}</desc>'
        f"{''.join(body)}</svg>"
    )
