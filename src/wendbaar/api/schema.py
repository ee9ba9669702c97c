"""Post-processing of the generated OpenAPI description (``SPECTACULAR_SETTINGS``).

DRF answers a body in a media type none of the view's parsers reads with 415, before any
permission or validation runs; drf-spectacular leaves that out, so an API client reading
the description would not expect it.
"""

from __future__ import annotations

from typing import Any

UNSUPPORTED_MEDIA_TYPE = {
    "description": (
        "The body's Content-Type is not one of the media types listed for the request "
        "(application/json, form-urlencoded or multipart)."
    )
}


def document_unsupported_media_type(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault("415", UNSUPPORTED_MEDIA_TYPE)
    return result
