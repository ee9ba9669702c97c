"""RIVM Gezondheidsmonitor (model estimates per buurt), CBS table 50150NED.

Format of ``gezondheid_50150NED_buurt_2012_2024.csv.gz``: ``WijkenEnBuurten``,
``SoortRegio_2``, ``gm_code``, ``GoedErvarenGezondheid_4_<YYYY>`` per measured year.
"""

from __future__ import annotations

from pathlib import Path

from .base import ParsedFile, table_from_name
from .yearly import parse_yearly

META_COLUMNS = {"WijkenEnBuurten", "SoortRegio_2", "gm_code", "wk_code", "regio"}


def parse(
    path: Path, *, period: int | None, strict: bool, catalogue: dict[str, dict]
) -> ParsedFile:
    return parse_yearly(
        path,
        period=period,
        catalogue=catalogue,
        key="rivm",
        region_columns=["WijkenEnBuurten", "Codering_3", "gwb_code_10"],
        meta_columns=META_COLUMNS,
        source_table=table_from_name(path, "50150NED"),
    )
