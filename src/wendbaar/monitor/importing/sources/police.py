"""Police registered crime, CBS table 47022NED, summed per calendar year.

Format of ``misdrijven_47022NED_buurt_2021_2025.csv.gz``: ``WijkenEnBuurten``,
``SoortRegio_2``, ``gm_code``, ``GeregistreerdeMisdrijven_<YYYY>`` (one column per
year → one observation per year). ``GeregistreerdeMisdrijven_laatste12mnd`` (a rolling
window) and the source repo's derived rate are not imported: the rate per 1,000 is
calculated here from the counts and the KWB population.
"""

from __future__ import annotations

from pathlib import Path

from .base import ParsedFile, table_from_name
from .yearly import parse_yearly

META_COLUMNS = {
    "WijkenEnBuurten",
    "SoortRegio_2",
    "gm_code",
    "wk_code",
    "regio",
    "GeregistreerdeMisdrijven_laatste12mnd",
    "misdrijven_per1000_gem_per_jaar_derived",
}


def parse(
    path: Path, *, period: int | None, strict: bool, catalogue: dict[str, dict]
) -> ParsedFile:
    return parse_yearly(
        path,
        period=period,
        catalogue=catalogue,
        key="police",
        region_columns=["WijkenEnBuurten", "Codering_3", "gwb_code_10"],
        meta_columns=META_COLUMNS,
        source_table=table_from_name(path, "47022NED"),
    )
