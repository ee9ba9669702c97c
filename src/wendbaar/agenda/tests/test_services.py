import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from wendbaar.agenda import services
from wendbaar.agenda.models import ProjectStatusChange
from wendbaar.agenda.selectors import indicator_states
from wendbaar.approaches import services as approach_services
from wendbaar.approaches.constants import CHECKLIST, Step
from wendbaar.approaches.models import ChecklistItem, PolicyDriver, VisionVersion
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.monitor.models import Indicator, Observation

from .factories import make_approach, make_project

pytestmark = pytest.mark.django_db


def audit(action):
    return AuditEvent.objects.filter(action=action)


class TestApproach:
    def test_create_copies_the_checklist_of_the_five_steps(self, approach):
        expected = sum(len(items) for items in CHECKLIST.values())
        assert approach.checklist.count() == expected
        assert set(approach.checklist.values_list("step", flat=True)) == set(Step.values)
        assert audit("approach_created").get().object_id == str(approach.pk)

    def test_checklist_follows_the_reader_language_until_rewritten(self, geo):
        with translation.override("en"):  # created by someone browsing in English
            approach = make_approach(geo)
        item = approach.checklist.get(key="vision")
        assert item.label == "Shared vision written down"
        default = dict(CHECKLIST[Step.AGENDA])["vision"]
        for language in ("nl", "en"):
            with translation.override(language):
                assert item.display_label == str(default)
        approach_services.update_checklist_item(
            item=item, label="Visie vastgesteld door de raad", by=SYSTEM
        )
        with translation.override("en"):
            assert item.display_label == "Visie vastgesteld door de raad"
        own = approach_services.add_checklist_item(
            approach=approach, step=Step.AGENDA, label="Eigen punt", by=SYSTEM
        )
        assert own.display_label == "Eigen punt"

    def test_horizon_at_most_a_generation(self, geo):
        with pytest.raises(ValidationError) as exc:
            make_approach(geo, start_year=2024, end_year=2050)
        assert "end_year" in exc.value.message_dict
        assert make_approach(geo, start_year=2024, end_year=2049).pk

    def test_end_before_start(self, geo):
        with pytest.raises(ValidationError):
            make_approach(geo, start_year=2030, end_year=2029)

    def test_areas_must_be_wijken_or_buurten_of_the_gemeente(self, geo):
        with pytest.raises(ValidationError):
            make_approach(geo, areas=[geo["escamp"]])
        with pytest.raises(ValidationError):
            make_approach(geo, areas=[geo["utrecht"]])
        approach = make_approach(geo, areas=[geo["overvecht"], geo["binnenstad"]])
        assert approach.areas.count() == 2

    def test_update_and_publish(self, approach, geo):
        approach_services.update_approach(
            approach=approach, name="Overvecht 2040", areas=[geo["overvecht_buurt"]], by=SYSTEM
        )
        approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
        approach.refresh_from_db()
        assert approach.is_published and approach.name == "Overvecht 2040"
        assert list(approach.areas.values_list("code", flat=True)) == ["BU03440343"]
        changes = [e.detail["changes"] for e in audit("approach_updated")]
        assert {"name", "areas"} <= set(changes[-1] if "name" in changes[-1] else changes[0])

    def test_checklist_item_update_and_add(self, approach):
        item = approach.checklist.first()
        approach_services.update_checklist_item(
            item=item, done=True, note="Data uit de monitor", by=SYSTEM
        )
        item.refresh_from_db()
        assert item.done and item.note == "Data uit de monitor"
        extra = approach_services.add_checklist_item(
            approach=approach, step=Step.URGENCY, label="Wijkschouw gehouden", by=SYSTEM
        )
        assert extra.order > item.order and extra.key == ""
        assert audit("checklist_item_updated").count() == 1


class TestVision:
    def test_versions_are_appended(self, approach):
        approach_services.revise_vision(approach=approach, text="v1", reason="Start", by=SYSTEM)
        approach_services.revise_vision(
            approach=approach, text="v2", reason="Na wijkavond", by=SYSTEM
        )
        assert list(VisionVersion.objects.values_list("text", flat=True)) == ["v2", "v1"]
        assert audit("vision_revised").count() == 2

    def test_a_reason_is_required(self, approach):
        with pytest.raises(ValidationError):
            approach_services.revise_vision(approach=approach, text="v1", reason=" ", by=SYSTEM)


