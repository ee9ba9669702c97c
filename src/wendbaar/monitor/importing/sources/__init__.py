"""One module per source; each has ``parse(path, *, period, strict, catalogue)``.

``catalogue`` maps indicator code → ``source_columns`` of the indicators in the
database. Parsers read and validate only; ``services.import_observations`` writes.
"""

from __future__ import annotations

from . import custom, kwb, leefbaarometer, police, proximity, rivm
from .base import ImportFileError, ParsedFile

PARSERS = {
    "kwb": kwb.parse,
    "police": police.parse,
    "rivm": rivm.parse,
    "leefbaarometer": leefbaarometer.parse,
    "proximity": proximity.parse,
    "custom": custom.parse,
}

__all__ = ["PARSERS", "ImportFileError", "ParsedFile"]
