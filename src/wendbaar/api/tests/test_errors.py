"""The one API error format: through a tiny DRF view, with the handler from settings."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView


class Raises(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    error: Exception | None = None

    def post(self, request):
        raise self.error


def call(error: Exception):
    view = Raises.as_view(error=error)
    return view(APIRequestFactory().post("/x", {}, format="json"))


def test_the_handler_is_configured():
    assert settings.REST_FRAMEWORK["EXCEPTION_HANDLER"] == "wendbaar.api.errors.exception_handler"


def test_service_validation_error_is_400_by_field():
    response = call(ValidationError({"status": ["Not from planned to completed."]}))
    assert response.status_code == 400
    assert response.data == {"status": ["Not from planned to completed."]}


def test_validation_error_without_field_is_a_non_field_error():
    response = call(ValidationError("Refused."))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Refused."]}


@pytest.mark.parametrize(("error", "code"), [(PermissionDenied(), 403), (Http404(), 404)])
def test_permission_denied_and_not_found(error, code):
    assert call(error).status_code == code
