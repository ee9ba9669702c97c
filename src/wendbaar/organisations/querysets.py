from __future__ import annotations

from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def in_municipality(self, code: str) -> OrganisationQuerySet:
        return self.filter(municipality__code=code)

    def of_user(self, user) -> OrganisationQuerySet:
        """Organisations for which ``user`` is a linked contact person."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(contacts__user=user).distinct()
