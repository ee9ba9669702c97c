"""The words for ``point.py``'s refusals (that module is pure; this one translates)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .point import PointError


def message(error: PointError, area_name: str) -> str:
    """What the person who placed the point reads, naming the area."""
    names = {"area": area_name}
    if error.code == "outside":
        return (
            _("The point is not in %(area)s. Choose a point inside the area, or leave it empty.")
            % names
        )
    if error.code == "no_geometry":
        return (
            _(
                "There is no map of %(area)s, so it cannot take a point. Say where in "
                "“Where exactly”, or leave the point empty."
            )
            % names
        )
    if error.code == "incomplete":
        return _("The point needs both numbers (x and y), or neither.")
    # not_a_number, not_finite: only a hand-made request gets here; the map sends numbers.
    return _("The point must be two numbers in metres (RD New).")
