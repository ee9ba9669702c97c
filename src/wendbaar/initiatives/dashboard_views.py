"""The initiatives dashboard (being written)."""

from django.http import Http404

from wendbaar.accounts.access import public


@public
def dashboard(request, *args, **kwargs):
    raise Http404


@public
def dashboard_csv(request, *args, **kwargs):
    raise Http404


@public
def rule_conflicts(request, *args, **kwargs):
    raise Http404
