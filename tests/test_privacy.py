"""No page, API endpoint or export lets a sensitive figure, a soft indicator (a count of
staff-only signals), a contact person's name or e-mail, a draft wijkaanpak or an internal
story reach someone who may not see it.

The URLs come from the URL configuration itself: every route a GET can reach is filled
with the ids of a small world (a synthetic country with a sensitive indicator, a
published and a draft wijkaanpak, an internal story) and read as an anonymous visitor and
as staff of *another* gemeente. A new page is covered the day it is added; a route this
test cannot fill fails the build until it is added to ``PARAMETERS``.

The sensitive indicator carries values that appear nowhere else (83.17…, 70.13), so
finding one in a response, in any notation, is a leak. A positive control proves the
markers are findable: staff of the gemeente itself does see them. Likewise the soft
indicator's count (4711 signals, in any notation) and the contact person (a member of the
published coalition and the owner of its project), whose name and e-mail are unique
(issue #9: a partner of one gemeente read another's contact persons; a project's owner
was shown to anonymous visitors; signal counts were public).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from wendbaar.accounts.tests.factories import user_with_role
from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.tests.factories import make_project
from wendbaar.approaches import services as approach_services
from wendbaar.coalition import services as coalition_services
from wendbaar.core.actors import SYSTEM
from wendbaar.initiatives import services as initiative_services
from wendbaar.monitor.models import Observation
from wendbaar.monitor.services import DerivedObservation, replace_observations
from wendbaar.monitor.stored.recompute import compute_analysis
from wendbaar.monitor.stored.store import clear_cache
from wendbaar.monitor.tests.factories import build_world
from wendbaar.organisations import services as organisation_services
from wendbaar.proposals import assessment_services, proposal_services
from wendbaar.proposals.tests.factories import content as proposal_content
from wendbaar.reports import services as report_services
from wendbaar.reports.compose import period_of
from wendbaar.stories.constants import SOFT_SOURCE_TABLE
from wendbaar.stories.soft_indicators import soft_indicator_definitions
from wendbaar.stories.tests.factories import StoryFactory
from wendbaar.workshops import services as workshop_services

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("privacy")]

SENSITIVE = "share_origin_outside_europe"
DRAFT_NAME = "Conceptaanpak Zuiddorp-geheim"
INTERNAL_STORY = "Binnenverhaal-niet-voor-buiten"
# 83.17 … 83.21 in the buurten of Noordstad (wijk and gemeente means lie in between), in
# any notation (83.2, 83,17 %); the goal's target 70.13. Not part of a longer number.
SENSITIVE_VALUE = re.compile(r"(?<![\d.,])(?:83[.,][12]\d?|70[.,]13?)(?![\d])")
# A soft indicator: the signals of concern about safety noted in one buurt of Noordstad
# (and so in its wijk and gemeente), 4711 or 4.711 or 4,711 or 4711.0, not part of a
# longer number.
SOFT = "signals_concern_safety"
SOFT_VALUE = re.compile(r"(?<![\d.,])4[.,]?711(?:\.0)?(?![.,]?\d)")
# A contact person of an organisation in Noordstad: personal data.
CONTACT_NAME = "Contactpersoon Markeer-Noordstad"
CONTACT_EMAIL = "markeer.noordstad@example.org"
# The initiators of a residents' initiative in Noordstad: personal data too.
INITIATOR_NAME = "Initiatiefnemer Markeer-Moestuin"
INITIATOR_EMAIL = "moestuin.markeer@example.org"
# A werkplaats of Noordstad: a participant's first name and what they wrote are the
# team's own, for the gemeente's staff only.
WORKSHOP_NAME = "Deelnemer-Markeer"
WORKSHOP_REASON = "Reden-Markeer-Werkplaats"

# Routes that show no figures or only the caller's own account.
SKIP_NAMESPACES = {"admin", "accounts", None}
# Writes or downloads of one person's data: reached only with a role, tested in stories.
SKIP_NAMES = {
    "stories:photo",
    "stories:contributor_export",
}


@pytest.fixture
def world(settings, tmp_path):
    settings.MONITOR_ANALYSIS_DIR = tmp_path / "analysis"
    settings.LANGUAGE_CODE = "en"
    clear_cache()
    built = build_world()
    for i, obs in enumerate(
        Observation.objects.filter(indicator__code=SENSITIVE).order_by("region_code")
    ):
        obs.value = 83.17 + (i % 5) / 100
        obs.save(update_fields=["value"])
    replace_observations(
        source=SOFT_SOURCE_TABLE,
        indicators=soft_indicator_definitions(),
        rows=[
            DerivedObservation(SOFT, code, 2024, 4711.0)
            for code in ("BU90010101", "WK900101", "GM9001")
        ],
        municipality_code="GM9001",
        by=SYSTEM,
    )
    compute_analysis()
    gemeente = built.areas["GM9001"]
    wijk = built.areas["WK900101"]
    published = approach_services.create_approach(
        name="Wijkaanpak Noordstad",
        municipality=gemeente,
        areas=[wijk],
        start_year=2024,
        end_year=2034,
        is_published=True,
        by=SYSTEM,
    )
    goal = agenda_services.add_goal(approach=published, title="Samen leven", by=SYSTEM)
    sensitive = agenda_services.add_goal_indicator(
        goal=goal,
        indicator_code=SENSITIVE,
        name="Herkomst",
        unit="%",
        baseline_value=83.17,
        baseline_year=2024,
        target_value=70.13,
        target_year=2030,
        by=user_with_role("programmabureau", municipality=gemeente),
    )
    open_indicator = agenda_services.add_goal_indicator(
        goal=goal,
        indicator_code="crimes_per_1000",
        baseline_value=30.0,
        target_value=20.0,
        by=SYSTEM,
    )
    organisation = organisation_services.create_organisation(
        name="Buurtwerk Noordstad", kind="civil_society", municipality=gemeente, by=SYSTEM
    )
    contact = organisation_services.add_contact_person(
        organisation=organisation, name=CONTACT_NAME, email=CONTACT_EMAIL, by=SYSTEM
    )
    membership = coalition_services.join_coalition(
        approach=published,
        organisation=organisation,
        role="core_partner",
        joined_on=dt.date(2024, 1, 1),
        contact=contact,
        by=SYSTEM,
    )
    project = make_project(
        published,
        title="Buurtkamer",
        goals=[goal],
        owner_organisation=organisation,
        owner_contact=contact,
    )
    draft = approach_services.create_approach(
        name=DRAFT_NAME,
        municipality=built.areas["GM9002"],
        areas=[built.areas["WK900201"]],
        start_year=2024,
        end_year=2034,
        by=SYSTEM,
    )
    story = StoryFactory(
        internal=True, title=INTERNAL_STORY, text=f"<p>{INTERNAL_STORY}</p>", areas=[wijk]
    )
    initiative = initiative_services.submit_initiative(
        municipality=wijk.parent,
        area=wijk,
        title="Moestuin",
        what="Een moestuin achter de flat.",
        name=INITIATOR_NAME,
        email=INITIATOR_EMAIL,
        phone="06-47114711",
        consent=True,
    ).initiative
    # A project proposal of Noordstad's coalition partner, submitted, about the sensitive
    # indicator, with an assessor named: for the bureau, the assessors and its authors only.
    bureau = user_with_role("programmabureau", municipality=gemeente)
    proposal = proposal_services.create_proposal(
        approach=published,
        content=proposal_content(
            {"overvecht_buurt": wijk},
            {"corporatie": organisation, "gemeente": organisation},
            indicator_codes=[SENSITIVE],
        ),
        organisation=organisation,
        by=bureau,
    )
    proposal = proposal_services.submit_proposal(proposal=proposal, by=bureau)
    assessor = assessment_services.name_assessor(
        proposal=proposal,
        user=user_with_role("wijkmanager", municipality=gemeente),
        by=bureau,
    )
    # Progress reports of the published wijkaanpak, whose goal has the sensitive indicator:
    # one adopted (public, composed as the public reads it), one a draft (its writers').
    reports = []
    for year, adopt in ((2024, True), (2025, False)):
        first, last = period_of(year)
        report = report_services.create_report(
            approach=published, period_start=first, period_end=last, by=bureau
        )
        for chapter in report.chapters.all():
            report_services.save_chapter(
                chapter=chapter,
                works=[("Het loopt.", "progress_monitoring")],
                nothing_fails=True,
                by=bureau,
            )
        if adopt:
            report_services.move_report(report=report, to="review", by=bureau)
            report = report_services.move_report(report=report, to="adopted", by=bureau)
        reports.append(report)
    workshop = workshop_services.create_workshop(
        municipality=gemeente,
        title="Werkplaats Noordstad",
        held_on=dt.date(2026, 11, 20),
        exercises=["sliders", "blocks"],
        approach=published,
        show_names=True,
        by=bureau,
    )
    workshop = workshop_services.move_workshop(workshop=workshop, to="open", by=bureau)
    participant = workshop_services.join(workshop=workshop, name=WORKSHOP_NAME)
    workshop_services.save_slider(
        participant=participant, slider="communication", now=10, target=90, reason=WORKSHOP_REASON
    )
    action = workshop_services.add_action(
        workshop=workshop,
        what="Gesprek met de initiatiefnemers over verwachtingen",
        who=WORKSHOP_NAME,
        when=dt.date(2027, 1, 15),
        success="Verwachtingen op papier, door beide kanten herkend",
        by=bureau,
    )
    yield {
        "workshop": workshop,
        "participant": participant,
        "action": action,
        "reports": reports,
        "proposal": proposal,
        "assessor": assessor,
        "initiative": initiative,
        "built": built,
        "published": published,
        "draft": draft,
        "goal": goal,
        "indicators": (sensitive, open_indicator),
        "project": project,
        "story": story,
        "membership": membership,
    }
    clear_cache()


def parameters(w: dict) -> dict[str, list[str]]:
    """Values to fill each route parameter with; every one is tried."""
    return {
        "code": ["BU90010101", "WK900101", "GM9001", "WK900201", w["workshop"].join_code],
        "fmt": ["csv", "xlsx", "geojson"],
        "pk": [
            str(w["published"].pk),
            str(w["draft"].pk),
            str(w["story"].pk),
            str(w["initiative"].pk),
            str(w["workshop"].pk),
        ],
        "project": [str(w["project"].pk)],
        "project_id": [str(w["project"].pk)],
        "goal": [str(w["goal"].pk)],
        "goal_id": [str(w["goal"].pk)],
        "indicator": [str(i.pk) for i in w["indicators"]],
        "indicator_id": [str(i.pk) for i in w["indicators"]],
        "item": [str(w["published"].checklist.first().pk)],
        # Forms of the coalition.
        "membership": [str(w["membership"].pk)],
        "proposal": [str(w["proposal"].pk)],
        "proposal_id": [str(w["proposal"].pk)],
        "assessor": [str(w["assessor"].pk)],
        "report": [str(r.pk) for r in w["reports"]],
        "report_id": [str(r.pk) for r in w["reports"]],
        "chapter": [str(r.chapters.first().pk) for r in w["reports"]],
        "commitment": ["1"],
        "exercise": ["sliders", "blocks"],
        "participant": [str(w["participant"].pk)],
        "action": [str(w["action"].pk)],
        # Correction and withdrawal pages: their objects' ids (a 404 shows nothing).
        **{
            name: ["1"]
            for name in (
                "signal",
                "organisation",
                "measurement",
                "measurement_id",
                "line",
                "milestone",
                "update",
                "update_id",
                "funding",
                "flow",
                "user",
                "alias",
            )
        },
        "uidb64": ["MQ"],
        "token": ["set-password"],
    }


# Query strings that make a page show a chosen indicator or areas.
QUERIES = {
    "monitor:overview": [
        "",
        f"?show={SENSITIVE}",
        f"?show={SENSITIVE}&level=neighbourhood",
        "?show=theme:cohesion",
        f"?show={SOFT}&level=neighbourhood",
        f"?show={SOFT}&level=district",
        "?show=theme:safety",
    ],
    "monitor:overview_export": ["", f"?show={SENSITIVE}", f"?show={SOFT}"],
    "monitor:reference": ["", "?format=csv", "?format=xlsx"],
    "monitor:compare": [
        "?area1=BU90010101&area2=WK900101&area3=GM9001",
        "?area1=BU90010101&area2=WK900101&format=csv",
        "?area1=BU90010101&area2=WK900101&format=xlsx",
    ],
    "monitor:indicator": [],  # filled with the indicator code below
    "api:area-observations": ["", "?period=2024"],
}


def routes() -> Iterator[tuple[str, str]]:
    """(name, route pattern) for every URL of ours."""

    def walk(patterns, prefix: str, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                yield f"{namespace}:{p.name}", namespace, prefix + str(p.pattern)

    for name, namespace, route in walk(get_resolver().url_patterns, "/", None):
        if namespace in SKIP_NAMESPACES or name in SKIP_NAMES:
            continue
        yield name, route


PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def urls_for(w: dict) -> list[tuple[str, str]]:
    values = parameters(w)
    result: list[tuple[str, str]] = []
    for name, route in routes():
        if name == "monitor:indicator":
            result += [
                (name, f"/monitor/indicator/{c}/") for c in (SENSITIVE, SOFT, "crimes_per_1000")
            ]
            continue
        names = PARAM.findall(route)
        missing = [n for n in names if n not in values]
        assert not missing, f"{name}: add values for {missing} to PARAMETERS"
        filled = [route]
        for param in names:
            filled = [
                PARAM.sub(v, url, count=1) if PARAM.search(url).group(1) == param else url
                for url in filled
                for v in values[param]
            ]
        for url in filled:
            for query in QUERIES.get(name, [""]):
                result.append((name, url + query))
    return result


def text_of(response) -> str:
    content = getattr(response, "streaming_content", None)
    body = b"".join(content) if content is not None else response.content
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:  # a report's open-data bundle
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    if response.get("Content-Type", "").startswith("application/pdf"):  # a report's PDF, …
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        # A table cell breaks "Markeer-Noordstad" or "Contactpersoon Markeer" over lines.
        return " ".join(text.replace("-\n", "-").split())
    return body.decode("utf-8", errors="replace")


def leaks(text: str) -> list[str]:
    """What of the secrets ``text`` holds. A sensitive indicator's name and definition are
    public (the CBS publishes its catalogue); its figures per area are not."""
    found = [
        f"…{text[max(m.start() - 40, 0) : m.end() + 10]}…"
        for pattern in (SENSITIVE_VALUE, SOFT_VALUE)
        for m in pattern.finditer(text)
    ]
    secrets = (DRAFT_NAME, INTERNAL_STORY, CONTACT_NAME, CONTACT_EMAIL)
    for secret in (*secrets, INITIATOR_NAME, INITIATOR_EMAIL, WORKSHOP_NAME, WORKSHOP_REASON):
        if secret in text:
            found.append(secret)
    return found


def read_all(client, w: dict) -> tuple[dict[str, list[str]], int]:
    """url → what leaked; and how many answered 200."""
    leaked: dict[str, list[str]] = {}
    answered = 0
    for _name, url in urls_for(w):
        response = client.get(url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if response.status_code != 200:
            continue
        answered += 1
        found = leaks(text_of(response))
        if found:
            leaked[url] = found
    return leaked, answered


def test_nothing_leaks_to_anonymous_visitors(client, world):
    leaked, answered = read_all(client, world)
    assert answered >= 30  # the public pages, exports and API answered
    assert leaked == {}


@pytest.mark.parametrize("role", ["lezer", "partner", "wijkmanager"])
def test_nothing_leaks_to_staff_of_another_gemeente(client, world, role):
    """A partner and a wijkmanager of Oosterveen may see contact persons and soft
    indicators, but only Oosterveen's."""
    outsider = user_with_role(role, municipality=world["built"].areas["GM9003"])
    client.force_login(outsider)
    leaked, answered = read_all(client, world)
    assert answered >= 30
    assert leaked == {}


