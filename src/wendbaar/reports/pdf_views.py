"""The report as a PDF (``pdf.render_pdf``): for the same readers as the web page, a
draft to its writers alone, an adopted report of a published wijkaanpak to anyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from wendbaar.accounts.access import public
from wendbaar.approaches.permissions import get_approach_for_user

from . import selectors
from .layout import file_name
from .pdf import render_pdf
from .permissions import get_report_for_user


@public
@require_safe
def report_pdf(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    r = get_report_for_user(request.user, approach, report)
    response = HttpResponse(render_pdf(r, selectors.content_of(r)), content_type="application/pdf")
    name = file_name(r.title, r.version, ".pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
