"""CBS region codes: validation and the parent of a code (pure functions)."""

from __future__ import annotations

import re

from .constants import LEVEL_BY_PREFIX, AreaLevel

# GM + 4 digits; WK + gemeente digits + 2 characters; BU + wijk part + 2 characters.
# Since 2023 some gemeenten use letters (WK0363AD, BU0363AD03).
CODE_PATTERN = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")


class InvalidCode(ValueError):
    pass


def normalise_code(raw: str) -> str:
    """Trim the padding CBS files carry (``'GM0344    '``) and upper-case."""
    return (raw or "").strip().upper()


def level_of(code: str) -> AreaLevel:
    if not CODE_PATTERN.match(code):
        raise InvalidCode(code)
    return AreaLevel(LEVEL_BY_PREFIX[code[:2]])


def parent_code(code: str) -> str | None:
    """The code of the enclosing area: buurt → wijk → gemeente → None."""
    level = level_of(code)
    if level == AreaLevel.NEIGHBOURHOOD:
        return "WK" + code[2:8]
    if level == AreaLevel.DISTRICT:
        return "GM" + code[2:6]
    return None


def municipality_code(code: str) -> str:
    level_of(code)
    return "GM" + code[2:6]
