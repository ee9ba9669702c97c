"""The one rule for a withdrawal's reason."""

import pytest
from django.core.exceptions import ValidationError

from wendbaar.core.withdrawal import MAX_REASON_LENGTH, reason_text


def test_a_reason_becomes_one_line():
    assert reason_text("  Dubbel\n ingevoerd \t") == "Dubbel ingevoerd"


@pytest.mark.parametrize("empty", ["", "   ", None, "\n"])
def test_a_withdrawal_needs_a_reason(empty):
    with pytest.raises(ValidationError) as refused:
        reason_text(empty)
    assert refused.value.error_dict["reason"][0].code == "no_reason"


def test_a_removal_may_go_without_one():
    assert reason_text("", required=False) == ""


def test_a_reason_is_at_most_300_characters():
    assert reason_text("x" * MAX_REASON_LENGTH) == "x" * MAX_REASON_LENGTH
    with pytest.raises(ValidationError) as refused:
        reason_text("x" * (MAX_REASON_LENGTH + 1), required=False)
    assert refused.value.error_dict["reason"][0].code == "reason_too_long"
