"""Gemeente, wijk and buurt as CBS defines them.

An area is identified by its CBS code: CBS issues a new code when a re-division changes an
area, so a code means one territory. ``first_year`` / ``last_year`` record the divisions
(indelingen) in which the code was seen; see docs/adr/0003-area-identity.md.
"""

from __future__ import annotations

from django.conf import settings
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


class AliasKind(models.TextChoices):
    """Where an alias comes from."""

    OFFICIAL = "official", _("Official name")  # a name the gemeente itself uses officially
    COMMON = "common", _("Common name")  # what people call it ("Den Haag", "Schilderswijk")
    LOCAL = "local", _("Local name")  # added by the gemeente in Wendbaar


class AreaAlias(models.Model):
    """Another name by which an area is found: "Den Haag" for GM0518 's-Gravenhage.

    Shipped aliases are loaded with the demo or ``import_areas aliases`` (``added_by``
    empty, ``source`` names the file); a gemeente adds its own on the aliases page.
    """

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=AliasKind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "area__code"]
        verbose_name = _("area alias")
        verbose_name_plural = _("area aliases")
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="areas_alias_unique_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.area.code}"


class AreaPostcode(models.Model):
    """A four-digit postcode (PC4) that lies in a buurt.

    From the KWB column "meest voorkomende postcode" (``MeestVoorkomendePostcode_*`` /
    ``pst_mvp``): the most common PC4 of the buurt's addresses, so each buurt has one and a
    PC4 may have several buurten.
    """

    postcode = models.CharField(_("postcode (PC4)"), max_length=4, db_index=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="postcodes"
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["postcode", "area__code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "area"], name="areas_postcode_unique_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode} → {self.area.code}"


class SearchVersion(models.Model):
    """One row whose token changes whenever areas, aliases or postcodes change, so every
    process rebuilds its in-memory search index (``selectors.search_index``)."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search index version")

    def __str__(self) -> str:
        return self.token
