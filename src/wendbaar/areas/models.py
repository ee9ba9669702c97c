"""Gemeente, wijk and buurt as CBS defines them.

An area is identified by its CBS code: CBS issues a new code when a re-division changes an
area, so a code means one territory. ``first_year`` / ``last_year`` record the divisions
(indelingen) in which the code was seen; see docs/adr/0003-area-identity.md.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constants import AreaLevel
from .querysets import AreaQuerySet


class Area(models.Model):
    code = models.CharField(_("CBS code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised gemeente code: scope checks and per-gemeente lists filter on it.
    municipality_code = models.CharField(_("municipality code"), max_length=6, db_index=True)
    province = models.CharField(_("province"), max_length=60, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first division year"))
    last_year = models.PositiveSmallIntegerField(_("last division year"))
    source = models.CharField(_("source of the region list"), max_length=200, blank=True)

    # Geometry in RD New (EPSG:28992, metres), simplified for display; GeoJSON shape.
    geometry = models.JSONField(_("geometry (RD New)"), null=True, blank=True)
    geometry_source = models.CharField(_("source of the geometry"), max_length=200, blank=True)
    # Schematic buurt shape (not georeferenced) in its gemeente's viewBox, when no
    # polygon is known; the gemeente row carries the viewBox.
    schematic_path = models.TextField(_("schematic shape (SVG path)"), blank=True)
    schematic_viewbox = models.CharField(_("schematic viewBox"), max_length=40, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["municipality_code", "level"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("pages:area", kwargs={"code": self.code})

    @property
    def level_label(self) -> str:
        return AreaLevel(self.level).label
