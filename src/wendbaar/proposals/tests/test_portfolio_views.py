"""The portfolio page and its exports, as the programme bureau meets them; who may not;
and its cost in queries, which does not grow with the number of proposals."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.tests.factories import make_project
from wendbaar.core.actors import SYSTEM
from wendbaar.proposals.constants import Step

from .factories import proposal_at

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _words(response) -> str:
    """The page's text without its markup, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).replace("\xa0", " ").split())


def _page(approach) -> str:
    return reverse("proposals:portfolio", args=[approach.pk])


def _export(approach, fmt: str) -> str:
    return reverse("proposals:portfolio_export", args=[approach.pk, fmt])


@pytest.fixture
def goals(approach):
    return [
        agenda_services.add_goal(approach=approach, title=title, by=SYSTEM)
        for title in ("Meer ontmoeting", "Werk voor jongeren")
    ]


@pytest.fixture
def portfolio(approach, geo, orgs, users, goals):
    """One proposal waiting, one approved (now a project of €90k with €40k of the
    corporatie), one project made without a proposal (€20k, nothing from others), a
    draft (never in the portfolio)."""
    meet = goals[0]
    return {
        "waiting": proposal_at(
            Step.SUBMITTED, approach, geo, orgs, users, title="Buurtkamer", goals=[meet]
        ),
        "approved": proposal_at(
            Step.DECIDED, approach, geo, orgs, users, title="Moestuinen", goals=[meet]
        ),
        "draft": proposal_at(Step.CONCEPT, approach, geo, orgs, users, title="Geheim concept"),
        "plain": make_project(approach, "Zomerschool", budget="20000", goals=[meet]),
    }


def test_the_bureau_reads_the_findings_in_words_first(approach, users, portfolio):
    response = _client(users["programmabureau"]).get(_page(approach))
    assert response.status_code == 200
    words = _words(response)
    assert "1 of 2 goals has no project: “Werk voor jongeren”." in words
    assert "The effect “Werkgelegenheid” has no project or proposal." in words
    assert "The effect “Versterking van de sociale cohesie”" not in words
    # (€40,000 of others) over (€90,000 + €20,000 of cost) = 36 %; the framework asks 40 %.
    assert (
        "Co-funding of the portfolio 36 % (€ 40,000 of € 110,000): below the 40 % of the "
        "framework." in words
    )
    # The findings come before the chart and the tables.
    assert words.index("What stands out") < words.index("Goals and effects")


def test_the_page_has_an_accessible_chart_and_the_same_data_as_a_table(approach, users, portfolio):
    body = _client(users["programmabureau"]).get(_page(approach)).content.decode()
    svg = re.search(r"<svg[^>]*>", body).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="portfolio-chart-title portfolio-chart-desc"' in svg
    assert 'id="portfolio-chart-title"' in body and 'id="portfolio-chart-desc"' in body
    assert "<caption" in body and 'scope="col"' in body and 'scope="row"' in body
    words = _words(_client(users["programmabureau"]).get(_page(approach)))
    # The table: Meer ontmoeting has 2 projects (Moestuinen, Zomerschool) and 1 proposal
    # (Buurtkamer) in total; sociale cohesie 1 / 1 (Moestuinen, Buurtkamer); the project
    # without a proposal names no effect (1 / 0).
    assert "Meer ontmoeting 1 / 1 1 / 1 0 / 0 0 / 0 0 / 0 1 / 1 1 / 0 2 / 1" in words
    assert "Werk voor jongeren 0 / 0 0 / 0 0 / 0 0 / 0 0 / 0 0 / 0 0 / 0 0 / 0" in words


def test_the_page_links_every_proposal_and_project_and_shows_waiting(approach, users, portfolio):
    response = _client(users["programmabureau"]).get(_page(approach))
    body = response.content.decode()
    waiting, approved, plain = portfolio["waiting"], portfolio["approved"], portfolio["plain"]
    assert reverse("proposals:detail", args=[approach.pk, waiting.pk]) in body
    assert reverse("proposals:detail", args=[approach.pk, approved.pk]) in body
    approved.refresh_from_db()
    assert approved.project.get_absolute_url() in body
    assert plain.get_absolute_url() in body
    assert "Geheim concept" not in body  # a draft is its author's alone
    words = _words(response)
    # Submitted today: one proposal, 0 working days old, none overdue.
    assert "Submitted 1 0 0 Buurtkamer (0)" in words
    assert _export(approach, "csv") in body and _export(approach, "xlsx") in body


@pytest.mark.parametrize("who", ["partner", "lezer"])
def test_the_partner_and_the_reader_may_not(approach, users, portfolio, who):
    client = _client(users[who])
    assert client.get(_page(approach)).status_code == 403
    assert client.get(_export(approach, "csv")).status_code == 403


def test_without_an_account_one_is_sent_to_sign_in(approach, portfolio):
    response = Client().get(_page(approach))
    assert response.status_code == 302
    assert "login" in response["Location"] or "inloggen" in response["Location"]


def test_an_unknown_format_is_not_found(approach, users, portfolio):
    client = _client(users["programmabureau"])
    assert client.get(_export(approach, "pdf")).status_code == 404


def test_csv_has_a_header_and_one_row_per_proposal_and_project(approach, users, portfolio):
    response = _client(users["programmabureau"]).get(_export(approach, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["kind", "id", "title", "step_or_status"]
    body = sorted((r[0], r[2]) for r in rows[1:])
    assert body == [
        ("project", "Moestuinen"),
        ("project", "Zomerschool"),
        ("proposal", "Buurtkamer"),
        ("proposal", "Moestuinen"),
    ]
    header = rows[0]
    moestuinen = next(r for r in rows[1:] if r[0] == "project" and r[2] == "Moestuinen")
    assert Decimal(moestuinen[header.index("other_money")]) == Decimal("40000")
    assert Decimal(moestuinen[header.index("own_money")]) == Decimal("50000")


def test_csv_cells_cannot_run_as_formulas(approach, geo, orgs, users, goals):
    proposal_at(Step.SUBMITTED, approach, geo, orgs, users, title="=HYPERLINK(1)")
    response = _client(users["programmabureau"]).get(_export(approach, "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_xlsx_opens_with_the_same_rows(approach, users, portfolio):
    from openpyxl import load_workbook

    response = _client(users["programmabureau"]).get(_export(approach, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[:3] == ["items", "goal_x_effect", "waiting"]
    items = list(book["items"].iter_rows(values_only=True))
    assert items[0][:3] == ("kind", "id", "title")
    assert len(items) == 1 + 4


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_proposals(approach, geo, orgs, users, goals):
    client = _client(users["programmabureau"])
    steps = [Step.SUBMITTED, Step.IN_CONVERSATION, Step.SUBMITTED]

    def add(n: int) -> None:
        for i in range(n):
            proposal_at(
                steps[i % 3], approach, geo, orgs, users, title=f"Voorstel {i}", goals=goals[:1]
            )
            make_project(approach, f"Project {i}", budget="5000", goals=goals[1:])

    add(3)
    client.get(_page(approach))  # warm: sessions, caches
    few = _queries(client, _page(approach))
    add(9)
    many = _queries(client, _page(approach))
    assert many == few
