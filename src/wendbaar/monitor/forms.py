"""Forms of the monitor pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.codes import CODE_PATTERN, normalise_code
from wendbaar.areas.models import Area
from wendbaar.ui.forms import NLDesignForm

from .pages.peers import MAX_COMPARED, MIN_COMPARED


class CompareForm(NLDesignForm, forms.Form):
    """Two to four areas by CBS code (buurt, wijk or gemeente)."""

    area1 = forms.CharField(label=_("First area"), max_length=10, required=False)
    area2 = forms.CharField(label=_("Second area"), max_length=10, required=False)
    area3 = forms.CharField(label=_("Third area (optional)"), max_length=10, required=False)
    area4 = forms.CharField(label=_("Fourth area (optional)"), max_length=10, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Codes are not words: no autocomplete of earlier entries, no spelling check.
            field.widget.attrs["class"] += " area-code-input"
            field.widget.attrs.update(
                {"autocomplete": "off", "spellcheck": "false", "placeholder": "BU03440342"}
            )

    def clean(self):
        cleaned = super().clean()
        codes: list[str] = []
        for name in ("area1", "area2", "area3", "area4"):
            code = normalise_code(cleaned.get(name, ""))
            if not code:
                continue
            if not CODE_PATTERN.match(code):
                self.add_error(name, _("“%(code)s” is not a CBS code.") % {"code": code})
            elif code not in codes:
                codes.append(code)
        if self.errors:
            return cleaned
        known = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown area code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        if not MIN_COMPARED <= len(codes) <= MAX_COMPARED:
            raise forms.ValidationError(_("Choose two to four different areas."))
        cleaned["codes"] = codes
        return cleaned
