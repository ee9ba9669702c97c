"""A project proposal's whole road (#14) in the browser: the wijkmanager submits, the
programme bureau asks for changes, the wijkmanager resubmits, two assessors score blind,
the bureau decides, and the project appears in the programme with its money. axe-core on
each page, at phone width too."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

APPROACH = "Voorbeeld: wijkaanpak Overvecht"


def _score_everything(page, rating: str, why: str) -> None:
    """Rate every effect, answer every yes/no, explain each, and submit."""
    for radio in page.get_by_role("radio", name=rating, exact=True).all():
        radio.check()
    for radio in page.get_by_role("radio", name="Yes", exact=True).all():
        radio.check()
    for rationale in page.get_by_label(re.compile(r"^Rationale: ")).all():
        rationale.fill(why)


def test_from_idea_to_project(open_page):
    marker = uuid.uuid4().hex[:8]
    title = f"Repaircafé Overvecht {marker}"

    # The wijkmanager writes a proposal for the demo wijkaanpak and submits it.
    wim = open_page("wijkmanager")
    wim.goto("/wijkaanpak/")
    follow(wim, wim.get_by_role("link", name=APPROACH))
    follow(wim, wim.get_by_role("link", name="Project proposals", exact=True))
    assert_accessible(wim)
    follow(wim, wim.get_by_role("link", name="New proposal"))
    wim.get_by_label("Title", exact=True).fill(title)
    wim.get_by_label("Summary", exact=True).fill(
        "Buren repareren samen spullen in het wijkcentrum."
    )
    wim.get_by_role("checkbox", name="Tigrisdreef en omgeving").check()
    wim.get_by_role("checkbox", name="Versterking van de sociale cohesie").check()
    wim.get_by_label(re.compile("contribute to “Versterking van de sociale cohesie”")).fill(
        "Buren ontmoeten elkaar bij het repareren."
    )
    wim.get_by_label("Start", exact=True).fill("2027-03-01")
    wim.get_by_label("End", exact=True).fill("2028-02-29")
    costs = wim.get_by_role("group", name="Costs")
    costs.get_by_label("Cost item, line 1").fill("Gereedschap en begeleiding")
    costs.get_by_label("Amount (euro), line 1").fill("20000")
    financing = wim.get_by_role("group", name="Financing")
    financing.get_by_label("Party, line 1").select_option(label="Woningcorporatie (voorbeeld)")
    financing.get_by_label("Amount (euro), line 1").fill("9000")
    financing.get_by_label("Status, line 1").select_option(label="Committed")
    assert_accessible(wim)
    follow(wim, wim.get_by_role("button", name="Save as draft"))
    expect(wim.get_by_role("heading", level=1)).to_contain_text(title)
    expect(wim.get_by_text(re.compile(r"Co-funding 45\s%"))).to_be_visible()
    assert_accessible(wim)
    follow(wim, wim.get_by_role("link", name="Submit", exact=True))
    follow(wim, wim.get_by_role("button", name="Submit"))
    expect(wim.get_by_text(re.compile(r"answer promised by \d+ \w+ \d{4}"))).to_be_visible()
    proposal_url = wim.url

    # The programme bureau asks for changes, suggesting a partner.
    pim = open_page("programmabureau")
    pim.goto(proposal_url)
    follow(pim, pim.get_by_role("link", name="Give advice to the submitter"))
    assert_accessible(pim)
    pim.get_by_label("Advice to the submitter").fill(
        "Sterk idee. Werk samen met de welzijnsorganisatie en beschrijf het vervolg."
    )
    pim.get_by_label("Welzijnsorganisatie (voorbeeld)").check()
    follow(pim, pim.get_by_role("button", name="Send the advice"))
    expect(pim.get_by_text("Advice round 1")).to_be_visible()

    # The wijkmanager revises (a continuity plan) and resubmits, saying what changed.
    wim.reload()
    follow(wim, wim.get_by_role("link", name="Edit", exact=True))
    wim.get_by_label("Continuity plan").fill(
        "Na twee jaar draaien vrijwilligers het repaircafé zelf, in het wijkcentrum."
    )
    follow(wim, wim.get_by_role("button", name="Save changes"))
    follow(wim, wim.get_by_role("link", name="Resubmit, saying what changed"))
    wim.get_by_label("What changed after the advice").fill(
        "Een continuïteitsplan; de welzijnsorganisatie doet mee."
    )
    follow(wim, wim.get_by_role("button", name="Resubmit"))
    expect(
        wim.get_by_text("Een continuïteitsplan; de welzijnsorganisatie doet mee.").first
    ).to_be_visible()

    # The bureau names two assessors and sends the proposal to them.
    pim.reload()
    for name in ("Bram Beoordelaar (Partner)", "Petra Partner (Partner)"):
        pim.get_by_label("Person to assess the proposal").select_option(label=name)
        follow(pim, pim.get_by_role("button", name="Add assessor"))
    follow(pim, pim.get_by_role("button", name="Send to assessment"))
    assert_accessible(pim)

    # The first assessor scores and submits.
    bram = open_page("beoordelaar")
    bram.goto(proposal_url)
    follow(bram, bram.get_by_role("link", name="Score this proposal"))
    assert_accessible(bram)
    _score_everything(bram, "Substantial", "Past goed bij de wijk.")
    bram.get_by_label("Private note").fill(f"Notitie {marker}: alleen voor mij.")
    follow(bram, bram.get_by_role("button", name="Submit scores"))

    # The second sees nobody else's scores before submitting their own: blind.
    petra = open_page("partner")
    petra.goto(proposal_url)
    expect(
        petra.get_by_text("The other assessors' scores show once you have submitted yours.")
    ).to_be_visible()
    expect(petra.get_by_text("Past goed bij de wijk.")).to_have_count(0)
    follow(petra, petra.get_by_role("link", name="Score this proposal"))
    _score_everything(petra, "Some", "Bescheiden bijdrage.")
    follow(petra, petra.get_by_role("button", name="Submit scores"))
    petra.goto(proposal_url)
    expect(petra.get_by_text("Past goed bij de wijk.").first).to_be_visible()
    expect(petra.get_by_text(f"Notitie {marker}")).to_have_count(0)

    # The bureau decides with the rules and both assessors in view.
    pim.reload()
    follow(pim, pim.get_by_role("link", name="Decide on the proposal"))
    expect(pim.get_by_text("Bescheiden bijdrage.").first).to_be_visible()
    expect(pim.get_by_text(f"Notitie {marker}")).to_have_count(0)
    assert_accessible(pim)
    pim.get_by_label("Approved", exact=True).check()
    pim.get_by_label("Reasons").fill("Versterkt de sociale cohesie; het vervolg is geregeld.")
    follow(pim, pim.get_by_role("button", name="Take the decision"))
    follow(pim, pim.get_by_role("link", name=re.compile(f"It became the project “{title}”")))

    # The project is in the programme, with the proposal's money.
    expect(pim.get_by_role("heading", level=1)).to_contain_text(title)
    expect(pim.get_by_text("45% (€ 9,000 of € 20,000)")).to_be_visible()
    tranche = pim.get_by_role("row", name=re.compile("^Woningcorporatie \\(voorbeeld\\) 2027"))
    expect(tranche).to_contain_text("Committed")
    expect(tranche).to_contain_text("From the proposal's financing plan")
    assert_accessible(pim)

    # The submitter reads the decision and its reasons; at phone width too.
    wim.reload()
    expect(
        wim.get_by_text("Versterkt de sociale cohesie; het vervolg is geregeld.").first
    ).to_be_visible()
    expect(wim.get_by_text(f"Notitie {marker}")).to_have_count(0)
    wim.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(wim)
