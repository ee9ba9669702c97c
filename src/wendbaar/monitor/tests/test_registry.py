from collections import Counter

import pytest

from wendbaar.core.constants import Theme
from wendbaar.monitor.constants import IndicatorKind
from wendbaar.monitor.models import Indicator
from wendbaar.monitor.registry import (
    CATALOGUE,
    INDICATORS,
    UNIT_RANGES,
    sync_indicators,
    valid_range,
)


class TestCatalogue:
    def test_at_least_40_indicators_covering_all_eight_themes(self):
        assert len(INDICATORS) >= 40
        themes = Counter(str(theme) for spec in INDICATORS for theme in spec.themes)
        assert set(themes) == set(Theme.values)

    @pytest.mark.parametrize("spec", INDICATORS, ids=lambda s: s.code)
    def test_every_indicator_is_documented(self, spec):
        assert spec.source and spec.unit
        assert spec.definition_nl and spec.definition_en
        assert spec.name_nl and spec.name_en
        assert spec.themes and all(theme in Theme.values for theme in spec.themes)
        assert spec.polarity in (-1, 0, 1)
        if spec.kind == IndicatorKind.CALCULATED:
            assert spec.formula and all(code in CATALOGUE for code in spec.inputs)
        else:
            assert spec.source_columns, "a source indicator needs a column name"

    @pytest.mark.parametrize("spec", INDICATORS, ids=lambda s: s.code)
    def test_every_indicator_has_a_valid_range(self, spec):
        low, high = spec.valid_range
        assert low < high
        if spec.unit in ("count", "%", "per 1,000", "km", "ha"):
            assert low == 0, "counts, shares, rates and distances are never negative"
        if spec.unit == "%":
            assert high == 100

    def test_ranges_from_the_unit_and_per_indicator(self):
        assert CATALOGUE["population"].valid_range == (0, 1e9)
        assert CATALOGUE["share_65_plus"].valid_range == (0, 100)
        assert CATALOGUE["social_assistance_per_1000"].valid_range == (0, 1000)
        # An override: a shopping street has more crimes than inhabitants.
        assert CATALOGUE["crimes_per_1000"].valid_range == (0, 100_000)
        # A municipality's own indicator gets its unit's range; an unknown unit none.
        assert valid_range("survey_trust", "%") == (0, 100)
        assert valid_range("survey_trust", " % ") == (0, 100)
        assert valid_range("survey_grade", "grade") is None
        assert set(UNIT_RANGES) >= {spec.unit for spec in INDICATORS}


@pytest.mark.django_db
class TestSyncIndicators:
    def test_sync_writes_catalogue_and_is_idempotent(self):
        assert sync_indicators() == {"created": len(INDICATORS), "updated": 0}
        assert sync_indicators() == {"created": 0, "updated": 0}
        assert Indicator.objects.filter(in_registry=True).count() == len(INDICATORS)
        share = Indicator.objects.get(code="share_65_plus")
        assert share.base_indicator.code == "population"
        assert share.formula["numerator"] == "population_65_plus"

    def test_sync_repairs_an_edited_row(self):
        sync_indicators()
        Indicator.objects.filter(code="population").update(name_en="edited")
        assert sync_indicators()["updated"] == 1
        assert Indicator.objects.get(code="population").name_en == "Inhabitants"
