"""Correcting the agenda and the programme: edit, remove and withdraw (issue #11 item 1).

Every refusal says why, names the field where there is one, and changes nothing.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from wendbaar.agenda import services
from wendbaar.agenda.models import (
    Goal,
    GoalIndicator,
    IndicatorMeasurement,
    Milestone,
    ProgrammeLine,
    ProgressUpdate,
)
from wendbaar.agenda.selectors import approach_overview, projects_of, status_history
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals below are read in English (their Dutch is in the catalogue)."""
    with translation.override("en"):
        yield


def audit(action):
    return AuditEvent.objects.filter(action=action)


def rows(model):
    return list(model._base_manager.order_by("pk").values())


@pytest.fixture
def agenda(approach, orgs):
    goal = services.add_goal(approach=approach, title="Meer ontmoeting", by=SYSTEM)
    indicator = services.add_goal_indicator(
        goal=goal, name="Buurtgesprekken", baseline_value=2, baseline_year=2024, by=SYSTEM
    )
    measurement = services.record_indicator_measurement(
        indicator=indicator, year=2025, value=5, note="Telling", by=SYSTEM
    )
    own = make_project(approach, "Portieken", owner_organisation=orgs["corporatie"])
    other = make_project(approach, "Werkcafé", owner_organisation=orgs["welzijn"])
    report = services.report_progress(
        project=own,
        reported_on=dt.date(2025, 6, 30),
        narrative="Gestart",
        progress_percent=30,
        by=SYSTEM,
    )
    other_report = services.report_progress(
        project=other,
        reported_on=dt.date(2025, 6, 30),
        narrative="Loopt",
        progress_percent=50,
        by=SYSTEM,
    )
    milestone = services.add_milestone(
        project=own, title="Oplevering", due_date=dt.date(2026, 6, 1), by=SYSTEM
    )
    return {
        "approach": approach,
        "goal": goal,
        "indicator": indicator,
        "measurement": measurement,
        "own": own,
        "other": other,
        "report": report,
        "other_report": other_report,
        "milestone": milestone,
    }


def refused(call, model, field=None, text=None):
    """``call`` raises a ValidationError (naming ``field``, containing ``text``) and
    leaves every row of ``model`` and the audit log as they were."""
    before, events = rows(model), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        call()
    if field:
        assert field in exc.value.message_dict, exc.value
    if text:
        assert text in " ".join(exc.value.messages), exc.value.messages
    assert rows(model) == before
    assert AuditEvent.objects.count() == events
    return exc.value


# --- goals ------------------------------------------------------------------------------


class TestGoals:
    def test_remove_refused_while_projects_serve_it(self, agenda):
        goal = agenda["goal"]
        services.update_project(project=agenda["own"], goals=[goal], by=SYSTEM)
        refused(
            lambda: services.remove_goal(goal=goal, by=SYSTEM),
            Goal,
            text="1 project (Portieken)",
        )

    def test_remove_refused_while_indicators_have_measurements(self, agenda):
        refused(
            lambda: services.remove_goal(goal=agenda["goal"], by=SYSTEM),
            Goal,
            text="Buurtgesprekken",
        )

    def test_removed_once_nothing_depends_on_it(self, agenda):
        services.withdraw_indicator_measurement(
            measurement=agenda["measurement"], reason="Dubbel geteld", by=SYSTEM
        )
        goal = agenda["goal"]
        services.remove_goal(goal=goal, reason="Dubbel ingevoerd", by=SYSTEM)
        assert not Goal.objects.filter(pk=goal.pk).exists()
        event = audit("goal_removed").get()
        assert event.detail["title"] == "Meer ontmoeting"
        assert event.detail["reason"] == "Dubbel ingevoerd"
        # The cascade erased the withdrawn measurement; the log keeps it.
        assert event.detail["withdrawn_measurements"] == {
            str(agenda["indicator"]): [[2025, 5.0, "Telling", "Dubbel geteld"]]
        }

    def test_edit_refuses_an_empty_title(self, agenda):
        refused(
            lambda: services.update_goal(goal=agenda["goal"], title="", by=SYSTEM),
            Goal,
            field="title",
        )

    def test_edit_keeps_old_and_new(self, agenda):
        services.update_goal(goal=agenda["goal"], title="Meer contact", by=SYSTEM)
        changes = audit("goal_updated").get().detail["changes"]
        assert changes["title"] == ["Meer ontmoeting", "Meer contact"]


# --- indicators -------------------------------------------------------------------------


