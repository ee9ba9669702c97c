"""The only module that reads ``os.environ``.

Every variable is declared here once with its type, a production-safe default and a
one-line help text; ``docs/configuration.md`` is checked against ``VARIABLES`` by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: Any
    help: str


VARIABLES: dict[str, Variable] = {}
_env = environ.Env()


def _declare(name: str, default: Any, help: str) -> None:
    VARIABLES[name] = Variable(name, default, help)


def str_var(name: str, default: str, help: str) -> str:
    _declare(name, default, help)
    return _env.str(name, default=default)


def bool_var(name: str, default: bool, help: str) -> bool:
    _declare(name, default, help)
    return _env.bool(name, default=default)


def int_var(name: str, default: int, help: str) -> int:
    _declare(name, default, help)
    return _env.int(name, default=default)


def list_var(name: str, default: list[str], help: str) -> list[str]:
    _declare(name, ",".join(default), help)
    return _env.list(name, default=default)


def db_var(name: str, default: str, help: str) -> dict[str, Any]:
    _declare(name, default, help)
    return _env.db_url(name, default=default)


def is_set(name: str) -> bool:
    return name in os.environ


# --- .env -------------------------------------------------------------------------------
ENV_FILE_VARIABLE = "WENDBAAR_ENV_FILE"
DEFAULT_ENV_FILE = Path(__file__).resolve().parents[3] / ".env"  # the repository root


def parse_env_file(path: Path) -> dict[str, str]:
    """``NAME=value`` lines of ``path`` (``#`` comments, blank lines, ``export`` and
    quotes allowed). A line that is none of these is an error naming file and line."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value, not {raw!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def read_env_file(path: Path | None = None) -> dict[str, str]:
    """Put the variables of the ``.env`` file into ``os.environ`` before any setting is
    read; a variable already in the environment wins. Returns what the file set.

    The file is ``WENDBAAR_ENV_FILE`` when given (it must then exist), else ``.env`` in
    the repository root when present."""
    if path is None:
        given = os.environ.get(ENV_FILE_VARIABLE, "")
        path = Path(given) if given else DEFAULT_ENV_FILE
        if given and not path.is_file():
            raise ImproperlyConfigured(f"{ENV_FILE_VARIABLE}={given}: no such file")
    if not path.is_file():
        return {}
    applied = {}
    for name, value in parse_env_file(path).items():
        if name not in os.environ:
            os.environ[name] = applied[name] = value
    return applied


_declare(
    ENV_FILE_VARIABLE,
    "",
    "The .env file read before the settings (default: .env in the repository root).",
)
read_env_file()
