"""The wijkaanpak in the browser: the programmabureau builds one for a real wijk of the
demo (Overvecht, Utrecht) — coalition, vision, a goal with indicators and a measurement,
a project funded by two parties with progress, money outside the projects — and reads
where it stands; partners and readers cannot edit.

Pages are asked for in English (the ``django_language`` cookie) so the journeys do not
depend on the Dutch wording, which translators change; locators are roles, labels, URLs.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIJK = "WK034403"  # Wijk 03 Overvecht
MONITOR_INDICATOR = "social_assistance_per_1000"  # has a 2023 value for Overvecht
DEMO_APPROACH = "Voorbeeld: wijkaanpak Overvecht"
THIS_YEAR = dt.date.today().year


def expect_h1(page, text: str) -> None:
    """Waits (the page may still be loading after a click or Enter) for the h1."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def expect_saved(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_have_count(1)


def section(page, name: str):
    return page.get_by_role("region", name=name)


def test_programme_bureau_builds_a_wijkaanpak(open_page):
    suffix = uuid.uuid4().hex[:6]
    name = f"Wijkaanpak Overvecht {suffix}"
    partner_name = f"Buurtsportcoach {suffix}"
    page = open_page("programmabureau")

    # The overview offers to start a new approach.
    page.goto("/wijkaanpak/")
    expect_h1(page, "Neighbourhood approaches")
    assert_accessible(page)
    page.get_by_role("link", name="New neighbourhood approach").click()
    expect_h1(page, "New neighbourhood approach")
    assert_accessible(page)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Summary").fill("Overvecht together: a generation of work.")
    page.get_by_label("Municipality").select_option(label="Utrecht (GM0344)")
    page.get_by_label("Districts and neighbourhoods").select_option(
        label=f"Wijk 03 Overvecht ({WIJK})"
    )
    page.get_by_label("Start year").fill(str(THIS_YEAR))
    page.get_by_label("End year").fill(str(THIS_YEAR + 20))
    page.get_by_label("Budget holder of the programme").select_option(label="Gemeente (voorbeeld)")
    page.get_by_label("Published (visible to everyone)").check()
    page.get_by_role("button", name="Save").click()
    expect_h1(page, name)
    expect_saved(page, "created")
    approach_url = page.url
    assert re.search(r"/wijkaanpak/\d+/$", approach_url), approach_url
    assert_accessible(page)

    # A new partner organisation joins the coalition with a role, and commits money.
    page.goto("/coalitie/organisaties/nieuw/")
    assert_accessible(page)
    page.get_by_label("Name").fill(partner_name)
    page.get_by_label("Kind").select_option(label="Civil society organisation")
    page.get_by_label("Subtype").select_option(label="Sport")
    page.get_by_label("Municipality").select_option(label="Utrecht (GM0344)")
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "organisation has been added")
    assert page.get_by_role("row", name=re.compile(partner_name)).count() == 1

    page.goto(approach_url)
    section(page, "The coalition today").get_by_role(
        "link", name="Coalition, commitments and history"
    ).click()
    expect_h1(page, f"Coalition of {name}")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="An organisation joins"))
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label=partner_name)
    page.get_by_label("Role").select_option(label="Core partner")
    page.get_by_label("Joined on").fill(f"{THIS_YEAR}-01-15")
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "joined the coalition")
    coalition = page.get_by_role("table", name=re.compile("The coalition on"))
    row = coalition.get_by_role("row", name=re.compile(partner_name))
    assert "Core partner" in row.inner_text()
    # The municipality and residents are not in it yet: the page says so.
    assert "Missing in the coalition" in page.locator("main").inner_text()

    follow(page, page.get_by_role("link", name="Add a commitment"))
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label=partner_name)
    page.get_by_label("Kind").select_option(label="Money")
    page.get_by_label("Description").fill("Sports afternoons in the park")
    page.get_by_label("Amount (euro)").fill("12000")
    page.get_by_label("Hours per year").fill("200")
    page.get_by_label("From year").fill(str(THIS_YEAR))
    page.get_by_label("To year").fill(str(THIS_YEAR + 3))
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "commitment has been added")
    commitments = page.get_by_role("table", name="What the partners put in")
    row = commitments.get_by_role("row", name=re.compile(partner_name))
    assert "Sports afternoons in the park" in row.inner_text() and "12" in row.inner_text()
    assert_accessible(page)

    # The vision, written in step 3 (agenda) of the living checklist: a keyboard user
    # opens the step with Enter on its summary.
    page.goto(approach_url)
    agenda = page.locator("#step-agenda")
    agenda.locator("summary").focus()
    page.keyboard.press("Enter")
    agenda.get_by_role("link", name="Change the vision (with history)").click()
    expect_h1(page, "Shared vision")
    assert_accessible(page)
    page.get_by_label("Shared vision").fill("Overvecht is a neighbourhood where people stay.")
    page.get_by_label("Why does the vision change?").fill("First version, agreed in May.")
    page.get_by_role("button", name="Save as a new version").click()
    expect_h1(page, name)
    expect_saved(page, "new version of the vision")
    # Back at the agenda step, opened, with the new vision in view.
    assert page.url.endswith("#vision")
    vision = page.locator("#step-agenda #vision")
    expect(vision).to_be_visible()
    expect(vision).to_contain_text("a neighbourhood where people stay")

    # The living checklist: tick an item of the agenda step, saved in place (htmx).
    item = agenda.locator("li.checklist__item").first
    label = item.get_by_role("checkbox").get_attribute("id")
    item.get_by_role("checkbox").check()
    item.get_by_role("textbox").fill("Agreed in the steering group.")
    item.get_by_role("button", name=re.compile("^Save")).click()
    expect(
        page.locator(f"#{label}").locator("xpath=ancestor::li").get_by_role("status")
    ).to_have_text("Saved")
    assert page.url.endswith("#vision")  # no page load: the item was swapped in place
    page.reload()
    expect(page.locator(f"#{label}")).to_be_checked()
    assert "1 of 6 done" in page.locator("#step-agenda summary").inner_text()

    # A goal, with a monitor indicator and a local indicator with a measurement.
    follow(page, section(page, "Goals against targets").get_by_role("link", name="Add a goal"))
    assert_accessible(page)
    page.get_by_label("Goal", exact=True).fill("More residents at work")
    page.get_by_label("Description").fill("Fewer households on social assistance.")
    page.get_by_role("group", name="Themes").get_by_label("Work and participation").check()
    page.get_by_role("button", name="Save").click()
    expect_h1(page, "New indicator for")
    expect_saved(page, "goal has been added")
    assert_accessible(page)
    page.get_by_label("Indicator from the monitor").select_option(MONITOR_INDICATOR)
    page.get_by_label("Polarity").select_option(label="Higher is worse")
    page.get_by_label("Baseline value").fill("80")
    page.get_by_label("Baseline year").fill("2022")
    page.get_by_label("Target value").fill("60")
    page.get_by_label("Target year").fill(str(THIS_YEAR + 10))
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "indicator has been added")

    goal = page.locator("article.goal").filter(has_text="More residents at work")
    goal.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Name of a local indicator").fill("Residents who found work")
    page.get_by_label("Unit").fill("persons")
    page.get_by_label("Polarity").select_option(label="Higher is better")
    page.get_by_label("Baseline value").fill("0")
    page.get_by_label("Baseline year").fill(str(THIS_YEAR))
    page.get_by_label("Target value").fill("100")
    page.get_by_label("Target year").fill(str(THIS_YEAR + 4))
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "indicator has been added")

    goal = page.locator("article.goal").filter(has_text="More residents at work")
    indicators = goal.get_by_role("table", name=re.compile("Indicators of"))
    monitor_row = indicators.get_by_role("row", name=re.compile("Social assistance"))
    # The monitor indicator takes its actual value from the demo's CBS figures.
    assert re.search(r"\d+(\.\d+)? \(20\d\d\)", monitor_row.inner_text()), monitor_row.inner_text()
    local_row = indicators.get_by_role("row", name=re.compile("Residents who found work"))
    follow(page, local_row.get_by_role("link", name="add measurement"))
    assert_accessible(page)
    # The measurement form, by keyboard only: labels lead the fields, Tab moves on,
    # Enter submits.
    page.get_by_label("Year").focus()
    page.keyboard.type(str(THIS_YEAR))
    page.keyboard.press("Tab")
    page.keyboard.type("25")
    page.keyboard.press("Tab")
    page.keyboard.type("Werkcafé count")
    page.keyboard.press("Enter")
    expect_h1(page, name)
    expect_saved(page, "measurement has been recorded")
    goal = page.locator("article.goal").filter(has_text="More residents at work")
    local_row = goal.get_by_role("row", name=re.compile("Residents who found work"))
    cells = local_row.get_by_role("cell").all_inner_texts()
    assert f"25 ({THIS_YEAR})" in cells and "25%" in cells, cells

    # A project serving the goal, owned by the new partner, funded by two parties.
    section(page, "Execution programme").get_by_role("link", name="Add a project").click()
    expect_h1(page, "New project")
    assert_accessible(page)
    page.get_by_label("Title").fill(f"Werkcafé {suffix}")
    page.get_by_label("What will be done").fill("A weekly café where residents find work.")
    page.get_by_label("Owner organisation").select_option(label=partner_name)
    page.get_by_label("Start").fill(f"{THIS_YEAR}-02-01")
    page.get_by_label("End", exact=True).fill(f"{THIS_YEAR + 3}-12-31")
    page.get_by_label("Budget (euro)").fill("50000")
    page.get_by_role("group", name="Goals served").get_by_label("More residents at work").check()
    page.get_by_role("group", name="Themes").get_by_label("Work and participation").check()
    page.get_by_role("button", name="Save").click()
    expect_h1(page, f"Werkcafé {suffix}")
    expect_saved(page, "project has been created")
    project_url = page.url
    assert_accessible(page)

    for source, amount, status in (
        ("Gemeente (voorbeeld)", "30000", "Committed"),
        (partner_name, "20000", "Planned"),
    ):
        follow(page, page.get_by_role("link", name="Add funding"))
        assert_accessible(page)
        page.get_by_label("Source (party)").select_option(label=source)
        page.get_by_label("Amount (euro)").fill(amount)
        page.get_by_label("Year").fill(str(THIS_YEAR))
        page.get_by_label("Status").select_option(label=status)
        page.get_by_role("button", name="Save").click()
        expect_saved(page, "funding has been added")
    funding = page.get_by_role("table", name=re.compile("^Funding lines"))
    assert funding.get_by_role("row").count() == 3  # header + two lines
    # 20,000 of the 50,000 budget comes from a party other than the budget holder.
    assert "40%" in page.locator("#funding + p").inner_text()

    follow(page, page.get_by_role("link", name="Report progress"))
    assert_accessible(page)
    page.get_by_label("What happened").fill("The café opened; twelve residents came weekly.")
    page.get_by_label("Progress (%)").fill("30")
    page.get_by_label("Output figures").fill("Meetings held: 12")
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "progress update has been saved")
    assert "Meetings held: 12" in page.locator("main").inner_text()
    assert page.url == project_url

    # Money the partner spends outside the projects.
    page.goto(approach_url)
    section(page, "Money by party: planned, committed and spent").get_by_role(
        "link", name="All money flows in the district, by theme and year"
    ).click()
    expect_h1(page, "All money flows in the district")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Add money spent outside the projects"))
    assert_accessible(page)
    page.get_by_label("Party").select_option(label=partner_name)
    page.get_by_label("Description").fill("Free sports club membership")
    page.get_by_label("Theme").select_option(label="Health, care and support")
    page.get_by_label("Year").fill(str(THIS_YEAR))
    page.get_by_label("Amount (euro)").fill("8000")
    page.get_by_label("Status").select_option(label="Spent")
    page.get_by_role("button", name="Save").click()
    expect_h1(page, "All money flows in the district")
    expect_saved(page, "money flow has been added")
    by_party = page.get_by_role("table", name="Money by party (euro)")
    # 20,000 planned for the project and 8,000 spent outside it: two columns, never 28,000.
    row = by_party.get_by_role("row", name=re.compile(partner_name)).inner_text()
    assert "20,000" in row and "8,000" in row and "28,000" not in row
    assert_accessible(page)

    # Where it stands, on one page.
    page.goto(approach_url)
    figures = section(page, "Where we stand").inner_text()
    assert "Progress of the projects\n30%" in figures, figures
    # Planned, committed and spent apart, never one total (a no-break space after €).
    for amount in ("€\xa020,000 planned", "€\xa030,000 committed", "€\xa08,000 spent"):
        assert amount in figures, figures
    assert "Co-funding share of the projects\n40%" in figures, figures
    projects = section(page, "Execution programme").get_by_role("table")
    row = projects.get_by_role("row", name=re.compile(f"Werkcafé {suffix}"))
    assert "30%" in row.inner_text() and partner_name in row.inner_text()
    goal = page.locator("article.goal").filter(has_text="More residents at work")
    assert "1 project" in goal.inner_text() and "progress of the projects: 30%" in goal.inner_text()
    assert_accessible(page)

    # And anyone finds it, published, on the overview.
    visitor = open_page()
    visitor.goto("/wijkaanpak/")
    row = visitor.get_by_role("row", name=re.compile(name))
    assert "Published" in row.inner_text() and "Wijk 03 Overvecht" in row.inner_text()
    row.get_by_role("link", name=name).click()
    expect_h1(visitor, name)
    assert visitor.get_by_role("link", name="Edit").count() == 0


