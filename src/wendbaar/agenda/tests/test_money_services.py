"""Funding lines and money flows: corrected and withdrawn, never above budget unnoticed.

Every refusal says what is wrong and leaves every row (and the audit log) as it was.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.agenda import services
from wendbaar.agenda.models import Funding, MoneyFlow
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent

from .factories import make_project

pytestmark = pytest.mark.django_db

D = Decimal
ALLOW_UTRECHT = override_settings(OVERCOMMITMENT_MUNICIPALITIES=["GM0344"])


def rows() -> tuple:
    """Everything a money service could write, withdrawn rows included."""
    return (
        list(Funding._base_manager.order_by("pk").values()),
        list(MoneyFlow._base_manager.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def refused(call, field: str | None = None) -> str:
    """Run ``call``; it must be refused with nothing written. Returns the message."""
    before = rows()
    with pytest.raises(ValidationError) as exc:
        call()
    assert rows() == before
    if field is not None:
        assert field in exc.value.message_dict, exc.value
        return " ".join(exc.value.message_dict[field])
    return " ".join(exc.value.messages)


@pytest.fixture
def project(approach):
    return make_project(approach, "Portieken", budget="5000")


@pytest.fixture
def funding(project, orgs):
    return services.add_funding(
        project=project, source=orgs["corporatie"], amount=D("3000"), year=2025, by=SYSTEM
    )


@pytest.fixture
def flow(approach, orgs):
    return services.add_money_flow(
        approach=approach,
        organisation=orgs["welzijn"],
        year=2025,
        amount=D("2000"),
        description="Buurtteam",
        by=SYSTEM,
    )


@pytest.fixture
def editor(geo):
    user = UserFactory()
    grant_role(user, "programmabureau", municipality=geo["utrecht"])
    return user


class TestOverFunding:
    def test_999999_on_a_5000_project_is_refused_naming_budget_and_total(self, project, orgs):
        with override_settings(LANGUAGE_CODE="en"):
            message = refused(
                lambda: services.add_funding(
                    project=project,
                    source=orgs["gemeente"],
                    amount=D("999999"),
                    year=2025,
                    by=SYSTEM,
                ),
                "amount",
            )
        assert "5,000.00" in message and "999,999.00" in message

    def test_the_total_counts_every_current_line(self, project, funding, orgs):
        message = refused(
            lambda: services.add_funding(
                project=project, source=orgs["gemeente"], amount=D("2001"), year=2025, by=SYSTEM
            ),
            "amount",
        )
        assert "5.001,00" in message or "5,001.00" in message
        services.add_funding(
            project=project, source=orgs["gemeente"], amount=D("2000"), year=2025, by=SYSTEM
        )  # exactly the budget is fine

    def test_a_withdrawn_line_no_longer_counts(self, project, funding, orgs):
        services.withdraw_funding(funding=funding, reason="Dubbel", by=SYSTEM)
        services.add_funding(
            project=project, source=orgs["gemeente"], amount=D("5000"), year=2025, by=SYSTEM
        )

    def test_no_budget_no_check(self, approach, orgs):
        project = make_project(approach, "Zonder begroting", budget="0")
        services.add_funding(
            project=project, source=orgs["gemeente"], amount=D("999999"), year=2025, by=SYSTEM
        )

    def test_confirming_does_not_help_where_the_gemeente_does_not_allow_it(self, project, orgs):
        refused(
            lambda: services.add_funding(
                project=project,
                source=orgs["gemeente"],
                amount=D("6000"),
                year=2025,
                confirm_over_budget=True,
                by=SYSTEM,
            ),
            "amount",
        )

    @ALLOW_UTRECHT
    def test_allowed_gemeente_needs_the_confirmation(self, project, orgs, editor):
        message = refused(
            lambda: services.add_funding(
                project=project, source=orgs["gemeente"], amount=D("6000"), year=2025, by=editor
            ),
            "confirm_over_budget",
        )
        assert "Confirm" in message or "Bevestig" in message
        funding = services.add_funding(
            project=project,
            source=orgs["gemeente"],
            amount=D("6000"),
            year=2025,
            confirm_over_budget=True,
            by=editor,
        )
        assert funding.over_budget_confirmed_by == editor
        assert funding.over_budget_confirmed_at is not None
        event = AuditEvent.objects.filter(action="funding_added").latest("pk")
        assert event.actor == editor
        assert event.detail["over_budget"] == {"budget": "5000.00", "total": "6000"}

    @ALLOW_UTRECHT
    def test_within_budget_nothing_is_recorded(self, project, orgs, editor):
        funding = services.add_funding(
            project=project,
            source=orgs["gemeente"],
            amount=D("10"),
            year=2025,
            confirm_over_budget=True,
            by=editor,
        )
        assert funding.over_budget_confirmed_at is None
        assert "over_budget" not in AuditEvent.objects.latest("pk").detail

    def test_negative_amounts_are_refused(self, project, orgs, approach, funding, flow):
        refused(
            lambda: services.add_funding(
                project=project, source=orgs["gemeente"], amount=D("-1"), year=2025, by=SYSTEM
            ),
            "amount",
        )
        refused(
            lambda: services.update_funding(funding=funding, amount=D("-1"), by=SYSTEM), "amount"
        )
        refused(
            lambda: services.add_money_flow(
                approach=approach,
                organisation=orgs["welzijn"],
                year=2025,
                amount=D("-5"),
                description="Fout",
                by=SYSTEM,
            ),
            "amount",
        )
        refused(lambda: services.update_money_flow(flow=flow, amount=D("-5"), by=SYSTEM), "amount")


class TestEditFunding:
    def test_correct_amount_year_and_note_with_old_and_new_in_the_audit(self, funding, orgs):
        services.update_funding(
            funding=funding,
            amount=D("4000"),
            year=2026,
            note="Tweede tranche",
            source=orgs["welzijn"],
            by=SYSTEM,
        )
        funding.refresh_from_db()
        assert (funding.amount, funding.year, funding.source) == (
            D("4000"),
            2026,
            orgs["welzijn"],
        )
        changes = AuditEvent.objects.get(action="funding_updated").detail["changes"]
        assert changes["amount"] == ["3000.00", "4000"]
        assert changes["year"] == [2025, 2026]
        assert changes["source"] == [orgs["corporatie"].pk, orgs["welzijn"].pk]

    def test_a_higher_amount_is_checked_against_the_budget(self, funding):
        message = refused(
            lambda: services.update_funding(funding=funding, amount=D("5000.01"), by=SYSTEM),
            "amount",
        )
        assert "5.000,01" in message or "5,000.01" in message
        services.update_funding(funding=funding, amount=D("5000"), by=SYSTEM)

    def test_a_lower_amount_is_always_possible(self, project, orgs):
        with ALLOW_UTRECHT:
            over = services.add_funding(
                project=project,
                source=orgs["gemeente"],
                amount=D("8000"),
                year=2025,
                confirm_over_budget=True,
                by=SYSTEM,
            )
        services.update_funding(funding=over, amount=D("7000"), by=SYSTEM)  # still over

    def test_the_status_does_not_move_here(self, funding):
        with pytest.raises(TypeError):
            services.update_funding(funding=funding, status="spent", by=SYSTEM)

    def test_party_of_another_gemeente_is_refused(self, funding, orgs):
        refused(
            lambda: services.update_funding(funding=funding, source=orgs["den_haag"], by=SYSTEM),
            "source",
        )

    def test_nothing_changed_writes_nothing(self, funding):
        before = rows()
        services.update_funding(funding=funding, amount=D("3000.00"), by=SYSTEM)
        assert rows() == before


class TestWithdraw:
    def test_withdrawn_funding_counts_nowhere_but_is_kept(self, project, funding, editor):
        services.withdraw_funding(funding=funding, reason="  Dubbel\ningevoerd ", by=editor)
        assert not project.fundings.exists()
        kept = Funding._base_manager.get(pk=funding.pk)
        assert kept.withdrawal_reason == "Dubbel ingevoerd"
        assert kept.withdrawn_by == editor and kept.is_withdrawn
        event = AuditEvent.objects.get(action="funding_withdrawn")
        assert event.detail["amount"] == "3000.00" and event.detail["reason"] == "Dubbel ingevoerd"

    def test_a_reason_is_required(self, funding, flow):
        refused(lambda: services.withdraw_funding(funding=funding, reason=" ", by=SYSTEM), "reason")
        refused(lambda: services.withdraw_money_flow(flow=flow, reason="", by=SYSTEM), "reason")
        refused(
            lambda: services.withdraw_money_flow(flow=flow, reason="x" * 301, by=SYSTEM), "reason"
        )

    def test_withdrawing_twice_is_refused(self, funding, flow):
        services.withdraw_funding(funding=funding, reason="Fout", by=SYSTEM)
        services.withdraw_money_flow(flow=flow, reason="Fout", by=SYSTEM)
        assert "withdrawn" in refused(
            lambda: services.withdraw_funding(funding=funding, reason="Nog eens", by=SYSTEM)
        ) or "ingetrokken" in refused(
            lambda: services.withdraw_funding(funding=funding, reason="Nog eens", by=SYSTEM)
        )
        refused(lambda: services.withdraw_money_flow(flow=flow, reason="Nog eens", by=SYSTEM))

    def test_a_withdrawn_line_cannot_be_edited_or_move_on(self, funding, flow):
        services.withdraw_funding(funding=funding, reason="Fout", by=SYSTEM)
        services.withdraw_money_flow(flow=flow, reason="Fout", by=SYSTEM)
        refused(lambda: services.update_funding(funding=funding, amount=D("1"), by=SYSTEM))
        refused(lambda: services.change_funding_status(funding=funding, status="spent", by=SYSTEM))
        refused(lambda: services.update_money_flow(flow=flow, amount=D("1"), by=SYSTEM))

    def test_a_stale_copy_is_read_anew(self, funding):
        stale = Funding.objects.get(pk=funding.pk)
        services.withdraw_funding(funding=funding, reason="Fout", by=SYSTEM)
        refused(lambda: services.update_funding(funding=stale, amount=D("1"), by=SYSTEM))


class TestEditMoneyFlow:
    def test_correct_a_flow_with_old_and_new_in_the_audit(self, flow, orgs):
        services.update_money_flow(
            flow=flow,
            amount=D("2500"),
            theme="health",
            status="committed",
            description="Buurtteam Overvecht",
            by=SYSTEM,
        )
        flow.refresh_from_db()
        assert (flow.amount, flow.theme, flow.status) == (D("2500"), "health", "committed")
        changes = AuditEvent.objects.get(action="money_flow_updated").detail["changes"]
        assert changes["theme"] == ["", "health"]
        assert changes["amount"] == ["2000.00", "2500"]

    def test_unknown_theme_and_foreign_party_are_refused(self, flow, orgs):
        refused(lambda: services.update_money_flow(flow=flow, theme="sport", by=SYSTEM), "theme")
        refused(
            lambda: services.update_money_flow(flow=flow, organisation=orgs["den_haag"], by=SYSTEM),
            "organisation",
        )

    def test_withdrawn_flow_leaves_the_money_page_totals(self, approach, flow):
        from wendbaar.agenda.selectors import money_overview

        assert money_overview(approach).total.planned == D("2000")
        services.withdraw_money_flow(flow=flow, reason="Dubbel", by=SYSTEM)
        overview = money_overview(approach)
        assert overview.total.planned == D("0")
        assert [f.pk for f in overview.withdrawn_flows] == [flow.pk]


def test_a_reader_is_refused_before_anything_is_read(users, funding, flow):
    before = rows()
    for call in (
        lambda: services.update_funding(funding=funding, amount=D("1"), by=users["lezer"]),
        lambda: services.withdraw_funding(funding=funding, reason="x", by=users["lezer"]),
        lambda: services.update_money_flow(flow=flow, amount=D("1"), by=users["lezer"]),
        lambda: services.withdraw_money_flow(flow=flow, reason="x", by=users["lezer"]),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert rows() == before
