from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


class MembershipQuerySet(models.QuerySet):
    def on(self, day: dt.date) -> MembershipQuerySet:
        """Memberships that held on ``day``: joined on or before it and not yet left.

        ``left_on`` is the first day the organisation is no longer a member.
        """
        return self.filter(Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day)))

    def current(self) -> MembershipQuerySet:
        return self.filter(left_on__isnull=True)

    def for_approach(self, approach_id: int) -> MembershipQuerySet:
        return self.filter(approach_id=approach_id)
