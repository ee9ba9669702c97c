"""The dashboard, its CSV and the rule-conflict log: who sees what, that page and file
agree, and that the query count does not grow with the number of initiatives."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from wendbaar.initiatives import services
from wendbaar.initiatives.constants import InitiativeStatus, SupportKind

from .conftest import MONDAY, submit

# The page's queries (session, user, scope, areas, the four values() queries, …) are a
# fixed number; the budget is the same for 3 and for 30 initiatives.
QUERY_BUDGET = 20


def url(name: str = "dashboard", code: str = "GM0344", **query) -> str:
    path = reverse(f"initiatives:{name}", args=[code])
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def make(geo, users, count: int, *, area_key: str = "overvecht_buurt"):
    """``count`` initiatives, every third owned and answered, with a hand-over, support
    and a rule conflict on some."""
    made = []
    for i in range(count):
        initiative = submit(
            geo,
            area=geo[area_key],
            email=f"bewoner{i}@example.org",
            received_at=MONDAY + dt.timedelta(days=i % 5),
        ).initiative
        if i % 3 == 0:
            owner = (
                users["wijkmanager"]
                if area_key.startswith("overvecht")
                else users["programmabureau"]
            )
            services.assign_owner(
                initiative=initiative, by=users["programmabureau"], owner=owner, role="makelaar"
            )
            services.change_status(
                initiative=initiative,
                by=users["programmabureau"],
                status=InitiativeStatus.IN_CONVERSATION,
            )
            services.record_support(
                initiative=initiative,
                by=users["programmabureau"],
                kind=SupportKind.WIJKBUDGET,
                description="Bloembakken",
                given_by="Wijkbureau",
                amount=Decimal("100"),
            )
            services.record_rule_conflict(
                initiative=initiative,
                by=users["programmabureau"],
                rule="Geen zelfgemaakte verkeersborden",
                department="Verkeer",
                what_would_help="Een uitzondering voor speelstraten",
            )
        made.append(initiative)
    return made


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_programmabureau_sees_the_dashboard(client, geo, users):
    make(geo, users, 3)
    client.force_login(users["programmabureau"])
    response = client.get(url())
    assert response.status_code == 200
    d = response.context["d"]
    assert d.total == 3
    assert dict(d.by_status)[InitiativeStatus.IN_CONVERSATION] == 1
    assert d.conflicts[0].department == "Verkeer"
    body = response.content.decode()
    assert 'role="img"' in body and 'id="table-status"' in body
    assert reverse("initiatives:rule_conflicts", args=["GM0344"]) in body
    assert reverse("initiatives:dashboard_csv", args=["GM0344"]) in body


def test_overdue_links_to_the_filtered_list(client, geo, users):
    make(geo, users, 2)  # received in March 2026: long past every promise
    client.force_login(users["programmabureau"])
    response = client.get(url())
    assert response.context["d"].overdue == 1  # the one without owner or answer
    assert reverse("initiatives:list", args=["GM0344"]) + "?overdue=1" in response.content.decode()


def test_lezer_sees_it(client, geo, users):
    make(geo, users, 1)
    client.force_login(users["lezer"])
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["d"].total == 1


def test_no_role_is_refused_and_anonymous_sent_to_sign_in(client, geo, users):
    response = client.get(url())
    assert response.status_code == 302
    client.force_login(users["no_role"])
    for name in ("dashboard", "dashboard_csv", "rule_conflicts"):
        assert client.get(url(name)).status_code == 403


def test_another_gemeente_is_refused(client, geo, users):
    client.force_login(users["partner_elsewhere"])
    assert client.get(url()).status_code == 403
    assert client.get(url(code="GM0518")).status_code == 200


def test_wijkmanager_of_binnenstad_does_not_count_overvecht(client, geo, users):
    make(geo, users, 3)  # Overvecht
    make(geo, users, 2, area_key="binnenstad_buurt")
    client.force_login(users["wijkmanager_elsewhere"])
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["d"].total == 2
    client.force_login(users["programmabureau"])
    assert client.get(url()).context["d"].total == 5


def test_one_wijk_covers_its_buurten(client, geo, users):
    make(geo, users, 3)
    make(geo, users, 2, area_key="binnenstad_buurt")
    make(geo, users, 1, area_key="binnenstad")
    client.force_login(users["programmabureau"])
    assert client.get(url(wijk="WK034406")).context["d"].total == 3
    assert client.get(url(wijk="WK034403")).context["d"].total == 3
    assert client.get(url(wijk="WK051808")).status_code == 404  # not a wijk of Utrecht


def test_empty_dashboard_says_so(client, geo, users):
    client.force_login(users["programmabureau"])
    response = client.get(url())
    assert response.status_code == 200
    assert 'id="dashboard-empty"' in response.content.decode()
    assert 'id="figure-within"' not in response.content.decode()
    rows = {(r["section"], r["figure"]): r for r in read_csv(client.get(url("dashboard_csv")))}
    assert rows[("speed", "days_to_owner")]["value"] == ""
    assert rows[("speed", "days_to_owner")]["n"] == "0"


def test_csv_holds_the_numbers_of_the_page(client, geo, users):
    make(geo, users, 4)
    client.force_login(users["programmabureau"])
    page = client.get(url())
    response = client.get(url("dashboard_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = {(r["section"], r["figure"]): r for r in read_csv(response)}
    # The status table on the page and the CSV: received and in conversation.
    table = {row[0]: row[1]["text"] for row in page.context["status_rows"]}
    assert rows[("status", "received")]["value"] == table[str(InitiativeStatus.RECEIVED.label)]
    assert rows[("status", "in_conversation")]["value"] == "2"
    assert rows[("rule_conflicts", "Verkeer: open")]["value"] == "2"
    assert rows[("support", "wijkbudget: amount")]["value"] == "200.00"


def test_rule_conflict_log(client, geo, users):
    made = make(geo, users, 4)
    client.force_login(users["programmabureau"])
    response = client.get(url("rule_conflicts"))
    assert response.status_code == 200
    logs = response.context["logs"]
    assert [log.department for log in logs] == ["Verkeer"]
    assert logs[0].open == 2 and logs[0].blocked == 2
    body = response.content.decode()
    assert reverse("initiatives:detail", args=[made[0].pk]) in body
    assert made[0].reference in body


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow(client, geo, users, django_assert_max_num_queries, count):
    make(geo, users, count)
    client.force_login(users["programmabureau"])
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url())
    assert response.context["d"].total == count
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(url("rule_conflicts")).status_code == 200


def test_the_bench_builds_and_renders_a_small_gemeente(db):
    """A smoke run of ``make bench``'s initiatives step (timing is reported there, never
    asserted here)."""
    from wendbaar.initiatives import bench
    from wendbaar.initiatives.models import Initiative

    user = bench.build(40)
    assert Initiative.objects.filter(municipality_code=bench.CODE).count() == 40
    times, cpu_times, queries = bench.measure(user, requests=2)
    assert len(times) == len(cpu_times) == 2
    assert 0 < queries <= QUERY_BUDGET


@pytest.mark.parametrize(
    "text",
    ["2026-03-06 23:30:00", "2026-03-06 23:30:00.250000", "2026-03-06 23:30:00+00"],
)
def test_a_moment_read_as_text_falls_on_its_local_day(text, settings):
    """SQLite gives UTC moments without an offset, PostgreSQL with one; half past eleven
    on Friday in UTC is Saturday in Amsterdam."""
    import zoneinfo

    from wendbaar.initiatives.dashboard_selectors import _local_day

    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    assert _local_day(text, amsterdam) == dt.date(2026, 3, 7)
    assert _local_day(None, amsterdam) is None


def test_local_days_by_a_rule_per_date_agree_with_each_moment():
    """Around midnight and both clock changes of 2026 (29 March, 25 October, at 01:00
    UTC), in Amsterdam and in a zone with a half-hour offset."""
    import zoneinfo

    from wendbaar.initiatives.dashboard_selectors import _local_day, _LocalDays

    moments = [
        f"2026-{day} {hour:02d}:{minute:02d}:00{suffix}"
        for day in ("03-28", "03-29", "10-24", "10-25", "12-31")
        for hour in (0, 1, 2, 3, 21, 22, 23)
        for minute in (0, 29, 30, 59)
        for suffix in ("", ".5", "+00")
    ]
    for zone in ("Europe/Amsterdam", "Asia/Kolkata", "America/St_Johns", "Pacific/Auckland"):
        tz = zoneinfo.ZoneInfo(zone)
        local_days = _LocalDays(tz)
        for text in moments + moments[::-1]:
            assert local_days(text) == _local_day(text, tz), (zone, text)
