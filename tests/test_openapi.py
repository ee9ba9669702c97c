"""The committed ``openapi.yaml`` is the API the code serves.

API consumers and reviewers read the committed file; this fails when a change to a
serializer, view or path is not reflected in it. Regenerate with ``make openapi``.

The file is generated against the embedded default (SQLite): integer limits come from the
database backend (a small integer's maximum is 32767 on PostgreSQL and 2^63 - 1 on
SQLite), so the comparison runs on SQLite only; CI runs the suite on SQLite first.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.yaml"


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="generated on the embedded default, see above"
)
def test_committed_schema_is_current(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(generated)
    )
    diff = list(
        difflib.unified_diff(
            COMMITTED.read_text().splitlines(),
            generated.read_text().splitlines(),
            "openapi.yaml (committed)",
            "openapi.yaml (from the code)",
            lineterm="",
        )
    )
    assert not diff, "Run `make openapi` and commit the result:\n" + "\n".join(diff[:60])
