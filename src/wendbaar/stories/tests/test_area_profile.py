"""The stories beside the figures: the area page shows published public stories only."""

from __future__ import annotations

import pytest

from .factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_area_page_shows_published_stories_of_the_wijk_and_its_buurten(client, geo):
    StoryFactory(areas=[geo["overvecht_buurt"]], title="Samen de speeltuin opknappen")
    StoryFactory(areas=[geo["overvecht_buurt"]], title="Nog niet gemodereerd", submitted=True)
    StoryFactory(areas=[geo["binnenstad_buurt"]], title="Verhaal uit de Binnenstad")

    html = client.get(geo["overvecht"].get_absolute_url()).content.decode()

    assert "Samen de speeltuin opknappen" in html
    assert "Nog niet gemodereerd" not in html
    assert "Verhaal uit de Binnenstad" not in html


def test_area_page_without_stories_invites_one(client, geo):
    html = client.get(geo["escamp_buurt"].get_absolute_url()).content.decode()
    assert 'href="/verhalen/gemeente/GM0518/vertel/"' in html
