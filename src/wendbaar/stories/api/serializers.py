"""Output serializers of the stories API (read-only; writes go through services)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Signal, Story


class StorySerializer(serializers.ModelSerializer):
    text_html = serializers.CharField(
        source="text", help_text="Sanitised HTML (p, br, strong, em, ul, ol, li, blockquote, a)."
    )
    text = serializers.CharField(source="excerpt", help_text="The story as plain text.")
    areas = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = [
            "id",
            "title",
            "text",
            "text_html",
            "quote",
            "author_kind",
            "areas",
            "themes",
            "indicator_codes",
            "collected_on",
            "collection_method",
            "consent",
            "photo_url",
            "photo_alt",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_areas(self, story: Story) -> list[str]:
        return sorted(area.code for area in story.areas.all())

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo_url(self, story: Story) -> str | None:
        if not story.photo:
            return None
        return self._absolute(reverse("stories:photo", args=[story.pk]))

    def get_url(self, story: Story) -> str:
        return self._absolute(story.get_absolute_url())


class SignalSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")

    class Meta:
        model = Signal
        fields = ["id", "area", "theme", "direction", "sentence", "observed_on"]
