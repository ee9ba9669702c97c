"""Ids above 999 stay valid HTML ids and htmx targets (no thousands separator)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation


def test_integers_in_templates_are_not_grouped():
    template = Template('<li id="checklist-item-{{ pk }}">{{ amount|floatformat:"0g" }}</li>')
    with translation.override("nl"):
        html = template.render(Context({"pk": 1542, "amount": 58000}))
    assert html == '<li id="checklist-item-1542">58.000</li>'