def test_the_markers_are_found_where_they_may_be_seen(client, world):
    """Positive control: staff of Noordstad sees the sensitive figures and the internal
    story on the pages that show them; the draft is seen by staff of Zuiddorp."""
    insider = user_with_role("wijkmanager", municipality=world["built"].areas["GM9001"])
    client.force_login(insider)
    approach = f"/wijkaanpak/{world['published'].pk}/"
    for url in (
        "/gebied/BU90010101/",
        f"/monitor/GM9001/?show={SENSITIVE}&level=neighbourhood",
        "/api/v1/areas/BU90010101/observations",
        approach,
        f"/api/v1/wijkaanpakken/{world['published'].pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(text_of(response)), f"{url} shows no sensitive figure to staff in scope"
    assert INTERNAL_STORY in text_of(client.get("/gebied/WK900101/"))
    zuiddorp = user_with_role("lezer", municipality=world["built"].areas["GM9002"])
    client.force_login(zuiddorp)
    assert DRAFT_NAME in text_of(client.get("/wijkaanpak/"))


def test_soft_indicators_and_contacts_are_found_where_they_may_be_seen(client, world):
    """Positive control for issue #9: staff of Noordstad sees the signal count on the
    pages, API and exports that show it, and the contact person on the coalition and
    project pages; a lezer of Noordstad sees the count but no contact person."""
    pk, project = world["published"].pk, world["project"].pk
    coalition, project_page = (
        f"/coalitie/wijkaanpak/{pk}/",
        f"/wijkaanpak/{pk}/projecten/{project}/",
    )
    insider = user_with_role("wijkmanager", municipality=world["built"].areas["GM9001"])
    client.force_login(insider)
    for url in (
        "/gebied/BU90010101/",
        f"/monitor/GM9001/?show={SOFT}&level=neighbourhood",
        f"/monitor/GM9001/export.csv?show={SOFT}",
        "/monitor/gebied/BU90010101/export.xlsx",
        "/api/v1/areas/BU90010101/observations",
        "/api/v1/areas/GM9001/observations?period=2024",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SOFT_VALUE.search(text_of(response)), f"{url} shows no signal count in scope"
    assert client.get(f"/monitor/indicator/{SOFT}/").status_code == 200
    for url in (coalition, project_page):
        page = text_of(client.get(url))
        assert CONTACT_NAME in page, url
    assert CONTACT_EMAIL in text_of(client.get(coalition))
    lezer = user_with_role("lezer", municipality=world["built"].areas["GM9001"])
    client.force_login(lezer)
    assert SOFT_VALUE.search(text_of(client.get("/api/v1/areas/BU90010101/observations")))
    for url in (coalition, project_page):
        page = text_of(client.get(url))
        assert CONTACT_NAME not in page and CONTACT_EMAIL not in page, url


def test_a_soft_indicator_page_is_not_there_for_the_public(client, world):
    assert client.get(f"/monitor/indicator/{SOFT}/").status_code == 404
    assert client.get("/monitor/indicator/crimes_per_1000/").status_code == 200


def test_a_hidden_goal_indicator_says_so(client, world):
    """The anonymous visitor sees that the goal has an indicator whose figures are not
    public, on the wijkaanpak's page and in its adopted report, and the API marks it
    hidden with no numbers."""
    page = text_of(client.get(f"/wijkaanpak/{world['published'].pk}/"))
    assert "Not public" in page
    adopted = next(r for r in world["reports"] if r.status == "adopted")
    report = text_of(client.get(f"/rapportages/wijkaanpak/{world['published'].pk}/{adopted.pk}/"))
    assert "Not public (sensitive figure)" in report
    # Its open-data bundle and the reports API say so too, with no number.
    base = f"/rapportages/wijkaanpak/{world['published'].pk}/{adopted.pk}/"
    assert ",Herkomst,,,,%,latest,,,,Not public (sensitive figure)\n" in text_of(
        client.get(base + "open-data.zip")
    )
    api = client.get(f"/api/v1/wijkaanpakken/{world['published'].pk}/reports/{adopted.pk}").json()
    results = [r for c in api["chapters"] for r in c["results"] if r["hidden"]]
    assert [(r["name"], r["baseline"], r["latest"], r["target"]) for r in results] == [
        ("Herkomst", None, None, None)
    ]
    data = client.get(f"/api/v1/wijkaanpakken/{world['published'].pk}").json()
    hidden = [i for g in data["goals"] for i in g["indicators"] if i["hidden"]]
    assert len(hidden) == 1
    assert hidden[0]["actual"] is None
    assert hidden[0]["baseline"]["value"] is None and hidden[0]["target"]["value"] is None


def test_an_initiators_details_are_found_only_behind_the_contact_page(client, world):
    """Positive control for #13: staff of Noordstad with the contact permission see the
    initiators' name and e-mail on the contact page (and nowhere else); a lezer does
    not."""
    from wendbaar.accounts.reauth import SESSION_KEY

    pk = world["initiative"].pk
    insider = user_with_role("programmabureau", municipality=world["built"].areas["GM9001"])
    client.force_login(insider)
    session = client.session
    session[SESSION_KEY] = int(dt.datetime.now().timestamp())  # signed in just now
    session.save()
    page = text_of(client.get(f"/initiatieven/{pk}/contactgegevens/"))
    assert INITIATOR_NAME in page and INITIATOR_EMAIL in page
    detail = text_of(client.get(f"/initiatieven/{pk}/"))
    assert INITIATOR_NAME not in detail and INITIATOR_EMAIL not in detail
    client.force_login(user_with_role("lezer", municipality=world["built"].areas["GM9001"]))
    assert client.get(f"/initiatieven/{pk}/contactgegevens/").status_code in (403, 404)


def test_a_werkplaats_is_seen_by_the_gemeentes_staff_only(client, world):
    """Positive control for #16: the bureau of Noordstad sees the participant's first name
    and reason on the werkplaats's pages and exports; anonymous visitors and staff of
    another gemeente never do (the tests above)."""
    insider = user_with_role("programmabureau", municipality=world["built"].areas["GM9001"])
    client.force_login(insider)
    pk = world["workshop"].pk
    for url, secret in (
        (f"/werkplaats/{pk}/", WORKSHOP_NAME),
        (f"/werkplaats/{pk}/scherm/sliders/", WORKSHOP_REASON),
        (f"/werkplaats/{pk}/antwoorden.csv", WORKSHOP_REASON),
        (f"/werkplaats/{pk}/werkagenda.pdf", WORKSHOP_NAME),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert secret in text_of(response), url
