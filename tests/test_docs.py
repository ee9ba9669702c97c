"""Docs that operators rely on stay true (Datasette-style docs tests)."""

from pathlib import Path

from wendbaar.conf.env import VARIABLES

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = [name for name in VARIABLES if f"`{name}`" not in documented]
    assert not missing, f"docs/configuration.md lacks: {', '.join(missing)}"


def test_env_example_lists_every_variable():
    example = (ROOT / ".env.example").read_text()
    missing = [name for name in VARIABLES if f"{name}=" not in example]
    assert not missing, f".env.example lacks: {', '.join(missing)}"


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_operations_names_every_periodic_command():
    """A daily job that nobody schedules never runs: operations.md must name it."""
    from django.core.management import get_commands

    operations = (ROOT / "docs" / "operations.md").read_text()
    for command in ("purge_expired_stories", "db_worker"):
        assert command in get_commands(), command
        assert f"wendbaar {command}" in operations, command
