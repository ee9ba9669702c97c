"""The system actor may do everything, so only the platform's own jobs may name it: no
page, API endpoint, form or template tag can act as the system instead of the user."""

from __future__ import annotations

import ast
from pathlib import Path

import wendbaar

ROOT = Path(wendbaar.__file__).parent
# Modules that answer requests: they act for request.user, never for the platform.
REQUEST_MODULES = ("views.py", "forms.py", "urls.py", "serializers.py", "access.py")
REQUEST_FOLDERS = ("api", "templatetags", "pages")


def handles_requests(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    if "tests" in rel.parts or "migrations" in rel.parts:
        return False
    return path.name in REQUEST_MODULES or any(part in REQUEST_FOLDERS for part in rel.parts)


def names_the_system(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("core.actors"):
            found += [
                f"{path.relative_to(root)}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if alias.name in {"SYSTEM", "SystemActor"}
            ]
    return found


def test_request_handling_code_never_acts_as_the_system():
    modules = [p for p in ROOT.rglob("*.py") if handles_requests(p)]
    assert len(modules) > 20  # the walk found the views, forms and API modules
    offenders = [hit for path in modules for hit in names_the_system(path)]
    assert offenders == []


def test_the_check_sees_an_offender(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from wendbaar.core.actors import SYSTEM, acting_user\n", encoding="utf-8")
    assert names_the_system(module, tmp_path) == ["views.py:1 imports SYSTEM"]