class TestGoalsAndIndicators:
    def test_local_indicator_with_measurements(self, approach):
        goal = services.add_goal(
            approach=approach, title="Meer mensen aan het werk", themes=["work"], by=SYSTEM
        )
        ind = services.add_goal_indicator(
            goal=goal,
            name="Deelnemers werkcafé",
            baseline_value=0,
            baseline_year=2024,
            target_value=200,
            target_year=2028,
            by=SYSTEM,
        )
        services.record_indicator_measurement(indicator=ind, year=2025, value=50, by=SYSTEM)
        assert ind.measurements.count() == 1
        with pytest.raises(ValidationError):
            services.add_goal_indicator(goal=goal, by=SYSTEM)  # neither code nor name

    def test_unknown_theme(self, approach):
        with pytest.raises(ValidationError):
            services.add_goal(approach=approach, title="X", themes=["nonsense"], by=SYSTEM)

    def test_monitor_indicator_takes_name_unit_polarity_from_catalogue(self, approach):
        Indicator.objects.create(
            code="werkloosheid",
            name_nl="Werkloosheid",
            name_en="Unemployment",
            unit="%",
            polarity=-1,
        )
        goal = services.add_goal(approach=approach, title="Werk", by=SYSTEM)
        ind = services.add_goal_indicator(goal=goal, indicator_code="werkloosheid", by=SYSTEM)
        assert (ind.name, ind.unit, ind.polarity) == ("Werkloosheid", "%", -1)
        with pytest.raises(ValidationError):
            services.record_indicator_measurement(indicator=ind, year=2025, value=1, by=SYSTEM)
        with pytest.raises(ValidationError):
            services.add_goal_indicator(goal=goal, indicator_code="bestaat-niet", by=SYSTEM)

    def test_monitor_indicator_name_follows_the_reader_language(self, approach):
        Indicator.objects.create(
            code="werkloosheid", name_nl="Werkloosheid", name_en="Unemployment", unit="%"
        )
        goal = services.add_goal(approach=approach, title="Werk", by=SYSTEM)
        copied = services.add_goal_indicator(goal=goal, indicator_code="werkloosheid", by=SYSTEM)
        own = services.add_goal_indicator(
            goal=goal, indicator_code="werkloosheid", name="Werkloosheid jongeren", by=SYSTEM
        )
        local = services.add_goal_indicator(goal=goal, name="Deelnemers werkcafé", by=SYSTEM)
        for language, expected in (
            ("nl", ["Werkloosheid", "Werkloosheid jongeren", "Deelnemers werkcafé"]),
            ("en", ["Unemployment", "Werkloosheid jongeren", "Deelnemers werkcafé"]),
        ):
            with translation.override(language):
                states = indicator_states(AnonymousUser(), [copied, own, local], ["WK1"])
                assert [s.name for s in states] == expected


class TestProjects:
    def test_create_with_goals_drivers_and_history(self, approach, orgs):
        goal = services.add_goal(approach=approach, title="Veilig", by=SYSTEM)
        driver = PolicyDriver.objects.get(key="safe_district", municipality=None)
        project = make_project(
            approach,
            goals=[goal],
            policy_drivers=[driver],
            themes=["safety"],
            owner_organisation=orgs["corporatie"],
            combined_message="Een moestuin maakt de wijk veiliger en groener.",
        )
        assert list(project.goals.all()) == [goal]
        assert project.status == "planned"
        assert ProjectStatusChange.objects.get(project=project).to_status == "planned"

    def test_goal_of_another_approach_and_foreign_owner(self, approach, geo, orgs):
        other = make_approach(geo, name="Andere")
        foreign_goal = services.add_goal(approach=other, title="Elders", by=SYSTEM)
        with pytest.raises(ValidationError):
            make_project(approach, goals=[foreign_goal])
        with pytest.raises(ValidationError):
            make_project(approach, owner_organisation=orgs["den_haag"])

    def test_end_before_start(self, approach):
        with pytest.raises(ValidationError):
            make_project(approach, start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 1))

    def test_status_history_is_appended_and_transitions_checked(self, approach):
        project = make_project(approach)
        services.change_project_status(project=project, status="running", note="Gestart", by=SYSTEM)
        services.change_project_status(project=project, status="paused", by=SYSTEM)
        with pytest.raises(ValidationError):
            services.change_project_status(project=project, status="planned", by=SYSTEM)
        history = list(project.status_changes.order_by("id").values_list("to_status", flat=True))
        assert history == ["planned", "running", "paused"]
        assert audit("project_status_changed").count() == 2

    def test_progress_update_with_output_figures(self, approach):
        project = make_project(approach)
        update = services.report_progress(
            project=project,
            narrative="Twee bijeenkomsten",
            progress_percent=30,
            outputs=[{"label": "Bijeenkomsten", "value": "2", "unit": ""}],
            by=SYSTEM,
        )
        assert update.outputs == [{"label": "Bijeenkomsten", "value": 2.0, "unit": ""}]
        with pytest.raises(ValidationError):
            services.report_progress(
                project=project, narrative="x", progress_percent=130, by=SYSTEM
            )
        with pytest.raises(ValidationError):
            services.report_progress(
                project=project,
                narrative="x",
                progress_percent=10,
                outputs=[{"label": "a"}],
                by=SYSTEM,
            )

    def test_update_project_and_milestones(self, approach):
        project = make_project(approach)
        goal = services.add_goal(approach=approach, title="Doel", by=SYSTEM)
        services.update_project(project=project, title="Nieuw", goals=[goal], by=SYSTEM)
        project.refresh_from_db()
        assert project.title == "Nieuw" and list(project.goals.all()) == [goal]
        milestone = services.add_milestone(
            project=project, title="Start", due_date=dt.date(2025, 3, 1), by=SYSTEM
        )
        services.complete_milestone(milestone=milestone, done_on=dt.date(2025, 3, 2), by=SYSTEM)
        assert milestone.done_on == dt.date(2025, 3, 2)
        with pytest.raises(TypeError):
            services.update_project(project=project, status="completed", by=SYSTEM)


