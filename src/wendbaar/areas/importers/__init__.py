"""Importers for the CBS geography: one module per source kind, all atomic and idempotent."""

from .base import AreaImportError, ImportResult
from .dissolve import dissolve_geometry
from .geometry import CODE_PROPERTIES, import_geometry
from .names import import_aliases, import_postcodes
from .regions import import_regions, infer_year
from .schematic import import_schematic

__all__ = [
    "CODE_PROPERTIES",
    "AreaImportError",
    "ImportResult",
    "dissolve_geometry",
    "import_aliases",
    "import_geometry",
    "import_postcodes",
    "import_regions",
    "import_schematic",
    "infer_year",
]
