"""``{% visible_contact project.owner_contact as owner %}``: a contact person only for
readers who may see it (``coalition.selectors.visible_contact``, the policy's rule), so a
template never decides about personal data with its own if/else."""

from __future__ import annotations

from typing import Any

from django import template

from wendbaar.coalition.selectors import visible_contact as _visible_contact

register = template.Library()


@register.simple_tag(takes_context=True)
def visible_contact(context: template.Context, contact: Any) -> Any:
    request = context.get("request")
    return _visible_contact(getattr(request, "user", None), contact)
