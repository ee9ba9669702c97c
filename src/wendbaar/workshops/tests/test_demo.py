"""The demo's werkplaatsen: a fictional Utrecht team of five, last year's werkplaats
closed with every exercise and a werkagenda (one action pushed into Overvecht), this
year's open with the README's code and following up on last year's. Loaded once, with
areas made by hand, as the other demo tests do."""

from __future__ import annotations

import io

import pytest
from django.db import transaction

from wendbaar.accounts.demo import load_demo_users
from wendbaar.agenda.demo import load_demo_wijkaanpak
from wendbaar.proposals.tests.test_demo import _make_areas
from wendbaar.workshops import analysis, selectors
from wendbaar.workshops.constants import SLIDER_KEYS, Status
from wendbaar.workshops.demo import DEMO_CODE, load_demo_workshops
from wendbaar.workshops.models import Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("workshops_demo")]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        _make_areas()
        load_demo_users()
        load_demo_wijkaanpak()
        yield load_demo_workshops(), load_demo_workshops()
        transaction.set_rollback(True)


def test_skips_without_utrecht(db):
    out = io.StringIO()
    assert load_demo_workshops(stdout=out) == {"workshops": 0}
    assert "skipped" in out.getvalue()


def test_two_werkplaatsen_once(loaded):
    first, again = loaded
    assert first == {"workshops": 2}
    assert again == {"workshops": 0}  # idempotent


def test_last_years_is_closed_and_complete(loaded):
    closed = Workshop.objects.get(status=Status.CLOSED)
    assert closed.join_code is None
    assert [p.name for p in closed.participants.all()] == [
        "Anouk",
        "Bram",
        "Chantal",
        "Daan",
        "Emre",
    ]
    sliders = selectors.slider_view(closed)
    assert sliders.answered == 5
    assert "process_residents" in sliders.tension  # where the team disagrees
    assert sliders.team_profile is not None
    assert selectors.block_view(closed).ranking[0].block == "means"
    assert len(selectors.koppelkansen_view(closed).sentences) == 5
    assert all(sum(c[1:]) == 5 for c in selectors.innovation_view(closed).counts)
    team = selectors.competence_view(closed).team
    assert len(team.competences) >= 15
    actions = list(closed.agenda.actions.all())
    assert len(actions) == 3
    assert [a.project is not None for a in actions] == [False, True, False]
    assert actions[1].project.approach == closed.approach


def test_this_years_is_open_with_the_readme_code_and_shows_movement(loaded):
    open_one = Workshop.objects.get(status=Status.OPEN)
    assert open_one.join_code == DEMO_CODE
    assert open_one.previous.status == Status.CLOSED
    view = selectors.slider_view(open_one)
    assert view.answered == 2
    assert set(view.movement) == set(SLIDER_KEYS)
    # Internal positioning: last year's nows 30, 25, 40, 20, 35 (median 30), this year's
    # 45 and 40 (median 42.5).
    assert view.movement["internal_position"] == 12.5
    assert isinstance(view.team_profile, analysis.Profile)
