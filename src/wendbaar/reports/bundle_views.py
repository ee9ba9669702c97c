"""A report's open-data bundle as a download: the same access as the report's page (a
draft is its writers' alone; an adopted report of a published wijkaanpak is anyone's)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from wendbaar.accounts.access import public
from wendbaar.approaches.permissions import get_approach_for_user

from . import selectors
from .bundle import bundle
from .layout import file_name
from .permissions import get_report_for_user
from .report_views import detail_url


@public
@require_safe
def report_bundle(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    r = get_report_for_user(request.user, approach, report)
    # The site's language, the one the report is frozen in: one bundle for every reader.
    with translation.override(settings.LANGUAGE_CODE):
        body = bundle(
            selectors.content_of(r),
            report_url=request.build_absolute_uri(detail_url(r)),
            status=r.status,
            adopted_on=r.adopted_on.isoformat() if r.adopted_on else None,
        )
    response = HttpResponse(body, content_type="application/zip")
    filename = file_name(r.title, r.version, "-open-data.zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