class TestMoney:
    def test_funding_and_its_status(self, approach, orgs):
        project = make_project(approach)
        funding = services.add_funding(
            project=project, source=orgs["corporatie"], amount=Decimal("5000"), year=2025, by=SYSTEM
        )
        services.change_funding_status(funding=funding, status="committed", by=SYSTEM)
        assert funding.status == "committed"
        event = audit("funding_status_changed").get()
        assert event.detail["from_status"] == "planned"
        with pytest.raises(ValidationError):
            services.add_funding(
                project=project, source=orgs["den_haag"], amount=Decimal("1"), year=2025, by=SYSTEM
            )
        services.withdraw_funding(funding=funding, reason="Dubbel ingevoerd", by=SYSTEM)
        assert not project.fundings.exists()

    def test_money_flow_outside_projects(self, approach, orgs):
        flow = services.add_money_flow(
            approach=approach,
            organisation=orgs["welzijn"],
            year=2025,
            amount=Decimal("80000"),
            theme="health",
            description="Buurtteam",
            by=SYSTEM,
        )
        assert flow.pk and audit("money_flow_added").exists()


def test_every_checklist_step_has_items():
    assert all(CHECKLIST[s] for s in Step.values)
    assert ChecklistItem._meta.get_field("note")


class TestOverview:
    def test_actual_from_latest_observation_and_roll_up(self, approach, geo, orgs):
        from wendbaar.agenda.selectors import approach_overview

        ind = Indicator.objects.create(
            code="werkloosheid", name_nl="Werkloosheid", name_en="Unemployment", unit="%"
        )
        for period, value in [(2023, 10.0), (2024, 8.0)]:
            Observation.objects.create(
                indicator=ind,
                region_code="WK034403",
                area=geo["overvecht"],
                period=period,
                value=value,
            )
        goal = services.add_goal(approach=approach, title="Werk", by=SYSTEM)
        services.add_goal_indicator(
            goal=goal,
            indicator_code="werkloosheid",
            baseline_value=10,
            baseline_year=2023,
            target_value=6,
            target_year=2030,
            by=SYSTEM,
        )
        p1 = make_project(approach, goals=[goal], budget="30000")
        p2 = make_project(approach, budget="10000")
        services.report_progress(project=p1, narrative="x", progress_percent=50, by=SYSTEM)
        services.report_progress(project=p2, narrative="x", progress_percent=10, by=SYSTEM)
        services.add_funding(
            project=p1, source=orgs["gemeente"], amount=Decimal("600"), year=2025, by=SYSTEM
        )
        services.add_funding(
            project=p1, source=orgs["corporatie"], amount=Decimal("400"), year=2025, by=SYSTEM
        )
        overview = approach_overview(AnonymousUser(), approach)
        state = overview.goals[0].indicators[0]
        assert state.actual.value == 8.0 and state.actual.period == 2024
        assert state.progress == pytest.approx(0.5)
        assert overview.goals[0].progress.percent == pytest.approx(50.0)
        assert overview.progress.percent == pytest.approx(40.0)
        # Others' money over the project's cost: 400 of 30,000, not 400 of the 1,000 entered.
        assert overview.projects[0].co_funding.share == pytest.approx(400 / 30000)
        assert overview.money.total.planned == Decimal("1000")
        codes = {w.code for w in overview.warnings}
        assert {"project_without_goal", "coalition_missing_party"} <= codes
