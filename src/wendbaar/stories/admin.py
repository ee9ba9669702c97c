"""Admin for superusers: stories and signals only. Contact details (Contributor) are left
out on purpose: they are viewed, exported and erased through the audited pages."""

from django.contrib import admin

from .models import Signal, Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality_code", "status", "consent", "collected_on"]
    list_filter = ["status", "consent", "author_kind", "collection_method"]
    search_fields = ["title", "municipality_code"]
    readonly_fields = ["contributor", "created_by", "moderated_by", "created_at", "text"]
    filter_horizontal = ["areas"]


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    list_display = ["sentence", "area", "theme", "direction", "observed_on"]
    list_filter = ["theme", "direction"]
    readonly_fields = ["created_by", "created_at"]
    raw_id_fields = ["area"]
