from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wendbaar.areas.models import Area

pytestmark = pytest.mark.django_db


def test_regions_and_dissolve(cbs_dir):
    out = StringIO()
    call_command(
        "import_areas", "regions", str(cbs_dir / "kwb_2023_utrecht_GM0344.csv"), stdout=out
    )
    assert "122 created" in out.getvalue()
    call_command(
        "import_areas",
        "regions",
        "--year",
        "2023",
        str(cbs_dir / "kwb_2023_utrecht_GM0344.csv"),
        stdout=out,
    )
    assert "122 unchanged" in out.getvalue()
    call_command("import_areas", "dissolve", "--municipality", "GM0344", stdout=out)
    assert "skipped 11: no child area has a polygon" in out.getvalue()


def test_geometry_and_schematic(cbs_dir):
    call_command(
        "import_areas", "regions", str(cbs_dir / "kwb_2023_utrecht_GM0344.csv"), stdout=StringIO()
    )
    out = StringIO()
    call_command(
        "import_areas",
        "geometry",
        str(cbs_dir / "gemeenten_2023_wgs84.geojson"),
        "--source",
        "PDOK gemeenten 2023",
        "--tolerance",
        "10",
        stdout=out,
    )
    assert "1 updated" in out.getvalue()
    assert Area.objects.get(code="GM0344").geometry_source == "PDOK gemeenten 2023"
    call_command(
        "import_areas",
        "schematic",
        str(cbs_dir / "buurten_2024_schematic_svg_per_gemeente.json.gz"),
        "--municipality",
        "GM0344",
        stdout=out,
    )
    assert "112 updated" in out.getvalue()


def test_import_error_becomes_command_error(files):
    with pytest.raises(CommandError, match=r"duplicate_code\.csv, row 4"):
        call_command("import_areas", "regions", str(files / "duplicate_code.csv"), "--year", "2024")
    with pytest.raises(CommandError, match="unknown CRS"):
        call_command("import_areas", "geometry", str(files / "unknown_crs.geojson"))
