"""The area search over the database: aliases and postcodes imported like the demo does,
the in-memory index renewed when they change, and the shipped alias file checked."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from wendbaar.areas.demo import ALIASES_FILE, DEMO_DATA_DIR, REGIONS_FILE
from wendbaar.areas.importers import AreaImportError, import_aliases, import_postcodes
from wendbaar.areas.index import search_index
from wendbaar.areas.models import AliasKind, AreaAlias, AreaPostcode
from wendbaar.areas.selectors import search_areas

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A slice of the demo geography with the real codes and names."""
    dh = AreaFactory(code="GM0518", name="'s-Gravenhage")
    schilders = AreaFactory(
        code="WK051829", name="Wijk 29 Schildersbuurt", district=True, parent=dh
    )
    AreaFactory(code="BU05182915", name="Schildersbuurt-West", neighbourhood=True, parent=schilders)
    ut = AreaFactory(code="GM0344", name="Utrecht")
    overvecht = AreaFactory(code="WK034403", name="Wijk 03 Overvecht", district=True, parent=ut)
    for code, name in [
        ("BU03440331", "Vechtzoom-zuid"),
        ("BU03440332", "Vechtzoom-noord, Klopvaart"),
        ("BU03440343", "Poldergebied Overvecht"),
    ]:
        AreaFactory(code=code, name=name, neighbourhood=True, parent=overvecht)
    return {"dh": dh, "schilders": schilders, "overvecht": overvecht}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def loaded(world, tmp_path):
    import_aliases(
        write(
            tmp_path / "aliases.csv",
            "code,alias,kind,note\nGM0518,Den Haag,official,\nWK051829,Schilderswijk,common,\n",
        )
    )
    import_postcodes(
        write(
            tmp_path / "kwb.csv",
            "WijkenEnBuurten,SoortRegio_2,regio,MeestVoorkomendePostcode_118\n"
            "BU03440331,Buurt,Vechtzoom-zuid,3563\n"
            "BU03440332,Buurt,Vechtzoom-noord,3563\n"
            "BU03440343,Buurt,Poldergebied Overvecht,3564\n"
            "WK034403,Wijk,Overvecht,\n",
        )
    )
    return world


def codes(term: str) -> list[str]:
    return [area.code for area in search_areas(term).areas]


def test_den_haag(loaded):
    (area,) = search_areas("Den Haag").areas
    assert area.code == "GM0518" and area.match.alias == "Den Haag"


def test_schilderswijk(loaded):
    assert codes("Schilderswijk")[0] == "WK051829"
    assert search_areas("Schilderswijk").areas[0].match.alias == "Schilderswijk"


def test_overvect(loaded):
    assert codes("overvect") == ["WK034403", "BU03440343"]


@pytest.mark.parametrize("term", ["3563", "3563 AB", "3563ab"])
def test_postcode(loaded, term):
    areas = search_areas(term).areas
    assert [a.code for a in areas] == ["BU03440332", "BU03440331"]  # by name
    assert areas[0].parent.name == "Wijk 03 Overvecht"  # its wijk, for the list
    assert areas[0].match.postcode == "3563"


@pytest.mark.parametrize("term", ["'s-Gravenhage", "s-Gravenhage", "S GRAVENHAGE"])
def test_apostrophes(loaded, term):
    assert codes(term) == ["GM0518"]


def test_an_alias_added_later_is_found_at_once(loaded, django_assert_num_queries):
    search_index()
    with django_assert_num_queries(2):  # the index is current: version token + areas
        assert codes("Den Haag") == ["GM0518"]
    assert codes("Transvaal") == []
    AreaAlias.objects.create(area=loaded["schilders"], name="Transvaal", kind=AliasKind.LOCAL)
    assert codes("Transvaal") == ["WK051829"]
    AreaAlias.objects.filter(name="Transvaal").delete()
    assert codes("Transvaal") == []


def test_imports_are_idempotent_and_replace_their_own_rows(loaded, tmp_path):
    AreaAlias.objects.create(area=loaded["dh"], name="Hofstad", kind=AliasKind.LOCAL)
    result = import_aliases(
        write(tmp_path / "aliases.csv", "code,alias,kind\nGM0518,Den Haag,official\n")
    )
    assert (result.created, result.unchanged) == (0, 1)
    # "Schilderswijk" left the file; the gemeente's own "Hofstad" (another source) stays.
    assert sorted(AreaAlias.objects.values_list("name", flat=True)) == ["Den Haag", "Hofstad"]
    assert AreaPostcode.objects.count() == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,alias\nGM0518,Den Haag\n", "field “kind”: the column is missing"),
        ("code,alias,kind\nGM05,Den Haag,common\n", "row 2, field “code”: not a CBS code"),
        ("code,alias,kind\nGM0518,,common\n", "row 2, field “alias”: the alias is empty"),
        ("code,alias,kind\nGM0518,Den Haag,nickname\n", "row 2, field “kind”: kind must be"),
    ],
)
def test_a_bad_alias_file_changes_nothing(loaded, tmp_path, text, message):
    before = list(AreaAlias.objects.values_list("name", flat=True))
    with pytest.raises(AreaImportError, match=message):
        import_aliases(write(tmp_path / "aliases.csv", text))
    assert list(AreaAlias.objects.values_list("name", flat=True)) == before


def test_a_file_without_a_postcode_column_is_refused(loaded, tmp_path):
    with pytest.raises(AreaImportError, match="meest voorkomende postcode"):
        import_postcodes(write(tmp_path / "kwb.csv", "WijkenEnBuurten,regio\nBU03440331,X\n"))
    assert AreaPostcode.objects.count() == 3


def test_the_shipped_aliases_name_real_areas_of_the_demo_gemeenten():
    """Every code in the alias file is in the 2024 region list, in a demo gemeente."""
    with gzip.open(DEMO_DATA_DIR / REGIONS_FILE, "rt", encoding="utf-8") as f:
        names = {row["WijkenEnBuurten"]: row["regio"] for row in csv.DictReader(f)}
    with (DEMO_DATA_DIR / ALIASES_FILE).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert 20 <= len(rows) <= 40
    assert [r["code"] for r in rows if r["code"] not in names] == []
    assert {r["code"][2:6] for r in rows} <= {"0344", "0518", "0599"}
    assert {r["kind"] for r in rows} <= set(AliasKind.values)


def test_the_import_command_loads_aliases_and_postcodes(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    aliases = write(tmp_path / "a.csv", "code,alias,kind\nGM0518,Den Haag,official\n")
    kwb = write(tmp_path / "k.csv", "gwb_code_10,pst_mvp\nBU03440331,3563\n")
    call_command("import_areas", "aliases", str(aliases), stdout=out)
    call_command("import_areas", "postcodes", str(kwb), stdout=out)
    assert "1 created" in out.getvalue()
    assert codes("3563") == ["BU03440331"] and codes("den haag") == ["GM0518"]
