"""The werkagenda's exports: the printable page and the same as a tagged PDF on numbered
pages, and every raw answer as a CSV a spreadsheet cannot run — for the gemeente's staff
only."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from wendbaar.approaches.models import PolicyDriver
from wendbaar.core.actors import SYSTEM
from wendbaar.workshops import export, services

from .factories import join_with_sliders

pytestmark = pytest.mark.django_db

CASE = "Initiatiefnemers in Coevorden"
WHAT = "Drie haalbare plannen kiezen met de initiatiefnemers"
FORMULA = '=HYPERLINK("https://example.org","klik")'
NO_TEXT = "\u2013"  # an en dash: an empty cell
SENTENCE = "Een buurtcentrum met activiteiten voor kinderen"
HEADER = [
    "exercise",
    "participant",
    "item",
    "item_label",
    "subject",
    "now",
    "target",
    "strength",
    "first",
    "state",
    "drivers",
    "text",
]


def row(exercise: str, participant: str, item: str = "", label: str = "", **cells: str) -> dict:
    """A CSV row as ``csv.DictReader`` reads it: every column, empty unless given."""
    values = {"exercise": exercise, "participant": participant, "item": item}
    return dict.fromkeys(HEADER, "") | values | {"item_label": label} | cells


def url(name: str, workshop) -> str:
    return reverse(f"workshops:{name}", args=[workshop.pk])


def text_of(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


def pages_of(data: bytes) -> list[str]:
    """Each page's text, whitespace folded (as the report's PDF tests read it)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def answered(open_workshop, geo):
    """Two participants and one answer of every kind; the werkagenda with one action."""
    w = open_workshop
    anna = join_with_sliders(w, "Anna", {"internal_position": (10, 60), "communication": (40, 50)})
    services.save_slider(
        participant=anna, slider="internal_position", now=10, target=60, reason=FORMULA
    )
    bram = join_with_sliders(w, "Bram", {"internal_position": (80, 90)})
    services.save_block(
        participant=anna, block="trust", strength=2, tension="Wantrouwen", first=True
    )
    driver = PolicyDriver.objects.create(
        key="kansrijke-start", name="Kansrijke start", municipality=geo["utrecht"]
    )
    services.save_koppelkans(participant=anna, sentence=SENTENCE, drivers=[driver])
    services.save_innovation(participant=bram, part="new_doing", state="attention", note="Nog niet")
    services.set_competences(participant=anna, subject=anna, chosen=["connecting"])
    services.set_competences(participant=anna, subject=bram, chosen=["listening"])
    services.save_agenda(workshop=w, by=SYSTEM, case_title=CASE, now="Een gesprek voeren.")
    services.add_action(
        workshop=w,
        what=WHAT,
        who="Chantal",
        when=dt.date(2027, 3, 1),
        success="Drie plannen gekozen, elk met een trekker",
        by=SYSTEM,
    )
    return w


@pytest.fixture
def bureau(client, users):
    client.force_login(users["programmabureau"])
    return client


# --- the printable page and the PDF ---------------------------------------------------------


def test_the_printable_page_holds_the_agenda_its_actions_and_the_results(bureau, answered):
    response = bureau.get(url("agenda_print", answered))
    assert response.status_code == 200
    page = text_of(response)
    assert f"Title of the case {CASE}" in page
    assert "What do we take up now? Een gesprek voeren." in page
    assert (
        f"{WHAT} Chantal {NO_TEXT} March 1, 2027 Drie plannen gekozen, elk met een trekker" in page
    )
    # The sliders: Anna 10 → 60 and Bram 80 → 90 on the internal position, 70 points apart.
    assert "Internal positioning 2 10 45 80 60 75 90 70 / 30 tension here" in page
    assert "Communication 1 40 40 40 50 50 50 \N{EN DASH} / \N{EN DASH} no" in page
    assert response.text.count('class="dotplot"') == 1
    assert "1 Trust 1 2 1" in page  # the building blocks ranked: Trust chosen first once
    assert f"“{SENTENCE}” (Kansrijke start)" in page
    # The group did not choose names: a printed werkagenda shows none.
    assert "Anna" not in page and "Bram" not in page


