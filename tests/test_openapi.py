"""The committed ``openapi.yaml`` is the API the code serves.

API consumers and reviewers read the committed file; this fails when a change to a
serializer, view or path is not reflected in it. Regenerate with ``make openapi``.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.yaml"


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
