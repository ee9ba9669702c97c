"""Output serializers of the monitor's read API (no writes)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
