"""``wendbaar <command> --help`` works for every command of the project (and every
sub-command), as an operator types it: usage text, exit status 0, no traceback."""

from __future__ import annotations

import argparse

import pytest
from django.core.management import ManagementUtility, get_commands, load_command_class

OURS = sorted(name for name, app in get_commands().items() if app.startswith("wendbaar"))


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["wendbaar", *argv, "--help"]).execute()
    captured = capsys.readouterr()
    assert exit_info.value.code in (0, None), captured.err
    assert "Traceback" not in captured.out + captured.err
    return captured.out


def _subcommands(name: str) -> list[str]:
    parser = load_command_class(get_commands()[name], name).create_parser("wendbaar", name)
    return [
        choice
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for choice in action.choices
    ]


def test_every_command_of_ours_is_found():
    assert {"import_areas", "import_observations", "load_demo"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_help_shows_usage(name, capsys):
    out = _help([name], capsys)
    assert out.startswith("usage: wendbaar " + name)
    for sub in _subcommands(name):
        assert _help([name, sub], capsys).startswith(f"usage: wendbaar {name} {sub}")


def test_import_areas_lists_its_actions(capsys):
    out = _help(["import_areas"], capsys)
    assert "Import gemeenten, wijken and buurten" in out
    assert {"regions", "geometry", "dissolve", "schematic"} <= set(_subcommands("import_areas"))
