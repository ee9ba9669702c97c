from __future__ import annotations

from django.db import models


class ApproachQuerySet(models.QuerySet):
    def published(self) -> ApproachQuerySet:
        return self.filter(is_published=True)

    def in_municipality(self, code: str) -> ApproachQuerySet:
        return self.filter(municipality__code=code)