class TestIndicators:
    def test_remove_refused_while_it_has_measurements(self, agenda):
        refused(
            lambda: services.remove_goal_indicator(indicator=agenda["indicator"], by=SYSTEM),
            GoalIndicator,
            text="1 measurement",
        )

    def test_removed_after_its_measurements_are_withdrawn(self, agenda):
        services.withdraw_indicator_measurement(
            measurement=agenda["measurement"], reason="Verkeerde bron", by=SYSTEM
        )
        services.remove_goal_indicator(indicator=agenda["indicator"], by=SYSTEM)
        event = audit("goal_indicator_removed").get()
        assert event.detail["withdrawn_measurements"] == [[2025, 5.0, "Telling", "Verkeerde bron"]]

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"baseline_year": 1800}, "baseline_year"),
            ({"target_year": 2020}, "target_year"),  # before the baseline year 2024
            ({"name": ""}, "name"),  # a local indicator needs a name
        ],
    )
    def test_edit_refuses_bad_input(self, agenda, fields, field):
        refused(
            lambda: services.update_goal_indicator(
                indicator=agenda["indicator"], by=SYSTEM, **fields
            ),
            GoalIndicator,
            field=field,
        )


# --- measurements -----------------------------------------------------------------------


class TestMeasurements:
    def test_correct_keeps_old_and_new(self, agenda):
        m = agenda["measurement"]
        services.correct_indicator_measurement(measurement=m, value=6, year=2024, by=SYSTEM)
        m.refresh_from_db()
        assert (m.year, m.value) == (2024, 6)
        changes = audit("indicator_measurement_corrected").get().detail["changes"]
        assert changes == {"year": [2025, 2024], "value": [5.0, 6]}

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"value": -3}, "value"),
            ({"value": float("nan")}, "value"),
            ({"year": 2099}, "year"),  # after this year
            ({"year": 1990}, "year"),  # long before the baseline
        ],
    )
    def test_correct_refuses_bad_input(self, agenda, fields, field):
        refused(
            lambda: services.correct_indicator_measurement(
                measurement=agenda["measurement"], by=SYSTEM, **fields
            ),
            IndicatorMeasurement,
            field=field,
        )

    def test_a_new_measurement_cannot_be_negative_either(self, agenda):
        refused(
            lambda: services.record_indicator_measurement(
                indicator=agenda["indicator"], year=2025, value=-1, by=SYSTEM
            ),
            IndicatorMeasurement,
            field="value",
        )

    def test_a_balance_may_be_negative(self, agenda):
        services.update_goal_indicator(indicator=agenda["indicator"], baseline_value=-4, by=SYSTEM)
        m = services.record_indicator_measurement(
            indicator=agenda["indicator"], year=2025, value=-1, by=SYSTEM
        )
        assert m.value == -1

    def test_withdraw_needs_a_reason(self, agenda):
        refused(
            lambda: services.withdraw_indicator_measurement(
                measurement=agenda["measurement"], reason="  ", by=SYSTEM
            ),
            IndicatorMeasurement,
            field="reason",
        )

    def test_withdrawn_no_longer_counts_but_stays_in_history(self, agenda, users):
        m = agenda["measurement"]
        older = services.record_indicator_measurement(
            indicator=agenda["indicator"], year=2024, value=3, by=SYSTEM
        )
        services.withdraw_indicator_measurement(measurement=m, reason="Dubbel", by=SYSTEM)
        overview = approach_overview(users["programmabureau"], agenda["approach"])
        actual = overview.goals[0].indicators[0].actual
        assert (actual.value, actual.period) == (3, 2024)  # the older one counts again
        assert list(agenda["indicator"].measurements.all()) == [older]
        kept = IndicatorMeasurement._base_manager.get(pk=m.pk)
        assert kept.withdrawal_reason == "Dubbel" and kept.withdrawn_at is not None
        assert audit("indicator_measurement_withdrawn").get().detail["value"] == 5.0

    def test_a_withdrawn_measurement_is_not_corrected_or_withdrawn_again(self, agenda):
        m = agenda["measurement"]
        services.withdraw_indicator_measurement(measurement=m, reason="Fout", by=SYSTEM)
        refused(
            lambda: services.correct_indicator_measurement(measurement=m, value=7, by=SYSTEM),
            IndicatorMeasurement,
        )
        refused(
            lambda: services.withdraw_indicator_measurement(measurement=m, reason="X", by=SYSTEM),
            IndicatorMeasurement,
        )


# --- programme lines --------------------------------------------------------------------


