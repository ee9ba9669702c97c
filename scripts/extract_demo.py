"""Extract the committed demo data (src/wendbaar/demo_data/) from the CBS open data folder.

Usage: .venv/bin/python scripts/extract_demo.py [--source DIR]

The output is deterministic (sorted, fixed gzip header), so re-running it on the same
source gives byte-identical files. See src/wendbaar/demo_data/README.md for what each file
is and where it comes from.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wendbaar.areas import geo  # noqa: E402  (pure module: no Django setup needed)

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "cbs"
TARGET = ROOT / "src" / "wendbaar" / "demo_data"

# Copied unchanged: the monitor compares buurten nationally, other helpers import these.
COPIED = [
    "kwb_2024_85984NED_nl_subset.csv.gz",
    "misdrijven_47022NED_buurt_2021_2025.csv.gz",
    "gezondheid_50150NED_buurt_2012_2024.csv.gz",
    "kwb_2023_utrecht_GM0344.csv",
    "leefbaarometer_2020_buurt_prov_utrecht.csv",
    "nabijheid_2023_utrecht_GM0344.csv",
    "kwb_2020_gemeenten_wide.csv",
    "kwb_2020_gemeenten_wide_columns.csv",
    "buurten_2024_schematic_svg_per_gemeente.json.gz",
]
DEMO_MUNICIPALITIES = ("GM0344", "GM0518", "GM0599")  # Utrecht, 's-Gravenhage, Rotterdam
BUURTEN_OUT = "buurten_2019_demo_wgs84.geojson.gz"
GEMEENTEN_OUT = "gemeenten_2023_rd_simplified.geojson.gz"
GEMEENTEN_TOLERANCE = 100.0  # metres: invisible on a national map, a fifth of the size
# File 16, kwb-2023 (= 85618NED) for all NL: the region code, its level, and the columns the
# indicator catalogue maps (monitor/registry.py; a test checks that every one maps). Not
# kept: gm_code, gm_naam (follow from the code) and a_bst_b, a_bst_nb (cars by fuel, not
# in the catalogue: see the note after cars_per_km2 there).
KWB_2023_SOURCE = "kwb_2023_nl_subset41.csv.gz"
KWB_2023_OUT = "kwb_2023_85618NED_nl_subset.csv.gz"
KWB_2023_COLUMNS = (
    "gwb_code_10", "recs",
    "a_inw", "a_ongeh", "a_gehuwd", "a_gesch", "a_verwed", "a_nl_all", "a_eur_al", "a_neu_al",
    "a_hh", "a_1p_hh", "a_hh_z_k", "a_hh_m_k", "g_hhgro", "bev_dich", "g_wozbag",
    "g_ink_pi", "p_ink_li", "p_ink_hi", "g_hh_sti", "p_hh_li", "p_hh_hi",
    "a_soz_wb", "a_soz_ao", "a_soz_ww", "a_soz_ow", "a_jz_tn", "p_jz_tn", "a_wmo_t", "p_wmo_t",
    "a_pau", "g_pau_hh", "g_pau_km",
    "g_afs_hp", "g_afs_gs", "g_afs_kv", "g_afs_sc", "g_3km_sc", "ste_mvs", "ste_oad",
)  # fmt: skip


def write_gzip(path: Path, text: str) -> None:
    # mtime=0 and no file name in the header: same input, same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def write_gzip_json(path: Path, data: dict[str, Any]) -> None:
    write_gzip(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def extract_kwb_2023(source: Path) -> None:
    """File 16, every row (NL00, gemeenten, wijken, buurten) in the source's order, only
    ``KWB_2023_COLUMNS``; cells copied as text ("." stays "."), nothing recomputed."""
    with gzip.open(source / KWB_2023_SOURCE, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in KWB_2023_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{KWB_2023_SOURCE} lacks the columns {missing}")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(KWB_2023_COLUMNS)
        for row in reader:
            writer.writerow([row[c] for c in KWB_2023_COLUMNS])
    write_gzip(TARGET / KWB_2023_OUT, out.getvalue())


def extract_buurten(source: Path) -> None:
    """File 13, only the buurten of the demo gemeenten; coordinates as in the source."""
    with gzip.open(source / "buurten_2019_wgs84.geojson.gz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    features = [
        {
            "type": "Feature",
            "properties": {k: f["properties"][k] for k in ("bu_code", "wk_code", "gm_code")},
            "geometry": f["geometry"],
        }
        for f in data["features"]
        if f["properties"]["gm_code"] in DEMO_MUNICIPALITIES
    ]
    features.sort(key=lambda f: f["properties"]["bu_code"])
    write_gzip_json(
        TARGET / BUURTEN_OUT,
        {"type": "FeatureCollection", "name": "buurten_2019_demo", "features": features},
    )


def extract_gemeenten(source: Path) -> None:
    """File 9, all gemeenten: repaired, in RD New, simplified to 100 m, whole metres."""
    data = json.loads((source / "gemeenten_2023_wgs84.geojson").read_text(encoding="utf-8"))
    features = sorted(data["features"], key=lambda f: f["properties"]["gemeentecode"])
    shapes = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
    cleaned = geo.clean(geo.reproject(shapes, geo.WGS84, geo.RD_NEW), GEMEENTEN_TOLERANCE)
    out = []
    for feature, geom in zip(features, cleaned, strict=True):
        if geom is None:
            continue
        props = feature["properties"]
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "gemeentecode": props["gemeentecode"],
                    "gemeentenaam": props["gemeentenaam"],
                },
                "geometry": geo.to_geojson(geom),
            }
        )
    write_gzip_json(
        TARGET / GEMEENTEN_OUT,
        {
            "type": "FeatureCollection",
            "name": "gemeenten_2023_rd_simplified",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
            "features": out,
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="CBS data folder")
    args = parser.parse_args(argv)
    source: Path = args.source
    if not (source / "README.md").exists():
        parser.error(f"{source} does not look like the CBS data folder (no README.md)")
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copyfile(source / name, TARGET / name)
    extract_buurten(source)
    extract_gemeenten(source)
    extract_kwb_2023(source)
    for path in sorted(TARGET.iterdir()):
        if path.name != "README.md":
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            print(f"{path.name:55} {path.stat().st_size:>9,} B  sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
