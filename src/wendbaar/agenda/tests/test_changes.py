"""Changes to the goals and indicators, with a reason (issue #15, item 2).

Each of the six services keeps what changed and why (``AgendaChange``); from the day
after a goal or indicator was made a change of what it says, or its removal, needs a
reason; the wijkaanpak page lists the last changes to the vision and goals.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.agenda import services
from wendbaar.agenda.changes import (
    Words,
    change_summary,
    needs_reason,
    with_pairs,
)
from wendbaar.agenda.models import AgendaChange, Goal, GoalIndicator
from wendbaar.agenda.selectors import agenda_changes
from wendbaar.approaches import services as approach_services
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.monitor.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The labels and refusals below are read in English (their Dutch is in the catalogue)."""
    with translation.override("en"):
        yield


@pytest.fixture
def goal(approach):
    return services.add_goal(
        approach=approach, title="Meer ontmoeting", description="Buren kennen elkaar", by=SYSTEM
    )


@pytest.fixture
def indicator(goal):
    return services.add_goal_indicator(
        goal=goal,
        name="Buurtgesprekken",
        unit="count",
        baseline_value=2,
        baseline_year=2024,
        target_value=40,
        target_year=2030,
        by=SYSTEM,
    )


def set_yesterday(*records):
    """Made the day before: part of the agenda as set."""
    yesterday = timezone.now() - dt.timedelta(days=1)
    for record in records:
        type(record).objects.filter(pk=record.pk).update(created_at=yesterday)
        record.refresh_from_db()


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def kinds(approach):
    return list(approach.agenda_changes.values_list("kind", flat=True))


# --- each service keeps its change --------------------------------------------------------


class TestEachServiceKeepsItsChange:
    def test_adding_a_goal_and_an_indicator(self, approach, indicator):
        added_goal, added_indicator = AgendaChange.objects.order_by("id")
        assert (added_goal.kind, added_goal.subject) == ("goal_added", "Meer ontmoeting")
        assert added_goal.changes == {
            "title": "Meer ontmoeting",
            "description": "Buren kennen elkaar",
            "themes": [],
        }
        assert added_goal.reason == "" and added_goal.changed_by is None
        assert added_indicator.kind == "indicator_added"
        assert added_indicator.subject == "Buurtgesprekken (Meer ontmoeting)"
        assert added_indicator.changes["target_value"] == 40
        assert added_indicator.indicator == indicator
        # Beside the audit events, not instead of them.
        events = AuditEvent.objects.filter(action__in=["goal_added", "goal_indicator_added"])
        assert events.count() == 2

    def test_adding_with_a_reason_keeps_it(self, approach):
        services.add_goal(approach=approach, title="Werk", reason="Uit de wijkavond", by=SYSTEM)
        assert approach.agenda_changes.get().reason == "Uit de wijkavond"

    def test_changing_a_goal_keeps_old_and_new_and_who(self, approach, goal, users):
        editor = users["programmabureau"]
        services.update_goal(goal=goal, title="Meer contact", themes=["cohesion"], by=editor)
        change = approach.agenda_changes.get(kind="goal_changed")
        assert change.changes == {
            "title": ["Meer ontmoeting", "Meer contact"],
            "themes": [[], ["cohesion"]],
        }
        assert change.subject == "Meer contact"
        assert change.changed_by == editor and change.goal == goal

    def test_changing_an_indicator_keeps_the_figure_with_its_year(self, approach, indicator):
        services.update_goal_indicator(indicator=indicator, target_value=45, by=SYSTEM)
        change = approach.agenda_changes.get(kind="indicator_changed")
        assert change.changes == {"target_value": [40.0, 45], "target_year": [2030, 2030]}
        assert change.indicator == indicator

    def test_removing_an_indicator_keeps_what_it_said(self, approach, goal, indicator):
        services.remove_goal_indicator(indicator=indicator, reason="Dubbel", by=SYSTEM)
        change = approach.agenda_changes.get(kind="indicator_removed")
        assert change.subject == "Buurtgesprekken (Meer ontmoeting)"
        assert change.indicator is None and change.goal == goal
        assert change.changes["baseline_value"] == 2 and change.reason == "Dubbel"
        assert AuditEvent.objects.filter(action="goal_indicator_removed").count() == 1

    def test_removing_a_goal_keeps_its_title_after_it_is_gone(self, approach, goal, indicator):
        services.remove_goal(goal=goal, reason="Opgegaan in Werk", by=SYSTEM)
        change = approach.agenda_changes.get(kind="goal_removed")
        assert change.goal is None and change.subject == "Meer ontmoeting"
        assert change.changes["indicators"] == ["Buurtgesprekken"]
        # The indicator's own rows stay, their subject too.
        assert approach.agenda_changes.get(kind="indicator_added").indicator is None

    def test_an_edit_that_changes_nothing_keeps_nothing(self, approach, goal, indicator):
        before = kinds(approach)
        services.update_goal(goal=goal, title="Meer ontmoeting", by=SYSTEM)
        services.update_goal_indicator(indicator=indicator, target_value=40, by=SYSTEM)
        services.update_goal(goal=goal, order=7, by=SYSTEM)  # the order on the page only
        assert kinds(approach) == before


