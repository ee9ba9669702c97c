"""The money pages: funding lines and money flows corrected and withdrawn through the
pages, planned / committed / spent apart, the co-funding share over the project's cost."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from wendbaar.agenda import services
from wendbaar.agenda.models import Funding, MoneyFlow
from wendbaar.agenda.money import Amounts
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent

from .factories import make_project

pytestmark = pytest.mark.django_db

D = Decimal


def money_amounts(**amounts: str) -> Amounts:
    return Amounts(**{status: D(a) for status, a in amounts.items()})


def url(name, **kw):
    return reverse(f"agenda:{name}", kwargs=kw)


@pytest.fixture
def money(approach, orgs):
    project = make_project(
        approach,
        "Werkcafé",
        budget="90000",
        themes=["work", "cohesion"],
        owner_organisation=orgs["corporatie"],
    )
    own = services.add_funding(
        project=project, source=orgs["gemeente"], amount=D("30000"), year=2025, by=SYSTEM
    )
    other = services.add_funding(
        project=project,
        source=orgs["corporatie"],
        amount=D("40000"),
        year=2025,
        status="committed",
        by=SYSTEM,
    )
    flow = services.add_money_flow(
        approach=approach,
        organisation=orgs["welzijn"],
        year=2025,
        amount=D("34"),
        description="Koffie buurtkamer",
        by=SYSTEM,
    )
    for theme in ("housing", "work", "safety"):
        services.add_money_flow(
            approach=approach,
            organisation=orgs["welzijn"],
            year=2025,
            amount=D("100"),
            theme=theme,
            description=f"Thema {theme}",
            by=SYSTEM,
        )
    return {"approach": approach, "project": project, "own": own, "other": other, "flow": flow}


def funding_url(name, money, line="other"):
    return url(name, pk=money["approach"].pk, project=money["project"].pk, funding=money[line].pk)


def flow_url(name, money):
    return url(name, pk=money["approach"].pk, flow=money["flow"].pk)


class TestProjectPage:
    def test_lines_with_links_three_columns_and_share_over_the_cost(self, client, users, money):
        client.force_login(users["wijkmanager_in"])
        client.cookies["django_language"] = "en"
        html = client.get(money["project"].get_absolute_url()).content.decode()
        assert funding_url("funding_edit", money) in html
        assert funding_url("funding_withdraw", money) in html
        assert ">Planned<" in html and ">Committed<" in html and ">Spent<" in html
        # €40k of others over the €90k budget: 44 %, not 57 % (40 of 70 entered).
        assert "44%" in html and "57%" not in html

    def test_a_reader_sees_no_links(self, client, users, money):
        client.force_login(users["lezer"])
        html = client.get(money["project"].get_absolute_url()).content.decode()
        assert funding_url("funding_edit", money) not in html
        assert funding_url("funding_withdraw", money) not in html

    def test_without_a_budget_the_share_is_unknown_with_a_reason(
        self, client, users, approach, orgs
    ):
        project = make_project(approach, "Zonder begroting", budget="0")
        services.add_funding(
            project=project, source=orgs["corporatie"], amount=D("40000"), year=2025, by=SYSTEM
        )
        client.force_login(users["lezer"])
        client.cookies["django_language"] = "en"
        html = client.get(project.get_absolute_url()).content.decode()
        share = re.search(r"Co-funding share.*?</p>", html, re.S).group(0)
        assert "unknown" in share and "no budget" in share
        assert "%" not in share.replace("(money of", "")


class TestEditFunding:
    def test_form_is_filled_and_a_refusal_reshows_the_input(self, client, users, money):
        client.force_login(users["wijkmanager_in"])
        client.cookies["django_language"] = "en"
        page = client.get(funding_url("funding_edit", money)).content.decode()
        assert 'value="40000.00"' in page
        before = list(Funding._base_manager.values())
        response = client.post(
            funding_url("funding_edit", money),
            {
                "source": money["other"].source_id,
                "amount": "999999",
                "year": "2025",
                "note": "typfout",
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="999999"' in html and "typfout" in html
        assert "90,000.00" in html and "1,029,999.00" in html  # the budget and the new total
        assert list(Funding._base_manager.values()) == before

    def test_a_correction_is_saved(self, client, users, money):
        client.force_login(users["programmabureau"])
        response = client.post(
            funding_url("funding_edit", money),
            {"source": money["other"].source_id, "amount": "45000", "year": "2026", "note": ""},
        )
        assert response.status_code == 302
        money["other"].refresh_from_db()
        assert (money["other"].amount, money["other"].year) == (D("45000"), 2026)
        assert AuditEvent.objects.filter(action="funding_updated").exists()

    @override_settings(OVERCOMMITMENT_MUNICIPALITIES=["GM0344"])
    def test_an_allowing_gemeente_asks_for_the_confirmation(self, client, users, money):
        client.force_login(users["wijkmanager_in"])
        edit = funding_url("funding_edit", money)
        assert 'name="confirm_over_budget"' in client.get(edit).content.decode()
        body = {"source": money["other"].source_id, "amount": "70000", "year": "2025"}
        response = client.post(edit, body)
        assert response.status_code == 200
        assert Funding.objects.get(pk=money["other"].pk).amount == D("40000")
        response = client.post(edit, {**body, "confirm_over_budget": "on"})
        assert response.status_code == 302
        line = Funding.objects.get(pk=money["other"].pk)
        assert (
            line.amount == D("70000") and line.over_budget_confirmed_by == users["wijkmanager_in"]
        )

    def test_no_confirmation_box_where_the_gemeente_does_not_allow_it(self, client, users, money):
        client.force_login(users["wijkmanager_in"])
        page = client.get(
            url("funding_create", pk=money["approach"].pk, project=money["project"].pk)
        )
        assert 'name="confirm_over_budget"' not in page.content.decode()

    def test_status_moves_from_the_project_page(self, client, users, money):
        client.force_login(users["partner"])  # the corporatie owns the project
        response = client.post(funding_url("funding_status", money, "own"), {"status": "spent"})
        assert response.status_code == 302
        assert Funding.objects.get(pk=money["own"].pk).status == "spent"


class TestWithdrawFunding:
    def test_confirmation_page_then_withdrawn_and_listed_as_history(self, client, users, money):
        client.force_login(users["wijkmanager_in"])
        client.cookies["django_language"] = "en"
        withdraw = funding_url("funding_withdraw", money)
        page = client.get(withdraw).content.decode()
        assert 'name="reason"' in page and "40,000.00" in page
        response = client.post(withdraw, {"reason": ""})
        assert response.status_code == 200  # a reason is required
        assert Funding.objects.filter(pk=money["other"].pk).exists()
        response = client.post(withdraw, {"reason": "Dubbel ingevoerd"})
        assert response.status_code == 302
        assert not Funding.objects.filter(pk=money["other"].pk).exists()
        html = client.get(money["project"].get_absolute_url()).content.decode()
        assert "Withdrawn funding" in html and "Dubbel ingevoerd" in html
        assert client.get(withdraw).status_code == 404  # gone from the current lines

    @pytest.mark.parametrize(
        "role,expected", [("lezer", 403), ("beheerder", 403), ("wijkmanager_out", 403)]
    )
    def test_refused_roles_write_nothing(self, client, users, money, role, expected):
        client.force_login(users[role])
        before = (list(Funding._base_manager.values()), AuditEvent.objects.count())
        for name, body in (
            ("funding_withdraw", {"reason": "x"}),
            ("funding_edit", {"source": money["other"].source_id, "amount": "1", "year": 2025}),
            ("funding_status", {"status": "spent"}),
        ):
            response = client.post(funding_url(name, money), body)
            assert response.status_code in (403, 404), (name, response.status_code)
        assert (list(Funding._base_manager.values()), AuditEvent.objects.count()) == before

    def test_a_partner_does_not_touch_another_partys_project(self, client, users, approach, orgs):
        project = make_project(approach, "Ander", owner_organisation=orgs["welzijn"])
        line = services.add_funding(
            project=project, source=orgs["welzijn"], amount=D("10"), year=2025, by=SYSTEM
        )
        client.force_login(users["partner"])
        response = client.post(
            url("funding_withdraw", pk=approach.pk, project=project.pk, funding=line.pk),
            {"reason": "x"},
        )
        assert response.status_code == 403
        assert Funding.objects.filter(pk=line.pk).exists()


class TestMoneyPage:
    def test_three_columns_no_theme_row_and_links(self, client, users, money):
        client.force_login(users["wijkmanager_in"])
        client.cookies["django_language"] = "en"
        html = client.get(url("money", pk=money["approach"].pk)).content.decode()
        assert ">Planned<" in html and ">Committed<" in html and ">Spent<" in html
        assert "No theme" in html and "11.33" not in html and "11,33" not in html
        assert flow_url("money_flow_edit", money) in html
        assert flow_url("money_flow_withdraw", money) in html

    def test_no_theme_is_one_row_of_the_whole_amount(self, money):
        from wendbaar.agenda.selectors import money_overview

        overview = money_overview(money["approach"])
        rows = {key: a for key, _label, a in overview.by_theme}
        assert rows[""].planned == D("34")  # not 11.33 in each of three themes
        assert rows["housing"].planned == D("100")
        # The project's two themes: one row of its own, never split in halves.
        assert rows["work+cohesion"] == money_amounts(planned="30000", committed="40000")
        assert [key for key, _l, _a in overview.by_theme][-1] == ""  # "geen thema" last

    def test_a_reader_sees_no_links(self, client, users, money):
        client.force_login(users["lezer"])
        html = client.get(url("money", pk=money["approach"].pk)).content.decode()
        assert flow_url("money_flow_edit", money) not in html

    def test_edit_and_withdraw_a_flow(self, client, users, money):
        client.force_login(users["programmabureau"])
        client.cookies["django_language"] = "en"
        edit = flow_url("money_flow_edit", money)
        assert "Koffie buurtkamer" in client.get(edit).content.decode()
        flow = money["flow"]
        body = {
            "organisation": flow.organisation_id,
            "description": "Koffie buurtkamer",
            "theme": "cohesion",
            "year": "2025",
            "amount": "-3",
            "status": "planned",
        }
        response = client.post(edit, body)
        assert response.status_code == 200 and 'value="-3"' in response.content.decode()
        response = client.post(edit, {**body, "amount": "36"})
        assert response.status_code == 302
        flow.refresh_from_db()
        assert (flow.amount, flow.theme) == (D("36"), "cohesion")
        response = client.post(flow_url("money_flow_withdraw", money), {"reason": "Geen geld"})
        assert response.status_code == 302
        html = client.get(url("money", pk=money["approach"].pk)).content.decode()
        assert "Withdrawn money flows" in html and "Geen geld" in html

    @pytest.mark.parametrize("role", ["lezer", "partner", "beheerder", "wijkmanager_out"])
    def test_refused_roles_write_nothing(self, client, users, money, role):
        client.force_login(users[role])
        before = (list(MoneyFlow._base_manager.values()), AuditEvent.objects.count())
        for name in ("money_flow_edit", "money_flow_withdraw"):
            response = client.post(flow_url(name, money), {"reason": "x", "amount": "1"})
            assert response.status_code in (403, 404), (name, response.status_code)
        assert (list(MoneyFlow._base_manager.values()), AuditEvent.objects.count()) == before
