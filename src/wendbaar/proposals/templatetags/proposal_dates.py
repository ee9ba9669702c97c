"""``{% load proposal_dates %}``: a promised date read against today."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from wendbaar.proposals.selectors import is_overdue

register = template.Library()


@register.filter
def overdue(proposal: Any) -> bool:
    return is_overdue(proposal, timezone.localdate())
