from rest_framework import serializers

from ..models import Area


class AreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name", "level"]


class AreaSerializer(serializers.ModelSerializer):
    parent = AreaRefSerializer(read_only=True, allow_null=True)  # a gemeente has none
    children = serializers.SerializerMethodField()
    has_geometry = serializers.SerializerMethodField()

    class Meta:
        model = Area
        fields = [
            "code",
            "name",
            "level",
            "municipality_code",
            "province",
            "first_year",
            "last_year",
            "source",
            "parent",
            "children",
            "has_geometry",
            "geometry_source",
        ]

    def get_children(self, area: Area) -> list[dict]:
        children = area.children.order_by("code").only("code", "name", "level")
        return AreaRefSerializer(children, many=True).data

    def get_has_geometry(self, area: Area) -> bool:
        return area.geometry is not None