class TestProgrammeLines:
    def test_remove_refused_while_projects_are_in_it(self, agenda):
        line = services.add_programme_line(approach=agenda["approach"], title="Wonen", by=SYSTEM)
        services.update_project(project=agenda["own"], line=line, by=SYSTEM)
        services.update_project(project=agenda["other"], line=line, by=SYSTEM)
        refused(
            lambda: services.remove_programme_line(line=line, by=SYSTEM),
            ProgrammeLine,
            text="2 projects",
        )

    def test_edit_and_remove(self, agenda):
        line = services.add_programme_line(approach=agenda["approach"], title="Wonen", by=SYSTEM)
        refused(
            lambda: services.update_programme_line(line=line, title="", by=SYSTEM),
            ProgrammeLine,
            field="title",
        )
        services.update_programme_line(line=line, title="Wonen en leven", by=SYSTEM)
        services.remove_programme_line(line=line, by=SYSTEM)
        assert not ProgrammeLine.objects.exists()
        assert audit("programme_line_removed").get().detail["title"] == "Wonen en leven"


# --- milestones -------------------------------------------------------------------------


class TestMilestones:
    def test_edit_refuses_a_date_out_of_range(self, agenda):
        refused(
            lambda: services.update_milestone(
                milestone=agenda["milestone"], due_date=dt.date(1900, 1, 1), by=SYSTEM
            ),
            Milestone,
            field="due_date",
        )

    def test_edit_and_remove(self, agenda):
        m = agenda["milestone"]
        services.update_milestone(milestone=m, title="Oplevering fase 1", by=SYSTEM)
        services.remove_milestone(milestone=m, reason="Vervalt", by=SYSTEM)
        assert not Milestone.objects.exists()
        assert audit("milestone_removed").get().detail["title"] == "Oplevering fase 1"

    def test_partner_cannot_remove_another_organisations_milestone(self, agenda, users):
        m = services.add_milestone(
            project=agenda["other"], title="Start", due_date=dt.date(2026, 1, 1), by=SYSTEM
        )
        with pytest.raises(PermissionDenied):
            services.remove_milestone(milestone=m, by=users["partner"])
        assert Milestone.objects.filter(pk=m.pk).exists()


# --- progress reports -------------------------------------------------------------------


class TestProgress:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"progress_percent": 120}, "progress_percent"),
            ({"progress_percent": -5}, "progress_percent"),
            ({"reported_on": dt.date(2030, 1, 1)}, "reported_on"),
            ({"narrative": ""}, "narrative"),
            ({"outputs": [{"label": "", "value": 1}]}, "outputs"),
        ],
    )
    def test_correct_refuses_bad_input(self, agenda, fields, field):
        refused(
            lambda: services.correct_progress(update=agenda["report"], by=SYSTEM, **fields),
            ProgressUpdate,
            field=field,
        )

    def test_partner_corrects_its_own_not_another(self, agenda, users):
        partner = users["partner"]
        services.correct_progress(update=agenda["report"], progress_percent=35, by=partner)
        assert audit("progress_corrected").get().detail["changes"] == {"progress_percent": [30, 35]}
        before = rows(ProgressUpdate)
        with pytest.raises(PermissionDenied):
            services.correct_progress(
                update=agenda["other_report"], progress_percent=99, by=partner
            )
        with pytest.raises(PermissionDenied):
            services.withdraw_progress(update=agenda["other_report"], reason="Nee", by=partner)
        assert rows(ProgressUpdate) == before

    def test_withdrawn_is_not_the_last_report_anywhere(self, agenda):
        own = agenda["own"]
        earlier = services.report_progress(
            project=own,
            reported_on=dt.date(2025, 3, 31),
            narrative="Voorbereiding",
            progress_percent=10,
            by=SYSTEM,
        )
        services.withdraw_progress(update=agenda["report"], reason="Verkeerd project", by=SYSTEM)
        project = projects_of(agenda["approach"]).get(pk=own.pk)
        assert [u.pk for u in project.progress_updates.all()] == [earlier.pk]
        assert ProgressUpdate._base_manager.get(pk=agenda["report"].pk).is_withdrawn
        refused(
            lambda: services.correct_progress(
                update=agenda["report"], progress_percent=40, by=SYSTEM
            ),
            ProgressUpdate,
        )


# --- status history in true order -------------------------------------------------------


