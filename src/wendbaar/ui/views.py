"""View helpers of the web kernel: the create/edit page every app repeats."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import run_service


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    service: Callable[..., Any],
    success_url: Any | Callable[[Any], Any],
    success_message: str | Callable[[Any], str],
    template: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Validate → service → message → redirect, or render the form (again, with errors).

    ``service`` is called with the form's ``cleaned_data`` as keyword arguments; bind the
    rest with ``functools.partial`` (``partial(services.add_goal, approach=a, by=user)``).
    ``success_url`` and ``success_message`` may be callables of the service's result (the
    new object's page, its name in the message); a URL is anything ``redirect`` accepts.
    A service that refuses (``ValidationError``) leaves its messages on the form.
    """
    if request.method == "POST" and form.is_valid():
        result = run_service(form, service, **form.cleaned_data)
        if result is not None:
            message = success_message(result) if callable(success_message) else success_message
            messages.success(request, message)
            url = success_url(result) if callable(success_url) else success_url
            return redirect(url)
    return render(request, template, {**(context or {}), "form": form})
