"""``{% load proposal_links %}``: links into the proposal pages from pages of other apps,
so those apps' views pass nothing and import nothing of ``proposals``."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open_proposals(context: template.Context, approach: Any) -> bool:
    """Whether the signed-in user may open the wijkaanpak's list of proposals (submit
    there, see proposals there by role, or see one of them)."""
    from wendbaar.proposals.proposal_views import may_open_list

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return may_open_list(user, approach)
