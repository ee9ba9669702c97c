"""The API's one error format (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``).

Views call services directly; a service's Django ``ValidationError`` becomes a 400 with
its messages by field (``{"field": ["…"], "non_field_errors": ["…"]}``, DRF's own shape
for serializer errors). Django's ``PermissionDenied`` (403) and ``Http404`` (404), which
the ``get_*_for_user`` fetchers raise, DRF's default handler already maps.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    return drf_exception_handler(exc, context)
