"""``{{ mapping|item:key }}``: a dictionary lookup with a variable key, absent → None."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def item(mapping: Any, key: Any) -> Any:
    if not mapping:
        return None
    return mapping.get(key)
