"""A progress report's road (#15) in the browser: the programme bureau starts the 2024
report of the demo wijkaanpak, writes both chapters honestly (a claim with its kind of
measurement, "nothing to report" chosen, voices), sends it for discussion; a partner
comments on a chapter; the bureau adopts it; an anonymous visitor reads it, voices
before figures, and downloads the PDF. axe-core on each page, at phone width too."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

APPROACH = "Voorbeeld: wijkaanpak Overvecht"
WORK, SAFE = "Meer bewoners aan het werk", "Een veiliger wijk"


def _write_chapter(
    page, goal: str, *, works: tuple[str, str] | None, not_yet: tuple[str, str] | None, voice: str
) -> None:
    follow(page, page.get_by_role("link", name=re.compile(f"^{goal}")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(goal)
    for legend, claim, nothing in (
        ("What works", works, "Nothing to report on what works"),
        ("What does not work (yet)", not_yet, "Nothing to report on what does not work (yet)"),
    ):
        half = page.get_by_role("group", name=legend, exact=True)
        if claim is None:
            half.get_by_label(nothing).check()
        else:
            half.get_by_label("Claim, line 1").fill(claim[0])
            half.get_by_label("Kind of measurement, line 1").select_option(label=claim[1])
    page.get_by_role("checkbox", name=voice).check()
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Save the chapter"))


def test_compose_discuss_adopt_and_read(open_page):
    pim = open_page("programmabureau")
    pim.goto("/wijkaanpak/")
    follow(pim, pim.get_by_role("link", name=APPROACH))
    follow(pim, pim.get_by_role("link", name="Write or continue a progress report"))
    assert_accessible(pim)
    pim.get_by_label("Year", exact=True).fill("2024")
    follow(pim, pim.get_by_role("button", name="Start the report"))
    expect(pim.get_by_role("heading", level=1)).to_contain_text("2024")
    assert_accessible(pim)
    compose_url = pim.url

    # Adoption is refused while a chapter is unanswered, with the chapter named.
    follow(pim, pim.get_by_role("button", name="Send for discussion"))
    pim.get_by_label("Yes, adopt and freeze the report").check()
    follow(pim, pim.get_by_role("button", name="Adopt"))
    expect(pim.get_by_text(re.compile(f"“{WORK}”: say what works")).first).to_be_visible()
    pim.goto(compose_url)

    _write_chapter(
        pim,
        WORK,
        works=("Twaalf bewoners vonden werk via het werkcafé.", "Progress monitoring"),
        not_yet=("Gezinnen met schulden bereiken we te laat.", "Development research"),
        voice="Voorbeeld: via het werkcafé weer aan de slag",
    )
    _write_chapter(
        pim,
        SAFE,
        works=None,
        not_yet=("Of mensen zich veiliger voelen, weten we nog niet.", "Effect study"),
        voice="Voorbeeld: donker pad naar het station",
    )
    pim.goto(compose_url)
    expect(pim.get_by_text("not answered yet")).to_have_count(0)
    follow(pim, pim.get_by_role("link", name="Read the report as it will be shown"))
    report_url = pim.url

    # A partner comments on a chapter while the report is under discussion.
    petra = open_page("partner")
    petra.goto(report_url)
    expect(petra.get_by_role("heading", level=1)).to_contain_text("2024")
    assert_accessible(petra)
    comment = petra.get_by_label(f"Your comment on “{SAFE}”")
    comment.fill("Noem ook de portiekschoonmaak.")
    form = comment.locator("xpath=ancestor::form")
    follow(petra, form.get_by_role("button", name="Send the comment"))
    expect(petra.get_by_text("Noem ook de portiekschoonmaak.")).to_be_visible()

    # The bureau reads the comment and adopts the report.
    pim.goto(report_url)
    expect(pim.get_by_text("Noem ook de portiekschoonmaak.")).to_be_visible()
    pim.goto(compose_url)
    pim.get_by_label("Yes, adopt and freeze the report").check()
    follow(pim, pim.get_by_role("button", name="Adopt"))
    expect(pim.get_by_text("Adopted", exact=True).first).to_be_visible()
    assert_accessible(pim)

    # Anyone reads the adopted report: voices first, figures behind; no comments.
    visitor = open_page()
    visitor.goto(report_url)
    expect(visitor.get_by_text(re.compile("Adopted on"))).to_be_visible()
    html = visitor.content()
    voice = html.index("Ik durfde weer te solliciteren")
    assert voice < html.index("Twaalf bewoners vonden werk") < html.index('id="appendices"')
    expect(visitor.get_by_text("Progress monitoring").first).to_be_visible()
    expect(visitor.get_by_text("Noem ook de portiekschoonmaak.")).to_have_count(0)
    assert_accessible(visitor)
    visitor.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(visitor)

    # ... and downloads it as a PDF: the same report, tagged, with its language.
    link = visitor.get_by_role("link", name="Download as PDF")
    response = visitor.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.body()))
    assert pdf.trailer["/Root"]["/Lang"] and pdf.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Ik durfde weer te solliciteren" in text