def test_the_printable_page_names_participants_when_the_group_chose_so(bureau, answered):
    answered.show_names = True
    answered.save(update_fields=["show_names"])
    assert f"Anna: “{SENTENCE}”" in text_of(bureau.get(url("agenda_print", answered)))


def test_the_pdf_is_the_same_agenda_on_numbered_tagged_pages(bureau, answered):
    response = bureau.get(url("agenda_pdf", answered))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="werkagenda-werkplaats-wijkgericht-werken.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    pages = pages_of(response.content)
    text = " ".join(pages)
    assert text.startswith("Lokale werkagenda: Werkplaats wijkgericht werken")
    for expected in (
        f"Title of the case {CASE}",
        WHAT,
        "Internal positioning 2 10 45 80 60 75 90 70 / 30 tension here",
        f"“{SENTENCE}”",
    ):
        assert expected in text, expected
    assert "Anna" not in text and "Scroll sideways" not in text
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"{number} / {len(pages)}"), page[-40:]
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert reader.metadata.title == "Lokale werkagenda: Werkplaats wijkgericht werken"
    assert not any(page.images for page in reader.pages)  # the dot plot stays a drawing


# --- the raw answers as CSV ----------------------------------------------------------------


def test_the_csv_has_one_row_per_answer_in_a_fixed_order(bureau, answered):
    response = bureau.get(url("answers_csv", answered))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="antwoorden-werkplaats-wijkgericht-werken.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("exercise,")  # UTF-8 without a BOM, as the other exports
    rows = list(csv.DictReader(io.StringIO(text), fieldnames=HEADER))
    assert rows == [
        dict(zip(HEADER, HEADER, strict=True)),  # the header
        # The sliders, by participant in joining order, then in the workbook's order; the
        # formula in Anna's reason neutralised with a leading apostrophe.
        row("sliders", "Anna", "internal_position", "Internal positioning", now="10")
        | {"target": "60", "text": "'" + FORMULA},
        row("sliders", "Anna", "communication", "Communication", now="40", target="50"),
        row("sliders", "Bram", "internal_position", "Internal positioning", now="80", target="90"),
        row("blocks", "Anna", "trust", "Trust", strength="2", first="yes", text="Wantrouwen"),
        row("koppelkansen", "Anna", drivers="Kansrijke start", text=SENTENCE),
        row("innovation", "Bram", "new_doing", "A new way of doing", state="attention")
        | {"text": "Nog niet"},
        row("competences", "Anna", "connecting", "Connecting", subject="Anna"),
        row("competences", "Anna", "listening", "Listening", subject="Bram"),
    ]


def test_every_cell_a_spreadsheet_could_run_is_neutralised():
    rows = [
        export.Row("sliders", "=1+1", "x", "@SUM(A1)", now=-3, target=None, text="-3.5"),
        export.Row("blocks", "+Bram", text="\tTab"),
    ]
    parsed = list(csv.reader(io.StringIO(export.to_csv(rows))))
    assert parsed[1] == ["sliders", "'=1+1", "x", "'@SUM(A1)", "", "-3", "", "", "", "", "", "-3.5"]
    assert parsed[2][:2] == ["blocks", "'+Bram"] and parsed[2][-1] == "'\tTab"


def test_an_empty_werkplaats_exports_the_header_only(bureau, workshop):
    text = bureau.get(url("answers_csv", workshop)).content.decode("utf-8")
    assert text == ",".join(HEADER) + "\n"


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("partner", 403), ("lezer", 403), ("none", 403), ("programmabureau_den_haag", 404)],
)
def test_the_exports_are_for_the_gemeentes_staff(client, answered, users, role, status):
    client.force_login(users[role])
    for name in ("agenda_print", "agenda_pdf", "answers_csv"):
        assert client.get(url(name, answered)).status_code == status, name


@pytest.mark.parametrize("role", ["wijkmanager_out", "beheerder"])
def test_all_of_the_gemeentes_staff_export(client, answered, users, role):
    client.force_login(users[role])
    assert client.get(url("answers_csv", answered)).status_code == 200
    assert client.get(url("agenda_print", answered)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, answered):
    response = client.get(url("answers_csv", answered))
    assert response.status_code == 302 and "inloggen" in response["Location"]
