"""The slider dot plot (``workshops/dotplot.py``): well-formed, accessible SVG. No database."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from wendbaar.workshops import dotplot
from wendbaar.workshops.analysis import SLIDERS, SliderAnswer, slider_results
from wendbaar.workshops.dotplot import PLOT_LEFT, PLOT_RIGHT, dot_plot

from .test_competences import imported_modules

SVG = "{http://www.w3.org/2000/svg}"
INTERNAL, PROC_INTERNAL, PROC_RESIDENTS, POLITICS, COMMUNICATION = SLIDERS
LABELS = {
    INTERNAL: "Positionering intern",
    PROC_INTERNAL: "Proces binnen de gemeente",
    PROC_RESIDENTS: "Proces met bewoners",
    POLITICS: "Bestuur en politiek",
    COMMUNICATION: "Communicatie",
}
# Three participants; internal_position and communication far apart (tension),
# governance_politics answered once, process_residents by nobody.
ANSWERS = [
    SliderAnswer(1, INTERNAL, 10, 60),
    SliderAnswer(2, INTERNAL, 50, 70),
    SliderAnswer(3, INTERNAL, 20, 80),
    SliderAnswer(1, PROC_INTERNAL, 40, 50),
    SliderAnswer(2, PROC_INTERNAL, 45, 55),
    SliderAnswer(1, POLITICS, 70, 80),
    SliderAnswer(1, COMMUNICATION, 0, 50),
    SliderAnswer(2, COMMUNICATION, 60, 90),
]


def rows_of(answers) -> dict[str, list[tuple[int, int]]]:
    rows: dict[str, list[tuple[int, int]]] = {}
    for a in answers:
        rows.setdefault(a.slider, []).append((a.now, a.target))
    return rows


def draw(answers=ANSWERS, labels=LABELS, **kw) -> str:
    options = {
        "title": "Schuiven: waar staan we?",
        "description": "Per schuif de antwoorden nu en beoogd.",
        "now_label": "Nu",
        "target_label": "Beoogd",
        "tension_label": "hier zit spanning",
    } | kw
    return dot_plot(slider_results(answers, SLIDERS), rows_of(answers), labels, **options)


def classes(element) -> set[str]:
    return set(element.get("class", "").split())


def rows(root) -> list:
    return [g for g in root.iter(f"{SVG}g") if "dotplot__row" in classes(g)]


def marks(element, *wanted: str) -> list:
    return [e for e in element.iter() if set(wanted) <= classes(e)]


def text_of(element) -> str:
    return "".join(element.itertext())


def test_pure():
    assert imported_modules(dotplot) <= set(sys.stdlib_module_names) | {"__future__"}


class TestDotPlot:
    def test_parses_with_title_and_description(self):
        root = ET.fromstring(draw())
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("viewBox").startswith("0 0 640 ")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title.text == "Schuiven: waar staan we?"
        assert desc.text == "Per schuif de antwoorden nu en beoogd."
        assert root.get("aria-labelledby") == title.get("id") == "dotplot-title"
        assert root.get("aria-describedby") == desc.get("id") == "dotplot-desc"

    def test_own_ids_for_a_second_plot(self):
        root = ET.fromstring(draw(dom_id="previous-session"))
        assert root.get("aria-labelledby") == "previous-session-title"
        assert root.find(f"{SVG}title").get("id") == "previous-session-title"

    def test_one_row_per_slider_with_its_label(self):
        found = rows(ET.fromstring(draw()))
        assert [g.get("data-slider") for g in found] == list(SLIDERS)
        labels = [text_of(marks(g, "dotplot__label")[0]) for g in found]
        assert labels == list(LABELS.values())

    def test_a_circle_for_every_answer_now_and_target(self):
        root = ET.fromstring(draw())
        assert len(marks(root, "dotplot__dot", "dotplot__now")) == len(ANSWERS)
        assert len(marks(root, "dotplot__dot", "dotplot__target")) == len(ANSWERS)
        per_row = {
            g.get("data-slider"): len(marks(g, "dotplot__dot", "dotplot__now")) for g in rows(root)
        }
        assert per_row == {
            INTERNAL: 3,
            PROC_INTERNAL: 2,
            PROC_RESIDENTS: 0,
            POLITICS: 1,
            COMMUNICATION: 2,
        }

    def test_now_filled_target_open_so_shape_tells_them_apart(self):
        root = ET.fromstring(draw())
        assert {c.get("fill") for c in marks(root, "dotplot__dot", "dotplot__now")} == {
            "currentColor"
        }
        assert {c.get("fill") for c in marks(root, "dotplot__dot", "dotplot__target")} == {"none"}

    def test_positions_on_the_scale(self):
        root = ET.fromstring(draw())
        (politics,) = [g for g in rows(root) if g.get("data-slider") == POLITICS]
        (now,) = marks(politics, "dotplot__dot", "dotplot__now")
        (target,) = marks(politics, "dotplot__dot", "dotplot__target")
        scale = (PLOT_RIGHT - PLOT_LEFT) / 100
        assert float(now.get("cx")) == pytest.approx(PLOT_LEFT + 70 * scale, abs=0.05)
        assert float(target.get("cx")) == pytest.approx(PLOT_LEFT + 80 * scale, abs=0.05)

    def test_medians_and_band(self):
        root = ET.fromstring(draw())
        by_slider = {g.get("data-slider"): g for g in rows(root)}
        scale = (PLOT_RIGHT - PLOT_LEFT) / 100
        internal = by_slider[INTERNAL]
        (median_now,) = marks(internal, "dotplot__median", "dotplot__now")
        (median_target,) = marks(internal, "dotplot__median", "dotplot__target")
        assert float(median_now.get("cx")) == pytest.approx(
            PLOT_LEFT + 20 * scale, abs=0.05
        )  # median of 10, 20, 50
        assert float(median_target.get("cx")) == pytest.approx(PLOT_LEFT + 70 * scale, abs=0.05)
        (band,) = marks(internal, "dotplot__band")
        assert float(band.get("x")) == pytest.approx(PLOT_LEFT + 10 * scale, abs=0.05)
        assert float(band.get("width")) == pytest.approx(40 * scale, abs=0.05)
        # One answer: a median, no band; nobody: neither.
        assert marks(by_slider[POLITICS], "dotplot__median") != []
        assert marks(by_slider[POLITICS], "dotplot__band") == []
        assert marks(by_slider[PROC_RESIDENTS], "dotplot__median") == []

    def test_ticks_at_quarters(self):
        root = ET.fromstring(draw())
        labels = [text_of(t) for t in marks(root, "dotplot__tick-label")]
        assert labels == ["0", "25", "50", "75", "100"]

    def test_tension_text_only_on_tension_rows(self):
        root = ET.fromstring(draw())
        with_text = [
            g.get("data-slider")
            for g in rows(root)
            if any(text_of(t) == "hier zit spanning" for t in marks(g, "dotplot__tension-label"))
        ]
        assert with_text == [INTERNAL, COMMUNICATION]
        highlighted = [g.get("data-slider") for g in rows(root) if marks(g, "dotplot__tension")]
        assert highlighted == [INTERNAL, COMMUNICATION]
        assert draw().count("hier zit spanning") == 2

    def test_every_text_escaped(self):
        labels = LABELS | {INTERNAL: 'Intern <b>&</b> "zo"'}
        svg = draw(
            labels=labels,
            title="<script>alert(1)</script>",
            tension_label="spanning <&>",
            now_label="Nu & straks",
        )
        root = ET.fromstring(svg)  # still well-formed
        assert "<script>" not in svg and "<b>" not in svg
        assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"
        (internal,) = [g for g in rows(root) if g.get("data-slider") == INTERNAL]
        assert text_of(marks(internal, "dotplot__label")[0]) == 'Intern <b>&</b> "zo"'
        assert text_of(marks(internal, "dotplot__tension-label")[0]) == "spanning <&>"

    def test_previous_median_as_a_diamond(self):
        previous = {INTERNAL: 5.0, PROC_INTERNAL: None, COMMUNICATION: 30.0}
        root = ET.fromstring(draw(previous=previous, previous_label="Vorige keer"))
        diamonds = {g.get("data-slider"): len(marks(g, "dotplot__previous")) for g in rows(root)}
        assert diamonds == {
            INTERNAL: 1,
            PROC_INTERNAL: 0,
            PROC_RESIDENTS: 0,
            POLITICS: 0,
            COMMUNICATION: 1,
        }
        (diamond,) = marks(rows(root)[0], "dotplot__previous")
        assert diamond.tag == f"{SVG}path"
        legend = [text_of(t) for t in marks(root, "dotplot__legend")]
        assert legend == ["Nu", "Beoogd", "Vorige keer"]
        assert "dotplot__previous" not in draw()

    def test_legend_with_median_and_spread(self):
        root = ET.fromstring(draw(median_label="Mediaan", spread_label="Spreiding nu"))
        legend = [text_of(t) for t in marks(root, "dotplot__legend")]
        assert legend == ["Nu", "Beoogd", "Mediaan", "Spreiding nu"]

    def test_height_grows_with_rows_and_participants(self):
        def height(answers, sliders=SLIDERS):
            svg = dot_plot(
                slider_results(answers, sliders),
                rows_of(answers),
                LABELS,
                title="t",
                description="d",
                now_label="n",
                target_label="t",
                tension_label="s",
            )
            root = ET.fromstring(svg)
            return int(root.get("height")), root.get("viewBox")

        one_row, _ = height([], [INTERNAL])
        five_rows, viewbox = height([])
        assert five_rows > one_row
        assert viewbox == f"0 0 640 {five_rows}"
        many = [SliderAnswer(p, INTERNAL, p, 100) for p in range(12)]
        assert height(many)[0] > five_rows

    def test_deterministic_and_colours_only_in_classes(self):
        svg = draw(previous={INTERNAL: 40.0}, previous_label="Vorige keer")
        assert svg == draw(previous={INTERNAL: 40.0}, previous_label="Vorige keer")
        # No colour literal, no inline style: the stylesheet decides.
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|style=", svg)
        fills = set(re.findall(r'(?:fill|stroke)="([^"]*)"', svg))
        assert fills <= {"currentColor", "none"}

    def test_stylesheet_defines_every_class(self):
        svg = draw(previous={INTERNAL: 40.0}, previous_label="Vorige keer")
        used = set(re.findall(r"dotplot__[a-z-]+", svg))
        css = (Path(dotplot.__file__).parent / "static/workshops/workshops.css").read_text()
        styled = set(re.findall(r"dotplot__[a-z-]+", css))
        coloured = {
            "dotplot__now",
            "dotplot__target",
            "dotplot__band",
            "dotplot__median",
            "dotplot__tension",
            "dotplot__previous",
            "dotplot__axis",
        }
        assert coloured <= used & styled
