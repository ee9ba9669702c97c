"""Output serializers of the monitor's read API (no writes)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wendbaar.areas.constants import AreaLevel

from ..constants import CALCULATED_SOURCE_TABLE, Derivation, ObservationStatus, Polarity
from ..models import Indicator, Observation
from ..registry import KWB_TABLES

# Which entry of ``Indicator.source_columns`` names the column of a figure from a table.
COLUMN_KEYS_BY_TABLE = {
    "47022NED": ("police",),
    "50150NED": ("rivm",),
    "leefbaarometer-3.0": ("lbm",),
}
KWB_COLUMN_KEYS = ("kwb", "odata", "wbk")


def source_column(indicator: Indicator, table: str, year: int) -> str | None:
    """The column a figure was read from, as the catalogue names it.

    A column named for the year wins (CBS renamed some variables); calculated figures
    have none (see the indicator's formula); for the Kerncijfers tables the CBS short code
    (``a_inw``) is given, which is stable across years, unlike the OData key's suffix.
    """
    columns = indicator.source_columns or {}
    if str(year) in columns:
        return columns[str(year)]
    if table == CALCULATED_SOURCE_TABLE:
        return None
    if table.startswith("nabijheid"):
        keys: tuple[str, ...] = ("label", "wbk")
    elif table in COLUMN_KEYS_BY_TABLE:
        keys = COLUMN_KEYS_BY_TABLE[table]
    elif table in KWB_TABLES.values() or table.startswith("kwb"):
        keys = KWB_COLUMN_KEYS
    else:
        keys = (table, *KWB_COLUMN_KEYS)
    for key in keys:
        if columns.get(key):
            return columns[key]
    return next(iter(columns.values()), None)


class ObservationSourceSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Publisher and title of the source.")
    table = serializers.CharField(
        help_text='Source table id, e.g. "85984NED" (CBS StatLine), or "calculated".'
    )
    column = serializers.CharField(
        allow_null=True, help_text="Column in the source table (null for calculated figures)."
    )
    year = serializers.IntegerField(help_text="The year the figure describes.")
    derivation = serializers.ChoiceField(
        choices=[d.value for d in Derivation if d.value],
        allow_null=True,
        help_text=(
            'How the figure was derived where the source publishes none: "sum_of_neighbourhoods" '
            "(a wijk's count as the sum of its buurten, when every buurt has a value); null "
            "for a figure as the source published it (a calculated one: see its formula)."
        ),
    )


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = ["indicator", "period", "value", "status", "source"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_value(self, observation: Observation) -> float | None:
        """Null unless the status is "value": a secret or suppressed figure is never 0."""
        if observation.status != ObservationStatus.VALUE:
            return None
        return observation.value

    @extend_schema_field(ObservationSourceSerializer)
    def get_source(self, observation: Observation) -> dict:
        indicator = observation.indicator
        table = observation.source_table or indicator.source_table
        return {
            "name": indicator.source,
            "table": table,
            "column": source_column(indicator, table, observation.period),
            "year": observation.period,
            "derivation": observation.derivation or None,
        }


class IndicatorSourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    table = serializers.CharField(help_text='Source table id, or "calculated".')
    columns = serializers.DictField(
        child=serializers.CharField(),
        help_text=(
            "Column per source format or year: kwb (CBS short code), odata (StatLine key "
            "without its yearly suffix), wbk (Wijk- en Buurtkaart field), label, police, "
            "rivm, lbm, or a year."
        ),
    )


class IndicatorSerializer(serializers.ModelSerializer):
    polarity = serializers.ChoiceField(
        choices=Polarity.choices,
        help_text="1: higher is better; -1: higher is worse; 0: neutral.",
    )
    themes = serializers.ListField(child=serializers.CharField())
    formula = serializers.JSONField(
        allow_null=True,
        help_text='Calculated indicators: {"op": "ratio", "numerator", "denominator", "scale"}.',
    )
    source = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_nl",
            "name_en",
            "definition_nl",
            "definition_en",
            "unit",
            "decimals",
            "themes",
            "polarity",
            "kind",
            "formula",
            "sensitive",
            "source",
        ]

    @extend_schema_field(IndicatorSourceSerializer)
    def get_source(self, indicator: Indicator) -> dict:
        return {
            "name": indicator.source,
            "table": indicator.source_table,
            "columns": indicator.source_columns or {},
        }


class PeriodQuerySerializer(serializers.Serializer):
    """The query string of the observations list."""

    period = serializers.IntegerField(min_value=1900, max_value=5995, required=False)


# --- the urgency ranking of a gemeente ------------------------------------------------

RANKING_LEVELS = (AreaLevel.DISTRICT.value, AreaLevel.NEIGHBOURHOOD.value)


class RankingQuerySerializer(serializers.Serializer):
    """The query string of the ranking."""

    level = serializers.ChoiceField(choices=RANKING_LEVELS, default="district")


class FiniteFloatField(serializers.FloatField):
    """A float, or null where the analysis has none (NaN is not JSON)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None or value != value:  # NaN is the one value unequal to itself
            return None
        return float(value)


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class RankingReasonSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The reason as the gemeente page words it.")
    theme = serializers.CharField(
        allow_null=True,
        help_text="Theme code: the theme, or the one where the indicator weighs most.",
    )
    indicator = serializers.CharField(
        allow_null=True, help_text="Indicator code (null for a theme reason)."
    )
    rule = serializers.CharField(
        allow_null=True,
        help_text=(
            'The signal of a warning or lever: "entered_weakest_fifth", "worse_than_peers", '
            '"left_weakest_fifth", "better_than_peers"; null otherwise.'
        ),
    )
    position = FiniteFloatField(help_text="Position 0 (weakest) to 100 (strongest).")
    deficit = FiniteFloatField(help_text="100 - position: 50 is the national middle.")
    weight = FiniteFloatField(
        help_text=(
            "An indicator's weight in its theme; a theme's total weight of the outcomes "
            "with a figure; null for warnings and levers."
        )
    )
    period = serializers.IntegerField(
        allow_null=True,
        help_text="An indicator reason: the period of its figure (null for other kinds).",
    )
    value = FiniteFloatField(
        source="value.value",
        default=None,
        help_text="An indicator reason: the area's figure (null when absent or another kind).",
    )
    municipality_value = FiniteFloatField(
        source="municipality_value.value",
        default=None,
        help_text="An indicator reason: the gemeente's figure of the same period.",
    )
    url = serializers.SerializerMethodField()

    def get_url(self, reason) -> str | None:
        """The indicator's page (null for a theme)."""
        return _absolute(self, reason.url) if reason.url else None


class ThemePositionSerializer(serializers.Serializer):
    theme = serializers.CharField(help_text="Theme code.")
    label = serializers.CharField()
    position = FiniteFloatField(help_text="Position 0 (weakest) to 100 (strongest).")
    n_indicators = serializers.IntegerField(help_text="Outcomes with a figure in the score.")
    n_theme_indicators = serializers.IntegerField(help_text="Outcomes the theme has.")


class RankedAreaSerializer(serializers.Serializer):
    rank = serializers.IntegerField(source="row.rank", help_text="1 is the most urgent.")
    code = serializers.CharField(source="row.area.code")
    name = serializers.CharField(source="row.area.name")
    url = serializers.SerializerMethodField()
    score = FiniteFloatField(
        source="row.score",
        allow_null=False,
        help_text="mean_deficit + warning_points x n_warnings.",
    )
    mean_deficit = FiniteFloatField(
        source="row.mean_deficit",
        allow_null=False,
        help_text="Mean over themes of 100 - theme position.",
    )
    n_themes = serializers.IntegerField(source="row.n_themes")
    n_warnings = serializers.IntegerField(source="row.n_warnings")
    n_levers = serializers.IntegerField(source="row.n_levers")
    warning_points = FiniteFloatField(
        source="row.warning_points", allow_null=False, help_text="Points per warning."
    )
    themes = ThemePositionSerializer(many=True, help_text="Theme positions in the period.")
    reasons = serializers.DictField(
        source="row.reasons",
        child=serializers.ListField(child=RankingReasonSerializer()),
        help_text=(
            'Reasons by kind, in the analysis\'s order: "theme" (the weakest themes), '
            '"indicator" (weak outcomes that weigh most), "warning" (early warnings), '
            '"lever" (upward signals); other kinds may be added. An indicator the reader '
            "may not see (sensitive) is never named."
        ),
    )

    def get_url(self, ranked) -> str:
        """The area's page."""
        return _absolute(self, ranked.row.area.url)


class NotJudgedSerializer(serializers.Serializer):
    code = serializers.CharField(source="area.code")
    name = serializers.CharField(source="area.name")
    reason = serializers.CharField(
        allow_null=True,
        help_text=(
            'Why the area gets no rank, e.g. "too_few_inhabitants", "too_few_households", '
            '"mostly_non_residential", "no_population_figure".'
        ),
    )


class RankingMunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RankingSerializer(serializers.Serializer):
    municipality = RankingMunicipalitySerializer()
    # Not a ChoiceField: its enum would collide with the areas' "level" (three levels).
    level = serializers.CharField(help_text='"district" or "neighbourhood".')
    period = serializers.IntegerField(
        allow_null=True, help_text="The year of the ranking (null before the first analysis)."
    )
    data_version = serializers.IntegerField(help_text="The data version the ranking is from.")
    pending_data_version = serializers.IntegerField(
        allow_null=True, help_text="A newer data version still being computed, else null."
    )
    computed_at = serializers.CharField(help_text="When the analysis was computed (ISO 8601).")
    areas = RankedAreaSerializer(many=True, help_text="Most urgent first, as the page lists them.")
    not_judged = NotJudgedSerializer(
        many=True, help_text="Areas of the level the analysis leaves out, with the reason."
    )