# --- the rule for a reason -----------------------------------------------------------------


class TestReasonRule:
    def test_needs_reason_from_the_day_after(self):
        assert not needs_reason(dt.date(2025, 3, 10), dt.date(2025, 3, 10))
        assert needs_reason(dt.date(2025, 3, 9), dt.date(2025, 3, 10))
        assert needs_reason(dt.date(2024, 12, 31), dt.date(2025, 1, 1))

    def test_on_its_first_day_a_goal_is_drafted_freely(self, approach, goal):
        services.update_goal(goal=goal, title="Meer contact", by=SYSTEM)
        services.remove_goal(goal=goal, by=SYSTEM)
        assert kinds(approach) == ["goal_removed", "goal_changed", "goal_added"]

    def test_a_set_goal_is_not_changed_without_a_reason(self, approach, goal):
        set_yesterday(goal)
        before = kinds(approach)
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as exc:
            services.update_goal(goal=goal, title="Meer contact", by=SYSTEM)
        assert "Say why it changes" in exc.value.message_dict["reason"][0]
        goal.refresh_from_db()
        assert goal.title == "Meer ontmoeting"
        assert kinds(approach) == before and AuditEvent.objects.count() == events
        with pytest.raises(ValidationError):
            services.update_goal(goal=goal, description="Anders", reason="   ", by=SYSTEM)

    def test_a_set_goal_changes_with_a_reason(self, approach, goal):
        set_yesterday(goal)
        services.update_goal(
            goal=goal, title="Meer contact", reason="Bewoners  zeggen\ncontact", by=SYSTEM
        )
        change = approach.agenda_changes.get(kind="goal_changed")
        assert change.reason == "Bewoners zeggen contact"  # one line
        assert AuditEvent.objects.get(action="goal_updated").detail["reason"] == change.reason

    def test_a_set_goals_themes_change_without_a_reason(self, approach, goal):
        set_yesterday(goal)
        services.update_goal(goal=goal, themes=["work"], by=SYSTEM)
        assert approach.agenda_changes.get(kind="goal_changed").changes == {
            "themes": [[], ["work"]]
        }

    @pytest.mark.parametrize(
        "fields",
        [
            {"target_value": 45},
            {"baseline_year": 2023},
            {"name": "Gesprekken"},
            {"unit": "%"},
            {"polarity": -1},
        ],
    )
    def test_a_set_indicator_is_not_changed_without_a_reason(self, approach, indicator, fields):
        set_yesterday(indicator)
        with pytest.raises(ValidationError) as exc:
            services.update_goal_indicator(indicator=indicator, by=SYSTEM, **fields)
        assert "reason" in exc.value.message_dict
        indicator.refresh_from_db()
        assert (indicator.name, indicator.unit, indicator.polarity) == (
            "Buurtgesprekken",
            "count",
            1,
        )
        assert (indicator.baseline_year, indicator.target_value) == (2024, 40)
        assert "indicator_changed" not in kinds(approach)

    def test_an_indicator_added_today_to_a_set_goal_is_drafted_freely(self, approach, goal):
        set_yesterday(goal)
        fresh = services.add_goal_indicator(goal=goal, name="Nieuw", by=SYSTEM)
        services.update_goal_indicator(indicator=fresh, target_value=10, by=SYSTEM)
        services.remove_goal_indicator(indicator=fresh, by=SYSTEM)
        assert not GoalIndicator.objects.filter(pk=fresh.pk).exists()

    def test_removing_what_was_set_needs_a_reason(self, approach, goal, indicator):
        set_yesterday(goal, indicator)
        with pytest.raises(ValidationError) as exc:
            services.remove_goal_indicator(indicator=indicator, by=SYSTEM)
        assert "Say why it is removed" in exc.value.message_dict["reason"][0]
        with pytest.raises(ValidationError):
            services.remove_goal(goal=goal, by=SYSTEM)
        assert Goal.objects.filter(pk=goal.pk).exists()
        assert GoalIndicator.objects.filter(pk=indicator.pk).exists()
        assert kinds(approach) == ["indicator_added", "goal_added"]
        services.remove_goal_indicator(indicator=indicator, reason="Niet te meten", by=SYSTEM)
        services.remove_goal(goal=goal, reason="Opgegaan in Werk", by=SYSTEM)
        assert kinds(approach)[:2] == ["goal_removed", "indicator_removed"]

    def test_a_reason_is_at_most_300_characters(self, goal):
        with pytest.raises(ValidationError) as exc:
            services.update_goal(goal=goal, title="Anders", reason="x" * 301, by=SYSTEM)
        assert "reason" in exc.value.message_dict


