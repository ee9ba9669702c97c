"""Reusable filters of stories and signals. Filters over the ``areas`` M2M go through a
``pk__in`` subquery, so a story in two buurten of one wijk is never listed twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from wendbaar.areas.constants import AreaLevel

from .constants import Consent, StoryStatus


@dataclass(frozen=True)
class Period:
    """A year, or one quarter of it; parsed from ``2024`` or ``2024-Q2``."""

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> Period | None:
        value = (value or "").strip().upper()
        if not value:
            return None
        year_part, _sep, quarter_part = value.partition("-Q")
        try:
            year = int(year_part)
            quarter = int(quarter_part) if quarter_part else None
        except ValueError:
            return None
        if not 1900 <= year <= 2999 or (quarter is not None and not 1 <= quarter <= 4):
            return None
        return cls(year, quarter)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        if self.quarter is None or self.quarter == 4:
            return dt.date(self.year + 1, 1, 1)
        return dt.date(self.year, 3 * self.quarter + 1, 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)


def area_q(area, prefix: str) -> Q:
    """Objects in ``area`` or below it (a wijk includes its buurten)."""
    if area.level == AreaLevel.MUNICIPALITY:
        return Q(**{f"{prefix}__municipality_code": area.code})
    if area.level == AreaLevel.DISTRICT:
        return Q(**{prefix: area.pk}) | Q(**{f"{prefix}__parent": area.pk})
    return Q(**{prefix: area.pk})


def _json_list_contains(field: str, value: str) -> Q:
    # Portable (SQLite and PostgreSQL): match the quoted element in the JSON text.
    return Q(**{f"{field}__icontains": f'"{value}"'})


class StoryQuerySet(models.QuerySet):
    def published(self) -> StoryQuerySet:
        return self.filter(status=StoryStatus.PUBLISHED)

    def public(self) -> StoryQuerySet:
        return self.published().filter(consent=Consent.PUBLIC)

    def in_municipality(self, code: str) -> StoryQuerySet:
        return self.filter(municipality_code=code)

    def in_area(self, area) -> StoryQuerySet:
        inner = self.model.objects.filter(area_q(area, "areas")).values("pk")
        return self.filter(pk__in=inner)

    def with_theme(self, theme: str) -> StoryQuerySet:
        return self.filter(_json_list_contains("themes", theme))

    def with_indicator(self, code: str) -> StoryQuerySet:
        return self.filter(_json_list_contains("indicator_codes", code))

    def in_period(self, period: Period) -> StoryQuerySet:
        return self.filter(collected_on__gte=period.start, collected_on__lt=period.end)

    def search(self, term: str) -> StoryQuerySet:
        term = term.strip()
        if not term:
            return self
        return self.filter(
            Q(title__icontains=term) | Q(text__icontains=term) | Q(quote__icontains=term)
        )

    def expired(self, today: dt.date) -> StoryQuerySet:
        return self.filter(retention_until__lt=today)


class SignalQuerySet(models.QuerySet):
    def in_area(self, area) -> SignalQuerySet:
        return self.filter(area_q(area, "area"))

    def in_period(self, period: Period) -> SignalQuerySet:
        return self.filter(observed_on__gte=period.start, observed_on__lt=period.end)
