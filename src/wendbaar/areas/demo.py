"""Demo geography from the committed demo data (src/wendbaar/demo_data/), never the shared
CBS folder: the 2024 region list of the whole country, gemeente polygons for all
gemeenten, buurt polygons for Utrecht, Den Haag and Rotterdam (their wijken dissolved from
them), schematic buurt shapes for all gemeenten, the buurten's most common postcodes and
the common names (aliases) of areas in the demo gemeenten. Every step is idempotent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from .importers import (
    dissolve_geometry,
    import_aliases,
    import_geometry,
    import_postcodes,
    import_regions,
    import_schematic,
)

DEMO_DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"
DEMO_MUNICIPALITIES = ("GM0344", "GM0518", "GM0599")  # Utrecht, 's-Gravenhage, Rotterdam

REGIONS_FILE = "kwb_2024_85984NED_nl_subset.csv.gz"
GEMEENTEN_FILE = "gemeenten_2023_rd_simplified.geojson.gz"
BUURTEN_FILE = "buurten_2019_demo_wgs84.geojson.gz"
SCHEMATIC_FILE = "buurten_2024_schematic_svg_per_gemeente.json.gz"
# Common names of areas in the demo gemeenten ("Den Haag", "Schilderswijk").
ALIASES_FILE = "area_aliases.csv"


def load_demo_areas(stdout: TextIO | None = None) -> None:
    data = DEMO_DATA_DIR
    results = [
        import_regions(data / REGIONS_FILE, year=2024),
        # Sources name the original layer, so the UI can credit it.
        import_geometry(data / GEMEENTEN_FILE, source="CBS/Kadaster gemeenten 2023 (100 m)"),
        import_geometry(data / BUURTEN_FILE, source="CBS/Kadaster buurt_gegeneraliseerd 2019"),
        # Gemeenten already have a polygon (above), so this only builds their wijken.
        dissolve_geometry(municipality_codes=DEMO_MUNICIPALITIES),
        import_schematic(data / SCHEMATIC_FILE),
        # Search: PC4 → buurten from the region file's "meest voorkomende postcode".
        import_postcodes(data / REGIONS_FILE),
        import_aliases(data / ALIASES_FILE),
    ]
    if stdout is not None:
        for result in results:
            stdout.write(result.summary() + "\n")