# --- what a change says in one line ----------------------------------------------------------

PLAIN = Words(
    label=lambda f: f.replace("_value", "").replace("_", " "),
    value=lambda f, v: f"“{v}”" if isinstance(v, str) else f"{v:g}" if f != "themes" else str(v),
)


class TestSummary:
    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"target_value": [40, 45], "target_year": [2030, 2030]}, "target 40 → 45 (2030)"),
            (
                {"target_value": [40, 40], "target_year": [2030, 2032]},
                "target year 2030 → 2032",
            ),
            ({"target_value": [None, 45], "target_year": [None, None]}, "target \N{EN DASH} → 45"),
            (
                {"target_value": [40, 45], "target_year": [2030, 2032]},
                "target 40 (2030) → 45 (2032)",
            ),
            ({"target_value": [12.5, 10]}, "target 12.5 → 10"),  # an old row without its year
            (
                {
                    "target_value": [40, 45],
                    "target_year": [2030, 2030],
                    "name": ["Gesprekken", "Buurtgesprekken"],
                    "baseline_value": [2, 3],
                    "baseline_year": [2023, 2024],
                },
                "name “Gesprekken” → “Buurtgesprekken”; baseline 2 (2023) → 3 (2024); "
                "target 40 → 45 (2030)",
            ),
        ],
    )
    def test_an_indicator_change(self, changes, expected):
        assert change_summary("indicator_changed", changes, PLAIN) == expected

    def test_a_goal_change_says_a_long_text_was_rewritten(self):
        changes = {"description": ["Oud", "Nieuw"], "title": ["Werk", "Meer werk"]}
        assert change_summary("goal_changed", changes, PLAIN) == (
            "title “Werk” → “Meer werk”; description rewritten"
        )

    def test_an_addition_lists_unit_and_figures(self):
        record = {
            "indicator_code": "",
            "name": "Gesprekken",
            "unit": "%",
            "polarity": 1,
            "baseline_value": 12,
            "baseline_year": 2022,
            "target_value": 10,
            "target_year": None,
        }
        assert change_summary("indicator_added", record, PLAIN) == (
            "unit: “%”; baseline 12 (2022); target 10"
        )
        assert change_summary("goal_added", {"title": "Werk", "themes": []}, PLAIN) == ""

    def test_a_sensitive_indicators_figures_are_not_told(self):
        changes = {"target_value": [70.13, 60], "target_year": [2030, 2030], "unit": ["%", "‰"]}
        text = change_summary("indicator_changed", changes, PLAIN, hide_figures=True)
        assert text == "unit “%” → “‰”; figures not public"
        added = {"baseline_value": 83.17, "baseline_year": 2024, "target_value": 70.13}
        assert change_summary("indicator_added", added, PLAIN, hide_figures=True) == (
            "figures not public"
        )

    def test_with_pairs_keeps_a_value_with_its_year(self):
        current = {"target_value": 45, "target_year": 2030, "baseline_value": 2}
        assert with_pairs({"target_value": [40, 45]}, current) == {
            "target_value": [40, 45],
            "target_year": [2030, 2030],
        }
        assert with_pairs({"name": ["a", "b"]}, current) == {"name": ["a", "b"]}


