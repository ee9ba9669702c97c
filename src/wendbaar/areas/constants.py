from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """The CBS geography: gemeente > wijk > buurt."""

    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


# CBS code prefix per level. Buurt codes carry letters since 2023 (BU0363AD03).
CODE_PREFIX = {
    AreaLevel.MUNICIPALITY: "GM",
    AreaLevel.DISTRICT: "WK",
    AreaLevel.NEIGHBOURHOOD: "BU",
}
LEVEL_BY_PREFIX = {prefix: level for level, prefix in CODE_PREFIX.items()}