def test_approach_form_errors_are_accessible(open_page):
    page = open_page("wijkmanager")
    page.goto("/wijkaanpak/nieuw/")
    page.get_by_label("Name").fill("Too long a breath")
    page.get_by_label("Municipality").select_option(label="Utrecht (GM0344)")
    page.get_by_label("Districts and neighbourhoods").select_option(
        label=f"Wijk 03 Overvecht ({WIJK})"
    )
    page.get_by_label("Start year").fill("2025")
    page.get_by_label("End year").fill("2070")
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    assert_accessible(page)
    # What was typed stays; the summary leads to the field to correct.
    expect(page.get_by_label("Name")).to_have_value("Too long a breath")
    summary.get_by_role("link").first.click()
    focused = page.evaluate("document.activeElement.id")
    assert focused, "the error link should move the focus to a field"
    assert page.locator(f"#{focused}").get_attribute("aria-invalid") == "true"


def demo_approach_url(page) -> str:
    page.goto("/wijkaanpak/")
    page.get_by_role("link", name=DEMO_APPROACH).click()
    expect_h1(page, DEMO_APPROACH)
    return page.url


@pytest.mark.parametrize("user", ["lezer", "partner"])
def test_reader_and_partner_cannot_edit_the_approach(open_page, user):
    page = open_page(user)
    url = demo_approach_url(page)
    pk = re.search(r"/wijkaanpak/(\d+)/$", url)[1]
    assert_accessible(page)
    main = page.locator("main")
    for link in (
        "Edit",
        "Add a goal",
        "Add an indicator",
        "Add a project",
        "Change the vision (with history)",
    ):
        assert main.get_by_role("link", name=link, exact=True).count() == 0, (user, link)
    # The living checklist is shown, not offered as a form.
    assert main.get_by_role("checkbox").count() == 0
    assert main.get_by_role("button", name=re.compile("^Save")).count() == 0

    page.goto(f"/coalitie/wijkaanpak/{pk}/")
    assert page.get_by_role("link", name="An organisation joins").count() == 0
    assert page.get_by_role("button", name=re.compile("^Leave")).count() == 0
    commitments = page.get_by_role("table", name="What the partners put in")
    edit_links = commitments.get_by_role("link", name=re.compile("^edit"))
    if user == "partner":
        # The demo partner acts for the corporatie: its own commitment only.
        assert edit_links.count() == 1
        row = commitments.get_by_role("row", name=re.compile("Woningcorporatie"))
        row.get_by_role("link", name=re.compile("^edit")).click()
        expect_h1(page, "Edit commitment")
        assert_accessible(page)
        expect(page.get_by_label("Organisation")).to_be_disabled()
        page.goto(f"/coalitie/wijkaanpak/{pk}/")
        follow(page, page.get_by_role("link", name="Add a commitment"))
        options = page.get_by_label("Organisation").locator("option").all_inner_texts()
        assert [o for o in options if "voorbeeld" in o] == ["Woningcorporatie (voorbeeld)"]
    else:
        assert edit_links.count() == 0
        assert page.get_by_role("link", name="Add a commitment").count() == 0

    for path in (
        "bewerken/",
        "visie/",
        "doelen/nieuw/",
        "projecten/nieuw/",
        "geld/nieuw/",
    ):
        response = page.goto(f"/wijkaanpak/{pk}/{path}")
        assert response.status == 403, (user, path, response.status)
    response = page.goto(f"/coalitie/wijkaanpak/{pk}/deelnemen/")
    assert response.status == 403, (user, "deelnemen", response.status)

    # Nor can they change a project of another party (the first one is the welzijn's).
    page.goto(url)
    follow(
        page, section(page, "Execution programme").get_by_role("table").get_by_role("link").first
    )
    assert page.get_by_role("link", name="Report progress").count() == 0
    project_url = page.url
    for path in ("bewerken/", "voortgang/", "financiering/"):
        response = page.goto(project_url + path)
        assert response.status == 403, (user, path, response.status)


