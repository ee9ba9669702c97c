"""A gemeente's own names for its areas (aliases): the form and the write services.

An alias makes an area findable by another name (``areas.AreaAlias``; the search is in
``areas/matching.py``). Who keeps a gemeente's aliases: whoever edits its district
programme (``accounts.edit_programme``: programmabureau, wijkmanager), for the areas in
their scope — a wijkmanager of one wijk for that wijk and its buurten.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.accounts.constants import EDIT_PROGRAMME
from wendbaar.accounts.policies import areas_for, may, require
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.matching import name_key
from wendbaar.areas.models import AliasKind, Area, AreaAlias
from wendbaar.core.actors import acting_user
from wendbaar.core.services import record_audit_event
from wendbaar.ui.forms import NLDesignForm

# The permission that keeps a gemeente's aliases.
KEEP_ALIASES = EDIT_PROGRAMME
MAX_LENGTH = 200


def areas_to_name(user: Any, municipality: Area):
    """The areas of ``municipality`` that ``user`` may give an alias: gemeente, wijken,
    buurten, each level by name."""
    level_order = Case(
        When(level=AreaLevel.MUNICIPALITY, then=Value(0)),
        When(level=AreaLevel.DISTRICT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        areas_for(user, KEEP_ALIASES)
        .filter(municipality_code=municipality.code, last_year__gte=municipality.last_year)
        .only("id", "code", "name", "level")
        .order_by(level_order, "name", "code")
    )


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.level_label}, {obj.code})"


class AliasForm(NLDesignForm, forms.Form):
    area = AreaChoiceField(label=gettext_lazy("Area"), queryset=Area.objects.none())
    name = forms.CharField(
        label=gettext_lazy("Other name"),
        max_length=MAX_LENGTH,
        help_text=gettext_lazy("The name people use, for example “Schilderswijk”."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of name"), choices=AliasKind.choices, initial=AliasKind.LOCAL
    )

    def __init__(self, *args: Any, areas, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


def add_alias(*, area: Area, name: str, kind: str, by: Any) -> AreaAlias:
    """Give ``area`` another name it can be found by."""
    require(may(by, KEEP_ALIASES, area))
    name = " ".join((name or "").split())
    if not name_key(name):
        raise ValidationError({"name": _("Enter a name with at least one letter or digit.")})
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            {"name": _("A name has at most %(max)s characters.") % {"max": MAX_LENGTH}}
        )
    if kind not in AliasKind.values:
        raise ValidationError({"kind": _("Choose official, common or local.")})
    if name_key(name) == name_key(area.name):
        raise ValidationError({"name": _("This is already the area's own name.")})
    taken = {name_key(n) for n in area.aliases.values_list("name", flat=True)}
    if name_key(name) in taken:
        raise ValidationError({"name": _("The area already has this name.")})
    alias = AreaAlias.objects.create(
        area=area, name=name, kind=kind, added_by=acting_user(by), source=""
    )
    record_audit_event(
        actor=by, action="area_alias_added", obj=alias, area=area.code, name=name, kind=kind
    )
    return alias


def remove_alias(*, alias: AreaAlias, by: Any) -> None:
    """Remove an alias (shipped ones return with the next import of their file)."""
    require(may(by, KEEP_ALIASES, alias.area))
    record_audit_event(
        actor=by,
        action="area_alias_removed",
        obj=alias,
        area=alias.area.code,
        name=alias.name,
        kind=alias.kind,
    )
    alias.delete()  # the search index renews itself (areas/index.py signals)
