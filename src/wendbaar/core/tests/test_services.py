"""The write helpers every domain service shares."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from wendbaar.core.services import apply_changes, audit_value


def test_audit_value_is_json_ready():
    related = SimpleNamespace(pk=7)
    assert audit_value(Decimal("1.50")) == "1.50"
    assert audit_value(dt.date(2025, 3, 1)) == "2025-03-01"
    assert audit_value(related) == 7
    assert audit_value([related, "x"]) == [7, "x"]


def test_apply_changes_reports_old_and_new_and_refuses_other_fields():
    row = SimpleNamespace(name="Oud", budget=Decimal("10"))
    assert apply_changes(row, {"name": "Nieuw", "budget": Decimal("10")}, ("name", "budget")) == {
        "name": ["Oud", "Nieuw"]
    }
    assert row.name == "Nieuw"
    with pytest.raises(TypeError, match="Cannot change budget"):
        apply_changes(row, {"budget": Decimal("1")}, ("name",))
    assert row.budget == Decimal("10")
