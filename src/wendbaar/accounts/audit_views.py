"""The audit-log page for the beheerder (``/account/auditlog/``): their gemeente's part of
the log, filtered by kind and date, paginated, with whether the whole chain verifies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from wendbaar.core.selectors import audit_chain_report
from wendbaar.ui.forms import NLDesignForm

from .access import permission
from .audit_log import audit_actions_for, audit_events_for
from .constants import MANAGE_USERS

PAGE_SIZE = 50


class AuditLogFilter(NLDesignForm, forms.Form):
    action = forms.ChoiceField(label=_("Kind of event"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All kinds")), *((a, a) for a in actions)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("Choose a date on or after the first date."))
        return data


@permission(MANAGE_USERS)
def audit_log(request):
    form = AuditLogFilter(request.GET or None, actions=audit_actions_for(request.user))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events_for(request.user, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "chain": audit_chain_report(), "query": query.urlencode()},
    )