def test_visitor_cannot_reach_the_edit_pages(open_page):
    page = open_page()
    url = demo_approach_url(page)
    assert page.get_by_role("link", name="Edit", exact=True).count() == 0
    page.goto(url + "bewerken/")
    assert "/accounts/inloggen/" in page.url


PARTNER_PROJECT = "Schone en veilige portieken"  # owned by the corporatie (demo)
OTHER_PROJECT = "Werkcafé in het wijkcentrum"  # owned by the welzijnsorganisatie (demo)


def test_partner_reports_progress_on_its_own_project_only(open_page):
    narrative = f"Twelve entrances have new lights and locks ({uuid.uuid4().hex[:6]})."
    # The demo partner acts for the corporatie, which owns one project of the demo.
    page = open_page("partner")
    url = demo_approach_url(page)
    projects = section(page, "Execution programme").get_by_role("table")
    row = projects.get_by_role("row", name=re.compile(PARTNER_PROJECT))
    expect(row.get_by_role("cell").first).to_have_text("Woningcorporatie (voorbeeld)")  # owner
    follow(page, row.get_by_role("link", name=PARTNER_PROJECT))
    expect_h1(page, PARTNER_PROJECT)
    project_url = page.url
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Report progress"))
    expect_h1(page, f"Progress of “{PARTNER_PROJECT}”")
    assert_accessible(page)
    page.get_by_label("What happened").fill(narrative)
    page.get_by_label("Progress (%)").fill("55")
    page.get_by_role("button", name="Save").click()
    expect_h1(page, PARTNER_PROJECT)
    expect_saved(page, "progress update has been saved")
    assert page.url == project_url
    # The update is on the project page, and sets the project's progress.
    update = page.get_by_role("article").filter(has_text=narrative)
    expect(update.get_by_role("heading", level=3)).to_contain_text("55%")
    expect(page.locator("main")).to_contain_text("Running · progress 55%")
    assert_accessible(page)
    page.goto(url)
    row = section(page, "Execution programme").get_by_role("row", name=re.compile(PARTNER_PROJECT))
    assert "55%" in row.inner_text()

    # A project of another organisation: read-only, and its forms are closed.
    row = section(page, "Execution programme").get_by_role("row", name=re.compile(OTHER_PROJECT))
    expect(row.get_by_role("cell").first).to_have_text("Welzijnsorganisatie (voorbeeld)")
    follow(page, row.get_by_role("link", name=OTHER_PROJECT))
    expect_h1(page, OTHER_PROJECT)
    main = page.locator("main")
    for link in ("Edit", "Report progress", "Add funding"):
        assert main.get_by_role("link", name=link, exact=True).count() == 0, link
    assert main.get_by_role("button", name="Change status").count() == 0
    other_url = page.url
    for path in ("voortgang/", "bewerken/", "financiering/"):
        response = page.goto(other_url + path)
        assert response.status == 403, (path, response.status)
