"""areas/selectors.py as the pages use it (owned with the UI)."""

from __future__ import annotations

import pytest
from django.http import Http404

from wendbaar.areas.selectors import (
    area_with_lineage,
    children_of,
    map_features_for,
    search_areas,
)

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_lineage_of_a_neighbourhood(utrecht, django_assert_num_queries):
    with django_assert_num_queries(1):
        lineage = area_with_lineage("bu03440102")
        assert [a.code for a in lineage.ancestors] == ["GM0344", "WK034401"]
        assert lineage.municipality.code == "GM0344"
    assert "geometry" in lineage.area.get_deferred_fields()


@pytest.mark.parametrize("code", ["GM9999", "", "x" * 40, "BU0344"])
def test_lineage_of_an_unknown_code(utrecht, code):
    with pytest.raises(Http404):
        area_with_lineage(code)


def test_children_with_neighbourhood_counts(utrecht):
    children = children_of(utrecht["gm"])
    assert [(c.name, c.neighbourhood_count) for c in children] == [("Oost", 2), ("West", 3)]
    assert children_of(utrecht["lombok_oost"]) == []


def test_children_leave_out_areas_that_no_longer_exist(utrecht):
    AreaFactory(
        code="BU03440199",
        name="Opgeheven",
        neighbourhood=True,
        parent=utrecht["west"],
        first_year=2015,
        last_year=2019,
    )
    assert "Opgeheven" not in [c.name for c in children_of(utrecht["west"])]


def test_search_orders_by_level_and_limits(utrecht, django_assert_num_queries):
    for i in range(5):
        AreaFactory(
            code=f"BU034402{i + 10}",
            name=f"Oostbuurt {i}",
            neighbourhood=True,
            parent=utrecht["oost"],
        )
    search_areas("warm up the in-memory index")
    with django_assert_num_queries(2):  # the index's version token, the areas
        results = search_areas("oost", limit=4)
        labels = [(a.level, a.name, a.parent.name) for a in results.areas]
    # Exact name first, then names that start with the term, then names containing it.
    assert labels[0] == ("district", "Oost", "Utrecht")
    assert labels[1] == ("neighbourhood", "Oostbuurt 0", "Oost")
    assert len(labels) == 4 and results.has_more
    assert ("neighbourhood", "Lombok-Oost", "West") in [
        (a.level, a.name, a.parent.name) for a in search_areas("oost").areas
    ]


def test_search_by_exact_code(utrecht):
    assert [a.code for a in search_areas(" bu03440201 ").areas] == ["BU03440201"]
    assert search_areas("   ").areas == []


def test_map_features_of_a_district(utrecht):
    lineage = area_with_lineage("WK034401")
    data = map_features_for(lineage.area)
    linked = [f.code for f in data.features if not f.context]
    context = [f.code for f in data.features if f.context]
    assert linked == ["BU03440103", "BU03440101", "BU03440102"]  # by name
    assert context == ["WK034402"]
    assert all(f.href is None for f in data.features if f.context)
    assert data.geometry_sources == ["CBS Wijk- en Buurtkaart 2024"]


def test_map_features_of_a_neighbourhood(utrecht):
    data = map_features_for(area_with_lineage("BU03440101").area)
    assert [f.code for f in data.features if f.current] == ["BU03440101"]
    assert {f.code for f in data.features} == {"BU03440101", "BU03440102", "BU03440103"}
    assert data.features[0].label.startswith("Neighbourhood ")
