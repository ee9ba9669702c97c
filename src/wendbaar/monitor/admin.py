from django.contrib import admin

from .models import ImportRun, Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "name_en", "unit", "kind", "polarity", "source_table"]
    list_filter = ["kind", "sensitive", "in_registry", "aggregation"]
    search_fields = ["code", "name_nl", "name_en"]
    raw_id_fields = ["base_indicator", "aggregation_weight"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "region_code",
        "period",
        "value",
        "status",
        "source_table",
        "derivation",
    ]
    list_filter = ["status", "derivation", "period", "indicator"]
    search_fields = ["region_code"]
    raw_id_fields = ["indicator", "area", "import_run"]
    list_select_related = ["indicator"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Read-only: import runs are an append-only log."""

    list_display = [
        "id",
        "started_at",
        "source_kind",
        "file_name",
        "status",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "data_version",
    ]
    list_filter = ["source_kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