# --- the list of changes: vision and agenda, in a period --------------------------------------


class TestAgendaChanges:
    def test_vision_and_agenda_merged_newest_first_within_the_period(
        self, approach, goal, indicator, django_assert_max_num_queries
    ):
        editor = UserFactory(first_name="Anna", last_name="de Vries")
        first = approach_services.revise_vision(
            approach=approach, text="Een wijk waar iedereen meedoet.", reason="Start", by=SYSTEM
        )
        second = approach_services.revise_vision(
            approach=approach, text="Een wijk  waar\niedereen telt.", reason="Wijkavond", by=SYSTEM
        )
        services.update_goal_indicator(
            indicator=indicator, target_value=45, reason="Nulmeting lager", by=SYSTEM
        )
        type(first).objects.filter(pk=first.pk).update(created_at=at(dt.date(2024, 12, 31)))
        type(second).objects.filter(pk=second.pk).update(
            created_at=at(dt.date(2025, 12, 31), 23), created_by=editor
        )
        approach.agenda_changes.filter(kind__in=["goal_added", "indicator_added"]).update(
            created_at=at(dt.date(2025, 1, 1), 9)
        )
        approach.agenda_changes.filter(kind="indicator_changed").update(
            created_at=at(dt.date(2025, 3, 10))
        )
        with django_assert_max_num_queries(3):
            rows = agenda_changes(approach, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
        assert [(r.when.date(), r.kind, r.subject) for r in rows] == [
            (dt.date(2025, 12, 31), "vision_changed", "Vision"),
            (dt.date(2025, 3, 10), "indicator_changed", "Buurtgesprekken (Meer ontmoeting)"),
            (dt.date(2025, 1, 1), "indicator_added", "Buurtgesprekken (Meer ontmoeting)"),
            (dt.date(2025, 1, 1), "goal_added", "Meer ontmoeting"),
        ]
        vision, changed, added, _goal = rows
        assert vision.kind_label == "New version of the vision"
        assert (vision.summary, vision.reason, vision.by_name) == (
            "Een wijk waar iedereen telt.",
            "Wijkavond",
            "Anna de Vries",
        )
        assert changed.kind_label == "Indicator changed"
        assert (changed.summary, changed.reason, changed.by_name) == (
            "target 40 → 45 (2030)",
            "Nulmeting lager",
            "",
        )
        assert added.summary == "unit: count; baseline 2 (2024); target 40 (2030)"
        # Open ends, and a limit for the page.
        assert len(agenda_changes(approach)) == 5
        assert [r.kind for r in agenda_changes(approach, end=dt.date(2024, 12, 31))] == [
            "vision_changed"
        ]
        assert len(agenda_changes(approach, limit=2)) == 2

    def test_a_sensitive_indicators_figures_stay_out(self, approach, goal, users):
        bureau = users["programmabureau"]  # may see it: staff with restricted access
        Indicator.objects.create(
            code="herkomst", name_nl="Herkomst", name_en="Origin", unit="%", sensitive=True
        )
        sensitive = services.add_goal_indicator(
            goal=goal,
            indicator_code="herkomst",
            baseline_value=83.17,
            baseline_year=2024,
            target_value=70.13,
            target_year=2030,
            by=bureau,
        )
        services.update_goal_indicator(indicator=sensitive, target_value=65.5, by=bureau)
        rows = [r for r in agenda_changes(approach) if r.kind.startswith("indicator")]
        assert [r.summary for r in rows] == ["figures not public", "unit: %; figures not public"]
        services.remove_goal_indicator(indicator=sensitive, by=bureau)
        removed = agenda_changes(approach)[0]
        assert removed.kind == "indicator_removed" and "83" not in removed.summary


# --- the forms and the wijkaanpak page --------------------------------------------------------


def url(name, **kw):
    return reverse(f"agenda:{name}", kwargs=kw)


class TestPages:
    def test_a_set_goals_edit_asks_why_and_keeps_what_was_typed(self, client, users, goal):
        set_yesterday(goal)
        client.cookies["django_language"] = "en"
        client.force_login(users["wijkmanager_in"])
        edit = url("goal_edit", pk=goal.approach_id, goal=goal.pk)
        page = client.get(edit).content.decode()
        assert "Reason for the change" in page and "set before today" in page
        response = client.post(edit, {"title": "Meer contact", "description": "Getypt"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="Meer contact"' in html and "Getypt" in html
        assert 'id="id_reason_error"' in html and "Say why it changes" in html
        goal.refresh_from_db()
        assert goal.title == "Meer ontmoeting"
        response = client.post(
            edit, {"title": "Meer contact", "description": "Getypt", "reason": "Wijkavond"}
        )
        assert response.status_code == 302
        assert goal.approach.agenda_changes.get(kind="goal_changed").reason == "Wijkavond"

    def test_a_fresh_indicators_edit_needs_no_reason(self, client, users, indicator):
        client.force_login(users["programmabureau"])
        edit = url("indicator_edit", pk=indicator.goal.approach_id, indicator=indicator.pk)
        response = client.post(
            edit, {"name": "Buurtgesprekken", "unit": "count", "polarity": 1, "target_value": 45}
        )
        assert response.status_code == 302
        indicator.refresh_from_db()
        assert indicator.target_value == 45

    def test_a_set_indicators_removal_needs_a_reason(self, client, users, indicator):
        set_yesterday(indicator)
        client.cookies["django_language"] = "en"
        client.force_login(users["programmabureau"])
        remove = url("indicator_remove", pk=indicator.goal.approach_id, indicator=indicator.pk)
        response = client.post(remove, {"reason": ""})
        assert response.status_code == 200 and "Say why it is removed" in response.content.decode()
        assert GoalIndicator.objects.filter(pk=indicator.pk).exists()
        response = client.post(remove, {"reason": "Niet te meten"})
        assert response.status_code == 302
        assert not GoalIndicator.objects.filter(pk=indicator.pk).exists()

    def test_the_page_shows_the_changes_and_why_to_a_visitor(self, client, approach, indicator):
        set_yesterday(indicator)
        services.update_goal_indicator(
            indicator=indicator,
            target_value=45,
            reason="De nulmeting bleek lager",
            by=SYSTEM,
        )
        approach_services.revise_vision(
            approach=approach, text="Iedereen doet mee.", reason="Na de wijkavond", by=SYSTEM
        )
        page = url("approach", pk=approach.pk)
        assert client.get(page).status_code == 404  # a draft: nothing, not even the changes
        approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
        client.cookies["django_language"] = "en"
        html = client.get(page).content.decode()
        section = html[html.index('id="changes"') :]
        assert "Changes to vision and goals" in section
        assert "Indicator changed: Buurtgesprekken (Meer ontmoeting)" in section
        assert "target 40 → 45 (2030)" in section and "De nulmeting bleek lager" in section
        assert "New version of the vision: Vision" in section and "Na de wijkavond" in section
        assert "No reason given" in section  # the goal and indicator added on their first day
        # Newest first.
        assert section.index("Na de wijkavond") < section.index("De nulmeting bleek lager")
