"""Public pages of initiatives (being written)."""

from django.http import Http404

from wendbaar.accounts.access import public


@public
def submit(request, *args, **kwargs):
    raise Http404


@public
def submit_thanks(request, *args, **kwargs):
    raise Http404


@public
def status(request, *args, **kwargs):
    raise Http404


@public
def reply(request, *args, **kwargs):
    raise Http404
