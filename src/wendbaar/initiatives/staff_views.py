"""Staff pages of initiatives (being written)."""

from django.http import Http404

from wendbaar.accounts.access import public


@public
def my_list(request, *args, **kwargs):
    raise Http404


@public
def initiative_list(request, *args, **kwargs):
    raise Http404


@public
def initiative_create(request, *args, **kwargs):
    raise Http404


@public
def initiative_detail(request, *args, **kwargs):
    raise Http404


@public
def contact(request, *args, **kwargs):
    raise Http404


@public
def assign_owner(request, *args, **kwargs):
    raise Http404


@public
def message(request, *args, **kwargs):
    raise Http404


@public
def change_status(request, *args, **kwargs):
    raise Http404


@public
def handover(request, *args, **kwargs):
    raise Http404


@public
def handover_answer(request, *args, **kwargs):
    raise Http404


@public
def support(request, *args, **kwargs):
    raise Http404


@public
def rule_conflict(request, *args, **kwargs):
    raise Http404


@public
def note(request, *args, **kwargs):
    raise Http404
