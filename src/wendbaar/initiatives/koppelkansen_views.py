"""Koppelkansen of an initiative (being written)."""

from django.http import Http404

from wendbaar.accounts.access import public


@public
def koppelkansen(request, *args, **kwargs):
    raise Http404
