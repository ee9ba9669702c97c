"""A report's open-data bundle: every figure the page shows, as CSV with its provenance,
and the report as JSON; a sensitive figure "not public", never 0; the same bytes for the
same adopted report; the same access as the page."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from wendbaar.core.actors import SYSTEM
from wendbaar.monitor.models import Indicator, Observation

from .. import content as content_module
from ..bundle import LICENCE, bundle, key_figure_rows, results_rows
from ..compose import period_of
from ..content import KeyFigureContent, Provenance
from ..selectors import content_of
from ..services import create_report
from . import test_report_views as page
from .factories import FIGURES, YEAR
from .test_report_views import OPENING_QUOTE, QUOTE, SECRET

# The report page's world and reports (pytest finds fixtures by their module's names).
world, draft, under_discussion = page.world, page.draft, page.under_discussion
adopted, published = page.adopted, page.published

pytestmark = pytest.mark.django_db

NOT_PUBLIC = "Not public (sensitive figure)"
FILES = [
    "README.txt",
    "key_figures.csv",
    "money.csv",
    "projects.csv",
    "report.json",
    "results.csv",
]


def url(report) -> str:
    return reverse("reports:bundle", kwargs={"pk": report.approach_id, "report": report.pk})


def download(client, report) -> bytes:
    response = client.get(url(report))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response.content


def files(body: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(autouse=True)
def _catalogue(world):
    """The catalogue's source and definition, as the monitor's import sets them."""
    Indicator.objects.filter(code="werkloosheid").update(
        source="CBS", definition_nl="Aandeel werklozen", definition_en="Share unemployed"
    )


@pytest.fixture
def opened(client, adopted, published):
    return files(download(client, adopted))


def test_the_bundle_holds_the_figures_the_money_the_projects_and_the_report(
    client, adopted, published
):
    response = client.get(url(adopted))
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-report-overvecht-2025-v1-open-data.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == FILES  # sorted, the same order every time
        assert archive.testzip() is None
        # Stamped with the adoption date, not the moment of download.
        stamps = {info.date_time for info in archive.infolist()}
        assert stamps == {(*adopted.adopted_on.timetuple()[:3], 0, 0, 0)}
    opened = files(response.content)
    assert opened["results.csv"].splitlines()[0] == (
        "chapter,indicator,area,year,value,unit,kind,source,tables,definition,note"
    )
    # Money per chapter per party, exact decimals, never one total.
    assert table(opened["money.csv"]) == [
        {
            "chapter": "Meer mensen aan het werk",
            "party": "Gemeente Utrecht",
            "planned": "12000.00",
            "committed": "0.00",
            "spent": "0.00",
        },
        {
            "chapter": "Meer mensen aan het werk",
            "party": "Woningcorporatie (voorbeeld)",
            "planned": "8000.00",
            "committed": "0.00",
            "spent": "0.00",
        },
    ]
    # The outputs, apart from the outcomes: a row per output figure.
    assert table(opened["projects.csv"]) == [
        {
            "chapter": "Meer mensen aan het werk",
            "project": "Werkcafé",
            "status": "planned",
            "progress_percent": "40",
            "reported_on": "2025-06-01",
            "narrative": "Twaalf bewoners vonden werk via het werkcafé.",
            "output_label": "Bezoekers",
            "output_value": "140.0",
            "output_unit": "mensen",
        }
    ]
    readme = opened["README.txt"]
    assert readme.startswith("Progress report Overvecht 2025 — open data")
    assert f"An empty value with the note “{NOT_PUBLIC}” is a sensitive figure" in readme
    assert "UTF-8" in readme and "a dot as the decimal separator" in readme


def test_results_are_the_figures_of_the_report_with_their_provenance(opened, adopted):
    shown = content_of(adopted)
    rows = table(opened["results.csv"])
    for chapter in shown.chapters:
        for result in chapter.results:
            if result.hidden:
                continue
            key = (chapter.title, result.name)
            mine = [r for r in rows if (r["chapter"], r["indicator"]) == key]
            by_kind = {r["kind"]: r for r in mine if r["kind"] != "series"}
            for kind in ("baseline", "latest", "target"):
                value = getattr(result, kind)
                cell = by_kind[kind]
                assert (float(cell["value"]) if cell["value"] else None) == value, kind
                year = getattr(result, f"{kind}_year")
                assert cell["year"] == ("" if year is None else str(year))
                if value is None:
                    assert cell["note"] == "no figure"  # empty, and says why
            series = [(int(r["year"]), float(r["value"])) for r in mine if r["kind"] == "series"]
            assert series == list(result.series)
            if result.reference_change is not None:
                assert float(by_kind["reference_start"]["value"]) == result.reference_start
                assert float(by_kind["reference_end"]["value"]) == result.reference_end
    # The monitor's indicator: the figures the page shows (9.0 % in 2023, 8.0 % in 2025,
    # target 6.0 % in 2030), every year up to the period's end, with source, table of the
    # latest year and definition on each row.
    work = [r for r in rows if r["indicator"] == "Werkloosheid"]
    assert [(r["kind"], r["year"], r["value"]) for r in work[:3]] == [
        ("baseline", "2023", "9.0"),
        ("latest", "2025", "8.0"),
        ("target", "2030", "6.0"),
    ]
    series = {int(r["year"]): float(r["value"]) for r in work if r["kind"] == "series"}
    assert series == {y: v for y, v in FIGURES.items() if y <= YEAR}
    latest = next(r for r in work if r["kind"] == "latest")
    result = content_of(adopted).chapters[0].results[0]
    assert (latest["source"], latest["tables"], latest["definition"], latest["unit"]) == (
        result.provenance.source,
        "T2025",
        result.provenance.definition,
        "%",
    )
    assert (result.provenance.source, result.provenance.definition) == ("CBS", "Share unemployed")
    assert all((r["source"], r["definition"]) == ("CBS", "Share unemployed") for r in work)
    # A local indicator: the bureau's own measurement, named as such.
    local = next(r for r in rows if r["indicator"] == "Buurtwachten" and r["kind"] == "latest")
    assert (local["year"], local["value"], local["unit"]) == ("2025", "18.0", "mensen")
    assert local["source"] == "The wijkaanpak's own measurement, recorded by the programme bureau"


def test_a_sensitive_figure_is_empty_and_not_public_never_0(opened):
    rows = [r for r in table(opened["results.csv"]) if r["indicator"] == "Herkomst buiten Europa"]
    assert [(r["kind"], r["year"], r["value"], r["note"]) for r in rows] == [
        ("baseline", "", "", NOT_PUBLIC),
        ("latest", "", "", NOT_PUBLIC),
        ("target", "", "", NOT_PUBLIC),
    ]
    for name, text in opened.items():
        assert not SECRET.search(text), name  # the target 70.13
        assert not re.search(r"(?<![\d.])83[.,]17", text), name  # the figure 83.17


def test_report_json_is_the_report_and_reads_back_exactly(opened, adopted):
    document = json.loads(opened["report.json"])
    assert content_module.from_json(document["content"]) == content_of(adopted)
    assert {k: v for k, v in document.items() if k != "content"} == {
        "title": "Progress report Overvecht 2025",
        "approach": "Overvecht",
        "municipality": "Utrecht",
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "version": 1,
        "status": "adopted",
        "adopted_on": adopted.adopted_on.isoformat(),
        "url": "http://testserver"
        + reverse("reports:detail", args=[adopted.approach_id, adopted.pk]),
        "licence": LICENCE,
        "licence_note": document["licence_note"],
    }
    assert "CC BY 4.0" in document["licence_note"]
    voices = [v["quote"] for c in document["content"]["chapters"] for v in c["voices"]]
    assert QUOTE in voices
    assert document["content"]["opening_voices"][0]["quote"] == OPENING_QUOTE


def test_the_same_adopted_report_gives_the_same_bytes_after_an_import(client, adopted, published):
    first = download(client, adopted)
    Observation.objects.filter(indicator__code="werkloosheid").update(value=3.0)
    assert download(client, adopted) == first


def test_key_figures_carry_their_years_source_and_reference_group():
    figure = KeyFigureContent(
        code="unemployment",
        name="Werkloosheid",
        unit="%",
        decimals=1,
        polarity=-1,
        year=2024,
        value=7.5,
        start_year=2020,
        start_value=9.25,
        reference_start=8.0,
        reference_end=7.0,
        reference_areas=10,
        provenance=Provenance(source="CBS", tables="85984NED", definition="Share of ..."),
    )
    rows = [[*r[:2], *r[3:7], r[8], r[10]] for r in key_figure_rows([figure])]
    group = "reference group of 10 areas"
    assert rows == [
        ["unemployment", "Werkloosheid", "2020", "9.25", "%", "start", "", ""],
        ["unemployment", "Werkloosheid", "2024", "7.5", "%", "latest", "85984NED", ""],
        ["unemployment", "Werkloosheid", "2020", "8.0", "%", "reference_start", "", group],
        ["unemployment", "Werkloosheid", "2024", "7.0", "%", "reference_end", "85984NED", group],
    ]
    assert all(r[2] == "" and r[7] == "CBS" for r in key_figure_rows([figure]))


def test_the_bundle_writes_key_figures_and_keeps_a_formula_a_text(adopted):
    shown = content_of(adopted)
    figure = KeyFigureContent(
        code="x", name="=HYPERLINK(1)", unit="%", decimals=1, polarity=0, year=2025, value=1.5
    )
    body = bundle(
        dataclasses.replace(shown, key_figures=(figure,)),
        report_url="https://example.org/r/",
        status="adopted",
        adopted_on="2026-02-01",
    )
    rows = table(files(body)["key_figures.csv"])
    assert [(r["indicator"], r["year"], r["value"], r["kind"]) for r in rows] == [
        ("'=HYPERLINK(1)", "2025", "1.5", "latest")
    ]


# --- who may download it: as the page ------------------------------------------------------


def test_the_public_downloads_only_adopted_reports_of_published_wijkaanpakken(
    client, adopted, approach
):
    assert client.get(url(adopted)).status_code == 404  # the wijkaanpak is not published
    approach.is_published = True
    approach.save(update_fields=["is_published"])
    assert client.get(url(adopted)).status_code == 200
    start, end = period_of(2026)
    next_year = create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)
    assert client.get(url(next_year)).status_code == 404
    assert client.post(url(adopted)).status_code == 405


def test_the_writers_download_their_draft_which_says_so(client, draft, users):
    client.force_login(users["lezer"])
    assert client.get(url(draft)).status_code == 404
    client.force_login(users["programmabureau"])
    document = json.loads(files(download(client, draft))["report.json"])
    assert (document["status"], document["adopted_on"]) == ("concept", None)
    assert "status: concept" in files(download(client, draft))["README.txt"]


def test_the_reference_groups_change_runs_over_the_results_years(adopted):
    shown = content_of(adopted)
    work = shown.chapters[0]
    result = dataclasses.replace(
        work.results[0], reference_start=9.5, reference_end=9.0, reference_areas=1
    )
    chapter = dataclasses.replace(work, results=(result,))
    rows = list(results_rows(dataclasses.replace(shown, chapters=(chapter,))))
    reference = [(r[3], r[4], r[6], r[10]) for r in rows if r[6].startswith("reference")]
    assert reference == [
        ("2023", "9.5", "reference_start", "reference group of 1 area"),
        ("2025", "9.0", "reference_end", "reference group of 1 area"),
    ]


def test_the_maps_figures_by_buurt_are_rows_too_a_missing_one_never_0(adopted):
    from ..content import AreaFigureContent

    shown = content_of(adopted)
    work = shown.chapters[0]
    result = dataclasses.replace(
        work.results[0],
        area_figures=(
            AreaFigureContent("BU03440343", "Poldergebied Overvecht", 7.5),
            AreaFigureContent("BU03440344", "Zambesidreef", None),
        ),
    )
    chapter = dataclasses.replace(work, results=(result,))
    rows = list(results_rows(dataclasses.replace(shown, chapters=(chapter,))))
    buurten = [(r[2], r[3], r[4], r[10]) for r in rows if r[6] == "buurt"]
    assert buurten == [
        ("Poldergebied Overvecht (BU03440343)", str(result.latest_year), "7.5", ""),
        (
            "Zambesidreef (BU03440344)",
            str(result.latest_year),
            "",
            "no figure (secret, suppressed or not available)",
        ),
    ]
    # The wijkaanpak's own figures leave the area empty.
    assert all(r[2] == "" for r in rows if r[6] != "buurt")
