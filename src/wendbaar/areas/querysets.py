from __future__ import annotations

from django.db import models

from .constants import AreaLevel


class AreaQuerySet(models.QuerySet):
    def municipalities(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.MUNICIPALITY)

    def districts(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.DISTRICT)

    def neighbourhoods(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.NEIGHBOURHOOD)

    def in_municipality(self, code: str) -> AreaQuerySet:
        return self.filter(municipality_code=code)
