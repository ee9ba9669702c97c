import datetime as dt

import pytest

from wendbaar.coalition import services
from wendbaar.coalition.selectors import coalition_history, coalition_on
from wendbaar.core.actors import SYSTEM

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def history(approach, orgs):
    gemeente = services.join_coalition(
        approach=approach,
        organisation=orgs["gemeente"],
        role="steering_group",
        joined_on=D(2024, 1, 1),
        by=SYSTEM,
    )
    corporatie = services.join_coalition(
        approach=approach,
        organisation=orgs["corporatie"],
        role="core_partner",
        joined_on=D(2024, 3, 1),
        by=SYSTEM,
    )
    bewoners = services.join_coalition(
        approach=approach,
        organisation=orgs["bewoners"],
        role="partner",
        joined_on=D(2024, 6, 1),
        by=SYSTEM,
    )
    services.leave_coalition(membership=bewoners, left_on=D(2025, 1, 1), by=SYSTEM)
    return gemeente, corporatie, bewoners


def names(snapshot):
    return [m.organisation.name for m in snapshot.memberships]


class TestCoalitionOn:
    def test_on_dates(self, approach, history):
        assert names(coalition_on(approach, D(2023, 12, 31))) == []
        assert names(coalition_on(approach, D(2024, 3, 1))) == [
            "Gemeente",
            "Woningcorporatie (voorbeeld)",
        ]
        assert len(coalition_on(approach, D(2024, 12, 31)).memberships) == 3
        # left_on is the first day no longer a member
        assert "Bewonersplatform (voorbeeld)" not in names(coalition_on(approach, D(2025, 1, 1)))

    def test_missing_party_kinds(self, approach, history):
        assert coalition_on(approach, D(2024, 7, 1)).missing_groups == []
        today = coalition_on(approach, D(2025, 2, 1))
        assert today.missing_groups == ["residents"]
        assert [g for g, _label, _ms in today.groups] == ["municipality", "civil_society"]

    def test_history_newest_first(self, approach, history):
        events = [(e.day, e.kind) for e in coalition_history(approach)]
        assert events[0] == (D(2025, 1, 1), "left")
        assert events[-1] == (D(2024, 1, 1), "joined")
        assert len(events) == 4
