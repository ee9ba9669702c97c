from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from ..models import Area
from .serializers import AreaSerializer


@extend_schema(summary="One area (gemeente, wijk or buurt) with its parent and children")
class AreaDetail(generics.RetrieveAPIView):
    """CBS geography is open data: anyone may read it."""

    permission_classes = [AllowAny]
    serializer_class = AreaSerializer

    def get_object(self) -> Area:
        return get_object_or_404(
            Area.objects.select_related("parent").defer("geometry", "schematic_path"),
            code=self.kwargs["code"].strip().upper(),
        )
