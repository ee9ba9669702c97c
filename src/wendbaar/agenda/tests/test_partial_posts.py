"""Posts from the pages: a partial post changes only the fields it sends and never
clears the others; an implausible date gets the same refusal as in the API.

The checklist of a wijkaanpak is saved by htmx one item at a time; a script or an
older page may send only the box or only the note.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from wendbaar.approaches import services as approach_services
from wendbaar.core.actors import SYSTEM

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(approach):
    item = approach.checklist.get(key="vision")
    approach_services.update_checklist_item(item=item, note="Wijkavond 12 maart gepland", by=SYSTEM)
    return item


def post(client, users, approach, item, data):
    client.force_login(users["programmabureau"])
    url = reverse("approaches:checklist_item", args=[approach.pk, item.pk])
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    item.refresh_from_db()
    return response


def test_ticking_the_box_alone_keeps_the_note(client, users, approach, item):
    post(client, users, approach, item, {"done": "on"})
    assert item.done is True
    assert item.note == "Wijkavond 12 maart gepland"


def test_an_empty_post_changes_nothing(client, users, approach, item):
    post(client, users, approach, item, {})
    assert (item.done, item.note) == (False, "Wijkavond 12 maart gepland")


def test_the_note_alone_keeps_the_box(client, users, approach, item):
    approach_services.update_checklist_item(item=item, done=True, by=SYSTEM)
    post(client, users, approach, item, {"note": "Verzet naar april"})
    assert (item.done, item.note) == (True, "Verzet naar april")


def test_the_page_form_can_untick_and_clear(client, users, approach, item):
    """The page's own form sends both fields (the box through its hidden companion)."""
    approach_services.update_checklist_item(item=item, done=True, by=SYSTEM)
    response = post(client, users, approach, item, {"done": "false", "note": ""})
    assert (item.done, item.note) == (False, "")
    html = response.content.decode()
    # The item the htmx swap shows again sends an unticked box too.
    assert html.index('type="hidden" name="done" value="false"') < html.index(
        'type="checkbox" name="done"'
    )
    post(client, users, approach, item, {"done": ["false", "on"], "note": "Klaar"})
    assert (item.done, item.note) == (True, "Klaar")


def test_the_progress_page_refuses_an_implausible_date(client, users, approach):
    """The page applies the same date rule as the API (``agenda/dates.py``)."""
    project = make_project(approach)  # 2025-01-01 … 2026-12-31
    client.force_login(users["programmabureau"])
    url = reverse("agenda:progress_create", args=[approach.pk, project.pk])
    data = {"reported_on": "2099-06-30", "narrative": "Gedaan", "progress_percent": 50}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Choose a date from 2024-07-03 to" in response.content.decode()
    assert not project.progress_updates.exists()
