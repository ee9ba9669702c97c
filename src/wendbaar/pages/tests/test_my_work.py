"""'Mijn werk': each role sees its own work, and not another's; the queries stay bounded."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wendbaar.accounts.tests.factories import UserFactory, user_with_role
from wendbaar.agenda import services as agenda
from wendbaar.agenda.tests.factories import make_approach, make_geo, make_org, make_project
from wendbaar.coalition import services as coalition
from wendbaar.core.actors import SYSTEM
from wendbaar.organisations import services as organisations
from wendbaar.pages.mywork import my_work
from wendbaar.stories import services as stories
from wendbaar.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    geo = make_geo()
    today = timezone.localdate()
    corporatie = make_org(
        "Woningcorporatie", "civil_society", geo["utrecht"], "housing_corporation"
    )
    welzijn = make_org("Welzijnsorganisatie", "civil_society", geo["utrecht"], "welfare")
    overvecht = make_approach(geo, name="Aanpak Overvecht", published=True)
    binnenstad = make_approach(geo, name="Aanpak Binnenstad", areas=[geo["binnenstad"]])
    escamp = make_approach(
        geo, name="Aanpak Escamp", areas=[geo["escamp"]], municipality=geo["den_haag"]
    )
    start = today - dt.timedelta(days=500)
    own = make_project(overvecht, "Portieken", start_date=start, owner_organisation=corporatie)
    agenda.report_progress(
        project=own,
        narrative="Begonnen",
        progress_percent=10,
        reported_on=today - dt.timedelta(days=400),
        by=SYSTEM,
    )
    other = make_project(overvecht, "Werkcafé", start_date=start, owner_organisation=welzijn)
    agenda.report_progress(
        project=other, narrative="Loopt", progress_percent=50, reported_on=today, by=SYSTEM
    )
    agenda.add_milestone(
        project=other, title="Opening", due_date=today - dt.timedelta(days=10), by=SYSTEM
    )
    make_project(binnenstad, "Binnenstadproject", start_date=start)
    make_project(escamp, "Haags project", start_date=start)
    goal = agenda.add_goal(approach=overvecht, title="Meer werk", by=SYSTEM)
    agenda.add_goal_indicator(goal=goal, name="Deelnemers werkcafé", by=SYSTEM)
    agenda.add_funding(
        project=own,
        source=corporatie,
        amount=Decimal("4000"),
        year=today.year,
        status="committed",
        by=SYSTEM,
    )
    agenda.add_funding(
        project=other, source=welzijn, amount=Decimal("1500"), year=today.year, by=SYSTEM
    )
    coalition.add_commitment(
        approach=overvecht,
        organisation=corporatie,
        kind="money",
        description="Schoonmaak portieken",
        amount=Decimal("5000"),
        start_year=today.year,
        by=SYSTEM,
    )
    stories.create_signal(
        area=geo["overvecht_buurt"],
        theme="safety",
        direction="concern",
        sentence="Overlast bij het winkelcentrum",
        observed_on=today - dt.timedelta(days=5),
        by=SYSTEM,
    )
    stories.create_signal(
        area=geo["escamp"],
        theme="safety",
        direction="concern",
        sentence="Haagse overlast",
        observed_on=today - dt.timedelta(days=5),
        by=SYSTEM,
    )
    StoryFactory(areas=[geo["overvecht_buurt"]], submitted=True)
    StoryFactory(areas=[geo["escamp"]], submitted=True)
    partner = user_with_role("partner", municipality=geo["utrecht"])
    organisations.link_user_to_organisation(user=partner, organisation=corporatie, by=SYSTEM)
    return {
        **geo,
        "overvecht_approach": overvecht,
        "wijkmanager": user_with_role(
            "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]]
        ),
        "partner": partner,
        "programmabureau": user_with_role("programmabureau", municipality=geo["utrecht"]),
        "beheerder": user_with_role("beheerder", municipality=geo["utrecht"]),
        "lezer": user_with_role("lezer", municipality=geo["den_haag"]),
    }


def test_a_withdrawn_measurement_counts_neither_as_recent_nor_as_last_measured(world):
    indicator = my_work(world["wijkmanager"]).district_manager.stale_goals[0]
    measurement = agenda.record_indicator_measurement(
        indicator=indicator, year=2025, value=12, by=SYSTEM
    )
    assert my_work(world["wijkmanager"]).district_manager.stale_goals == []
    agenda.withdraw_indicator_measurement(measurement=measurement, reason="Fout", by=SYSTEM)
    (stale,) = my_work(world["wijkmanager"]).district_manager.stale_goals
    assert stale.pk == indicator.pk and stale.last_year is None  # "never measured"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("pages:my_work"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_wijkmanager_sees_their_wijk_and_what_waits_there(world, client):
    work = my_work(world["wijkmanager"])
    dm = work.district_manager
    assert [d.area.code for d in dm.districts] == ["WK034403"]
    assert [s.sentence for d in dm.districts for s in d.signals] == [
        "Overlast bij het winkelcentrum"
    ]
    assert [(m.municipality.code, m.count) for m in dm.moderation] == [("GM0344", 1)]
    assert [str(i) for i in dm.stale_goals] == ["Deelnemers werkcafé"]
    due = {d.project.title: d for d in dm.projects_due}
    assert set(due) == {"Portieken", "Werkcafé"}
    assert due["Werkcafé"].overdue_milestones == 1 and not due["Werkcafé"].progress_due
    assert due["Portieken"].progress_due
    assert work.partner is None and work.portfolio is None and not work.manages_users
    html = page(client, world["wijkmanager"])
    assert "Haagse overlast" not in html and "Binnenstadproject" not in html
    assert reverse("stories:moderation", kwargs={"code": "GM0344"}) in html


def test_the_partner_sees_their_organisations_projects_and_commitments(world, client):
    section = my_work(world["partner"]).partner
    rows = {r.project.title: r for r in section.projects}
    assert set(rows) == {"Portieken"}
    assert rows["Portieken"].relation == ["owner", "funder"]
    assert rows["Portieken"].progress_due and rows["Portieken"].may_change
    assert [c.description for c in section.commitments] == ["Schoonmaak portieken"]
    html = page(client, world["partner"])
    assert "Werkcafé" not in html and "Report due" in html
    project = rows["Portieken"].project
    assert (
        reverse("agenda:progress_create", kwargs={"pk": project.approach_id, "project": project.pk})
        in html
    )


def test_the_programmabureau_sees_the_portfolio_with_money_apart(world, client):
    rows = {r.approach.name: r for r in my_work(world["programmabureau"]).portfolio}
    assert set(rows) == {"Aanpak Overvecht", "Aanpak Binnenstad"}
    overvecht = rows["Aanpak Overvecht"]
    assert (overvecht.planned, overvecht.committed, overvecht.spent) == (
        Decimal("1500"),
        Decimal("4000"),
        Decimal("0"),
    )
    assert not overvecht.progress_stale and rows["Aanpak Binnenstad"].progress_stale
    assert overvecht.stage == "Urgency"
    html = page(client, world["programmabureau"])
    assert "Aanpak Escamp" not in html and "no report" in html
    assert "5,500" not in html and "5.500" not in html  # never summed


def test_the_beheerder_gets_user_management_and_the_reader_an_empty_state(world, client):
    html = page(client, world["beheerder"])
    assert reverse("accounts:users") in html and reverse("accounts:audit_log") in html
    html = page(client, world["lezer"])
    assert "Nothing waits for you" in html and reverse("accounts:users") not in html
    html = page(client, UserFactory())
    assert "You hold no role yet" in html


def test_sign_in_lands_on_my_work_and_next_still_wins(world, client):
    from wendbaar.accounts.tests.factories import PASSWORD

    user = world["wijkmanager"]
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("pages:my_work")
    client.logout()
    response = client.post(
        reverse("accounts:login") + "?next=/wijkaanpak/",
        {"username": user.username, "password": PASSWORD, "next": "/wijkaanpak/"},
    )
    assert response["Location"] == "/wijkaanpak/"


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("pages:my_work"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


@pytest.mark.parametrize(
    "role", ["wijkmanager", "partner", "programmabureau", "beheerder", "lezer"]
)
def test_queries_stay_bounded(world, client, role):
    """At most 35 queries (measured: 32, 32, 27, 18, 17, of which 3 for the project
    proposals waiting for the user), and more projects add none."""
    client.force_login(world[role])
    client.get(reverse("pages:my_work"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("pages:my_work"))
    for n in range(5):
        make_project(world["overvecht_approach"], f"Extra {n}", owner_organisation=None)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("pages:my_work"))
    assert len(before) <= 35
    assert len(after) == len(before)


def test_the_menu_starts_monitor_and_stories_from_the_own_gemeente(world, client):
    client.force_login(world["programmabureau"])
    response = client.get(reverse("pages:monitor_start"))
    assert response["Location"] == reverse("monitor:overview", kwargs={"code": "GM0344"})
    response = client.get(reverse("pages:stories_start"))
    assert response["Location"] == reverse("stories:list", kwargs={"code": "GM0344"})
    client.logout()
    html = client.get(reverse("pages:monitor_start")).content.decode()
    assert reverse("monitor:overview", kwargs={"code": "GM0344"}) in html
    assert 'aria-current="page"' in html
