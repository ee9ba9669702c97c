"""The only module that reads ``os.environ``.

Every variable is declared here once with its type, a production-safe default and a
one-line help text; ``docs/configuration.md`` is checked against ``VARIABLES`` by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import environ


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
