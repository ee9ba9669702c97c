"""``{% load report_links %}``: the wijkaanpak's reports on pages of other apps (the
wijkaanpak page), so those apps' views pass nothing and import nothing of ``reports``."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_of(context: template.Context, approach: Any) -> dict[str, Any]:
    """The reports of ``approach`` the reader may see (adopted ones for readers and the
    public of a published wijkaanpak, drafts too for their writers), and whether the
    reader may start one. Two queries."""
    from wendbaar.reports.permissions import may_compose_in
    from wendbaar.reports.selectors import visible_reports

    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "reports": list(visible_reports(user, approach)),
        "may_compose": user.is_authenticated and may_compose_in(user, approach),
    }
