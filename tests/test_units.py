"""Units are shown in the reader's language, never as the catalogue's stored codes
("count", "persons", "per 1,000"): issue #11, item 7."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from wendbaar.monitor.pages.present import UNIT_LABELS
from wendbaar.monitor.registry import INDICATORS, UNIT_RANGES

# Units that read the same in every language.
SYMBOLS = {"%", "km", "ha", "kWh", "m³"}


def test_every_catalogue_unit_has_a_label():
    units = {spec.unit for spec in INDICATORS} | set(UNIT_RANGES)
    assert not units - set(UNIT_LABELS), "add a gettext label to present.UNIT_LABELS"


@pytest.mark.parametrize("unit", sorted(set(UNIT_LABELS) - SYMBOLS))
def test_every_word_unit_is_translatable(unit):
    label = UNIT_LABELS[unit]
    # A lazy translation (pgettext_lazy), so makemessages finds it and the page shows it
    # in the reader's language; not a plain str.
    assert not isinstance(label, str), unit


def test_the_filter_translates_catalogue_units_and_keeps_local_ones():
    template = Template(
        "{% load monitor_units %}{{ a|unit_label }}|{{ b|unit_label }}|{{ c|unit_label }}"
    )
    with translation.override("nl"):
        html = template.render(Context({"a": "per 1,000", "b": "bezoekers", "c": None}))
        expected = str(UNIT_LABELS["per 1,000"])
    assert html == f"{expected}|bezoekers|"
    with translation.override("en"):
        assert Template("{% load monitor_units %}{{ 'count'|unit_label }}").render(
            Context()
        ) == str(UNIT_LABELS["count"])


@pytest.mark.django_db
def test_a_goals_monitor_indicator_shows_its_unit_in_dutch(client):
    from wendbaar.agenda import services
    from wendbaar.agenda.models import GoalIndicator
    from wendbaar.agenda.tests.factories import make_approach, make_geo
    from wendbaar.core.actors import SYSTEM

    approach = make_approach(make_geo(), published=True)
    goal = services.add_goal(approach=approach, title="Veiliger", by=SYSTEM)
    indicator = GoalIndicator.objects.create(
        goal=goal, indicator_code="crimes_per_1000", name="Misdrijven", unit="per 1,000", order=1
    )
    html = client.get(
        f"/wijkaanpak/{approach.pk}/indicatoren/{indicator.pk}/", HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    with translation.override("nl"):
        expected = str(UNIT_LABELS["per 1,000"])
    assert f"· {expected}" in html and "· per 1,000" not in html
