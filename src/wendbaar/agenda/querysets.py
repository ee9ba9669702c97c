from __future__ import annotations

from django.db import models


class ProjectQuerySet(models.QuerySet):
    def active(self) -> ProjectQuerySet:
        """Projects that count in roll-ups: everything but stopped ones."""
        return self.exclude(status="stopped")

    def owned_by(self, organisation_ids) -> ProjectQuerySet:
        return self.filter(owner_organisation_id__in=organisation_ids)


class FundingQuerySet(models.QuerySet):
    def total(self):
        from decimal import Decimal

        return self.aggregate(t=models.Sum("amount"))["t"] or Decimal("0")
