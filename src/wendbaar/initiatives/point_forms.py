"""The optional point on the map, as a form field the public and the staff entry forms
share. Two hidden inputs (``point_x``, ``point_y``) that ``ui/js/point-picker.js`` fills
from the area's map; without JavaScript they stay empty and "where exactly" says where.
The service checks that the point lies in the area."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.models import Area

from . import point_text
from .point import PointError, parse_point
from .point_map import PointPicker, picker

#: Where the area select puts the picker (``initiatives/_point_slot.html``).
SLOT_ID = "point-picker-slot"


class PointWidget(forms.MultiWidget):
    """``point_x`` and ``point_y``. Not "hidden" to the form, so an error on the point is
    listed in the error summary, linked to the picker (``id_point``)."""

    is_hidden = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"x": forms.HiddenInput, "y": forms.HiddenInput}, attrs)

    def decompress(self, value: Any) -> list[Any]:
        return list(value) if value else ["", ""]

    def id_for_label(self, id_: str) -> str:
        return id_


class PointField(forms.MultiValueField):
    """(x, y) in RD New metres, or None. Only the numbers are checked here."""

    widget = PointWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("A point on the map (optional)"))
        super().__init__(
            fields=(forms.CharField(required=False), forms.CharField(required=False)),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> tuple[float, float] | None:
        x, y = [*data_list, "", ""][:2]
        try:
            where = parse_point(x, y)
        except PointError as error:
            raise ValidationError(point_text.message(error, ""), code=error.code) from None
        return (where.x, where.y) if where else None


class PointPickerMixin:
    """For a form with an ``area`` select and a ``point`` field: the select fetches the
    area's map (htmx) into the slot, and :attr:`point_picker` draws it again when the
    form comes back with what was typed."""

    def setup_point_picker(self, municipality: Area) -> None:
        self.point_municipality = municipality
        self.fields["area"].widget.attrs.update(  # type: ignore[attr-defined]
            {
                "hx-get": reverse("initiatives:point_picker", args=[municipality.code]),
                "hx-target": f"#{SLOT_ID}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    @property
    def point_picker(self) -> PointPicker | None:
        municipality = getattr(self, "point_municipality", None)
        if municipality is None or not self.is_bound:  # type: ignore[attr-defined]
            return None
        bound = self["point"]  # type: ignore[index]
        x, y = [*(bound.value() or []), "", ""][:2]
        chosen = (self.data.get(self.add_prefix("area")) or "").strip()  # type: ignore[attr-defined]
        errors = list(bound.errors)
        if not (chosen or str(x or "").strip() or str(y or "").strip() or errors):
            return None  # nothing chosen yet: the select fetches the map when it changes
        area = getattr(self, "cleaned_data", {}).get("area") or (None if chosen else municipality)
        if area is None:
            return None  # an area that is not on the list: its own error says so
        return picker(area, x=x, y=y, errors=errors)
