# ruff: noqa: F811 (the report fixtures come from test_report_views)
"""The report as a PDF: the same story as the web page in the same order, on numbered
pages with a table of contents, tagged for assistive technology with its language, the
same bytes for the same adopted report, and for the same readers as the page."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from wendbaar.core.actors import SYSTEM

from .. import pdf, selectors, services
from .test_report_views import (  # noqa: F401  (fixtures)
    NOT_YET,
    OPENING_QUOTE,
    QUOTE,
    SECRET,
    WORKS,
    adopted,
    draft,
    published,
    under_discussion,
    world,
)

pytestmark = pytest.mark.django_db

TITLE = "Progress report Overvecht 2025"


@pytest.fixture(autouse=True)
def _empty_cache():
    pdf.clear_cache()
    yield
    pdf.clear_cache()


def url(report) -> str:
    return reverse("reports:pdf", kwargs={"pk": report.approach_id, "report": report.pk})


def pages_of(data: bytes) -> list[str]:
    """Each page's text, whitespace folded (no-break spaces too)."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def order(haystack: str, *needles: str) -> None:
    positions = [haystack.index(n) for n in needles]
    assert positions == sorted(positions), list(zip(needles, positions, strict=True))


def test_the_pdf_tells_the_report_in_order_on_numbered_pages(adopted):
    data = pdf.render_pdf(adopted, selectors.content_of(adopted))
    pages = pages_of(data)
    cover, contents, body = pages[0], pages[1], " ".join(pages[2:])
    assert cover.startswith(f"Progress report of Overvecht, Utrecht {TITLE} Period 2025")
    assert "Adopted on" in cover
    assert contents.startswith("Contents Introduction")
    # The opening voices, per chapter its voices and claims (each saying how it is
    # known), and the appendix's figures as the appendix shows them: the table, then the
    # trend's table.
    order(
        body,
        "Introduction",
        "The wijk",
        OPENING_QUOTE,
        "1. Meer mensen aan het werk Voices",
        QUOTE,
        f"{WORKS} Known through: Progress monitoring",
        f"{NOT_YET} Known through: Process evaluation",
        "2. Een veilige buurt Voices",
        "Looking back and ahead",
        "Appendices",
        "A.1 Figures for “Meer mensen aan het werk”",
        "Werkloosheid 9.0 % (2023) 8.0 % (2025) 6.0 % (2030)",
        "Werkloosheid by year Year Figure 2022 10.0 % 2023 (baseline) 9.0 %",
        "B. Money by goal and party",
        "Gemeente Utrecht € 12,000 € 0 € 0",
        "C. The projects",
    )
    # Every page but the cover: the report's title and status in the header, its number
    # in the footer.
    assert not re.search(r"\d+ / \d+$", cover)
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"{TITLE} Adopted on [^/]+ version 1 {number} / {len(pages)}$", text)
    # Nothing of the interactive page: no forms, comments, edit links, scroll hints.
    for absent in ("Scroll sideways", "Your comment", "Write this chapter", "Comments from"):
        assert absent not in body
    # A sensitive figure is "not public" here too, never a number.
    assert "Herkomst buiten Europa Not public (sensitive figure)" in body
    assert not SECRET.search(body) and "83" not in body
    # The contents give the page each part starts on.
    for heading in ("1. Meer mensen aan het werk", "2. Een veilige buurt", "Appendices"):
        listed = re.search(re.escape(heading) + r" [ .]*(\d+) ", contents)
        assert listed, heading
        starts = [n for n, text in enumerate(pages, start=1) if text.startswith(heading)]
        assert [int(listed[1])] == starts, heading


def test_the_pdf_is_tagged_with_its_language_and_the_same_bytes_every_time(adopted):
    shown = selectors.content_of(adopted)
    first = pdf.render_pdf(adopted, shown)
    pdf.clear_cache()
    second = pdf.render_pdf(adopted, shown)
    assert second == first  # drawn again: the same bytes
    assert pdf.render_pdf(adopted, shown) is second  # and kept, until the snapshot changes
    reader = PdfReader(io.BytesIO(first))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == TITLE
    # Dated by its adoption, not by the moment it was drawn.
    assert reader.metadata["/CreationDate"].startswith(adopted.adopted_on.strftime("D:%Y%m%d"))
    # The charts are vector drawings, not pictures.
    assert not any(page.images for page in reader.pages)


def test_the_public_reads_the_pdf_of_an_adopted_report_of_a_published_wijkaanpak(
    client, adopted, approach
):
    assert client.get(url(adopted)).status_code == 404  # the wijkaanpak is not published
    approach.is_published = True
    approach.save(update_fields=["is_published"])
    response = client.get(url(adopted))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="progress-report-overvecht-2025-v{adopted.version}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert client.post(url(adopted)).status_code == 405


def test_a_draft_is_its_writers_alone(client, draft, published, users):
    assert client.get(url(draft)).status_code == 404
    client.force_login(users["lezer"])
    assert client.get(url(draft)).status_code == 404
    client.force_login(users["programmabureau"])
    response = client.get(url(draft))
    assert response.status_code == 200
    assert "Draft — not adopted" in pages_of(response.content)[0]


def test_an_erased_voice_is_gone_from_the_pdf(client, adopted, published):
    before = " ".join(pages_of(client.get(url(adopted)).content))
    assert QUOTE in before
    story_id = adopted.voices.get(chapter__isnull=False).story_id
    services.remove_story_from_reports(story_id=story_id, by=SYSTEM)
    after = " ".join(pages_of(client.get(url(adopted)).content))
    assert QUOTE not in after and "Weer aan het werk" not in after
    assert "This voice was removed after adoption" in after
    assert OPENING_QUOTE in after


@pytest.mark.django_db(False)
def test_the_pdf_fetches_our_static_files_only():
    fetcher = pdf._fetcher()
    stylesheet = pdf.stylesheet_path()
    assert b"@page" in fetcher.fetch(stylesheet.as_uri()).read()
    for refused in (
        "https://example.org/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        (stylesheet.parent / ".." / ".." / "pdf.py").as_uri(),  # our code, not a static file
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


def test_the_bench_times_the_pdf_and_the_page(adopted, published):
    """A smoke run of ``make bench``'s reports step (timing is reported there, never
    asserted here)."""
    from .. import bench

    figures = bench.measure(adopted, renders=1, requests=2)
    assert figures["pdf_pages"] >= 8 and figures["pdf_bytes"] > 10_000
    assert len(figures["pdf_times"]) == 1 and len(figures["page_times"]) == 2
    lines = bench.ReportTiming(database="test", build_seconds=0, load="", **figures).lines()
    assert [line.split()[0] for line in lines[4:9]] == ["what", "PDF,", "PDF,", "PDF,", "web"]
    assert all(line.rstrip().endswith(("PASS", "FAIL", "info")) for line in lines[5:9])