class TestStatusHistory:
    def test_initial_plan_takes_effect_at_the_start(self, approach):
        project = make_project(approach, "Oud", start_date=dt.date(2024, 3, 1))
        services.change_project_status(
            project=project, status="running", on=dt.date(2024, 3, 1), by=SYSTEM
        )
        history = [(c.on, c.to_status) for c in status_history(project)]
        assert history == [(dt.date(2024, 3, 1), "planned"), (dt.date(2024, 3, 1), "running")]

    def test_a_change_before_the_previous_one_is_refused(self, approach):
        project = make_project(approach, "Oud", start_date=dt.date(2024, 3, 1))
        services.change_project_status(
            project=project, status="running", on=dt.date(2024, 6, 1), by=SYSTEM
        )
        with pytest.raises(ValidationError) as exc:
            services.change_project_status(
                project=project, status="paused", on=dt.date(2024, 5, 1), by=SYSTEM
            )
        assert "on" in exc.value.message_dict
        project.refresh_from_db()
        assert project.status == "running"


# --- pages ------------------------------------------------------------------------------


def url(name, **kw):
    return reverse(f"agenda:{name}", kwargs=kw)


class TestPages:
    def test_goal_edit_reshows_typed_input_on_error(self, client, users, agenda):
        client.force_login(users["wijkmanager_in"])
        pk, goal = agenda["approach"].pk, agenda["goal"].pk
        page = client.get(url("goal_edit", pk=pk, goal=goal)).content.decode()
        assert 'value="Meer ontmoeting"' in page
        response = client.post(
            url("goal_edit", pk=pk, goal=goal), {"title": "x" * 301, "description": "Getypt"}
        )
        assert response.status_code == 200 and "Getypt" in response.content.decode()

    def test_measurement_correct_reshows_input_and_withdraw_confirms(self, client, users, agenda):
        client.force_login(users["programmabureau"])
        pk, m = agenda["approach"].pk, agenda["measurement"].pk
        response = client.post(
            url("measurement_edit", pk=pk, measurement=m), {"year": 2025, "value": -7, "note": "N"}
        )
        html = response.content.decode()
        assert response.status_code == 200 and 'value="-7"' in html
        page = client.get(url("measurement_withdraw", pk=pk, measurement=m))
        assert page.status_code == 200 and 'name="reason"' in page.content.decode()
        response = client.post(url("measurement_withdraw", pk=pk, measurement=m), {"reason": ""})
        assert response.status_code == 200  # a reason is required
        response = client.post(
            url("measurement_withdraw", pk=pk, measurement=m), {"reason": "Dubbel"}
        )
        assert response.status_code == 302
        indicator = client.get(url("indicator", pk=pk, indicator=agenda["indicator"].pk))
        html = indicator.content.decode()
        assert "Dubbel" in html and 'id="withdrawn"' in html

    def test_goal_remove_refused_shows_why(self, client, users, agenda):
        client.force_login(users["wijkmanager_in"])
        pk, goal = agenda["approach"].pk, agenda["goal"].pk
        response = client.post(url("goal_remove", pk=pk, goal=goal), {"reason": ""})
        assert response.status_code == 200
        assert "Buurtgesprekken" in response.content.decode()
        assert Goal.objects.filter(pk=goal).exists()

    def test_line_create_edit_remove(self, client, users, agenda):
        client.force_login(users["wijkmanager_in"])
        pk = agenda["approach"].pk
        response = client.post(url("line_create", pk=pk), {"title": "Wonen"})
        assert response.status_code == 302
        line = ProgrammeLine.objects.get()
        page = client.get(url("approach", pk=pk)).content.decode()
        assert url("line_edit", pk=pk, line=line.pk) in page
        response = client.post(url("line_edit", pk=pk, line=line.pk), {"title": ""})
        assert response.status_code == 200
        response = client.post(url("line_remove", pk=pk, line=line.pk), {"reason": ""})
        assert response.status_code == 302 and not ProgrammeLine.objects.exists()

    def test_milestones_on_the_project_page(self, client, users, agenda):
        client.force_login(users["partner"])
        pk, project = agenda["approach"].pk, agenda["own"].pk
        response = client.post(
            url("milestone_create", pk=pk, project=project),
            {"title": "Schouw", "due_date": "1800-01-01"},
        )
        assert response.status_code == 200 and 'value="Schouw"' in response.content.decode()
        response = client.post(
            url("milestone_create", pk=pk, project=project),
            {"title": "Schouw", "due_date": "2026-09-01"},
        )
        assert response.status_code == 302
        m = Milestone.objects.get(title="Schouw")
        response = client.post(url("milestone_done", pk=pk, project=project, milestone=m.pk))
        assert response.status_code == 302
        m.refresh_from_db()
        assert m.done_on is not None
        page = client.get(url("project", pk=pk, project=project)).content.decode()
        assert url("milestone_edit", pk=pk, project=project, milestone=m.pk) in page

    def test_partner_edits_own_report_and_is_refused_anothers(self, client, users, agenda):
        client.force_login(users["partner"])
        pk = agenda["approach"].pk
        own, report = agenda["own"].pk, agenda["report"].pk
        edit = url("progress_edit", pk=pk, project=own, update=report)
        page = client.get(url("project", pk=pk, project=own)).content.decode()
        assert edit in page
        form = client.get(edit).content.decode()
        assert "Gestart" in form
        response = client.post(edit, {"narrative": "Getypt", "progress_percent": 150})
        assert response.status_code == 200 and "Getypt" in response.content.decode()
        response = client.post(
            edit, {"narrative": "Gestart, twaalf portieken", "progress_percent": 40}
        )
        assert response.status_code == 302
        assert ProgressUpdate.objects.get(pk=report).progress_percent == 40
        other = agenda["other"].pk
        other_report = agenda["other_report"].pk
        other_page = client.get(url("project", pk=pk, project=other)).content.decode()
        assert "progress_edit" not in other_page and "/corrigeren/" not in other_page
        before = rows(ProgressUpdate)
        for name in ("progress_edit", "progress_withdraw"):
            target = url(name, pk=pk, project=other, update=other_report)
            assert client.get(target).status_code == 403
            assert client.post(target, {"narrative": "X", "progress_percent": 1}).status_code == 403
        assert rows(ProgressUpdate) == before

    def test_withdrawn_report_listed_on_the_project_page(self, client, users, agenda):
        client.force_login(users["programmabureau"])
        pk, own, report = agenda["approach"].pk, agenda["own"].pk, agenda["report"].pk
        response = client.post(
            url("progress_withdraw", pk=pk, project=own, update=report),
            {"reason": "Verkeerd project"},
        )
        assert response.status_code == 302
        page = client.get(url("project", pk=pk, project=own)).content.decode()
        assert "Verkeerd project" in page and 'id="withdrawn-progress"' in page
        # Gone from the edit paths: a withdrawn report is not found there.
        edit = url("progress_edit", pk=pk, project=own, update=report)
        assert client.get(edit).status_code == 404

    @pytest.mark.parametrize("who", ["lezer", "beheerder", "wijkmanager_out", "none"])
    def test_refused_roles_write_nothing(self, client, users, agenda, who):
        client.force_login(users[who])
        a = agenda
        pk = a["approach"].pk
        posts = [
            (url("goal_edit", pk=pk, goal=a["goal"].pk), {"title": "X"}),
            (url("goal_remove", pk=pk, goal=a["goal"].pk), {"reason": "X"}),
            (url("indicator_edit", pk=pk, indicator=a["indicator"].pk), {"name": "X"}),
            (url("indicator_remove", pk=pk, indicator=a["indicator"].pk), {}),
            (
                url("measurement_edit", pk=pk, measurement=a["measurement"].pk),
                {"year": 2025, "value": 1},
            ),
            (url("measurement_withdraw", pk=pk, measurement=a["measurement"].pk), {"reason": "X"}),
            (url("line_create", pk=pk), {"title": "X"}),
            (
                url("milestone_edit", pk=pk, project=a["own"].pk, milestone=a["milestone"].pk),
                {"title": "X", "due_date": "2026-01-01"},
            ),
            (
                url("milestone_remove", pk=pk, project=a["own"].pk, milestone=a["milestone"].pk),
                {},
            ),
            (
                url("milestone_done", pk=pk, project=a["own"].pk, milestone=a["milestone"].pk),
                {},
            ),
            (
                url("progress_edit", pk=pk, project=a["own"].pk, update=a["report"].pk),
                {"narrative": "X", "progress_percent": 1},
            ),
            (
                url("progress_withdraw", pk=pk, project=a["own"].pk, update=a["report"].pk),
                {"reason": "X"},
            ),
        ]
        models = [Goal, GoalIndicator, IndicatorMeasurement, ProgrammeLine, Milestone]
        before = {m: rows(m) for m in [*models, ProgressUpdate]}
        events = AuditEvent.objects.count()
        for target, data in posts:
            status = client.post(target, data).status_code
            assert status in (403, 404), (target, status)
        assert {m: rows(m) for m in before} == before
        assert AuditEvent.objects.count() == events
