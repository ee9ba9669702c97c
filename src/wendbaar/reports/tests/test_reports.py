"""A report's road: composed from the apps, answered honestly, adopted and frozen."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wendbaar.agenda import services as agenda
from wendbaar.agenda.models import Project
from wendbaar.core.actors import SYSTEM
from wendbaar.monitor.models import Observation
from wendbaar.monitor.selectors import value_in

from .. import content, services
from ..compose import compose, period_of
from ..constants import MeasurementKind as K
from ..constants import Status
from ..models import Chapter, Claim, Report, ReportStep
from .factories import YEAR, adopted, agenda_world, answered, public_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(approach, geo, orgs):
    return agenda_world(approach, geo, orgs)


@pytest.fixture
def report(approach, world):
    start, end = period_of(YEAR)
    return services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)


def test_a_new_report_has_a_chapter_per_goal_and_one_per_period(report, approach, world):
    assert [c.goal_title for c in report.chapters.all()] == [
        "Meer mensen aan het werk",
        "Een veilige buurt",
    ]
    assert report.status == Status.CONCEPT and report.title.endswith("2025")
    with pytest.raises(ValidationError) as e:
        services.create_report(
            approach=approach,
            period_start=report.period_start,
            period_end=report.period_end,
            by=SYSTEM,
        )
    assert "already has a report" in str(e.value)
    assert Report.objects.count() == 1


def test_the_figures_are_the_monitors_and_the_money_and_outputs_the_agendas(report, approach):
    shown = compose(report)
    work = shown.chapters[0]
    result = work.results[0]
    monitor = value_in(None, indicator="werkloosheid", areas=["WK034403"], period=YEAR)
    # The latest figure within the period (2026 lies after it), as the monitor has it.
    assert (result.latest, result.latest_year) == (monitor.value, YEAR) == (8.0, 2025)
    assert (result.baseline, result.baseline_year, result.baseline_source) == (9.0, 2023, "monitor")
    assert result.change == pytest.approx(-1.0)
    assert result.series == ((2022, 10.0), (2023, 9.0), (2024, 8.5), (2025, 8.0))
    assert result.provenance.tables == "T2025"
    [output] = work.outputs
    assert output.project == "Werkcafé" and output.progress == 40
    assert output.figures == (("Bezoekers", 140.0, "mensen"),)
    assert {(m.party, m.planned) for m in work.money} == {
        ("Gemeente Utrecht", "12000.00"),
        ("Woningcorporatie (voorbeeld)", "8000.00"),
    }
    local = shown.chapters[1].results[0]
    assert (local.from_monitor, local.latest, local.latest_year) == (False, 18, 2025)


def test_both_halves_must_be_answered_before_adoption(report):
    services.move_report(report=report, to=Status.REVIEW, by=SYSTEM)
    with pytest.raises(ValidationError) as e:
        services.move_report(report=report, to=Status.ADOPTED, by=SYSTEM)
    messages = e.value.messages
    assert any("Meer mensen aan het werk" in m and "what works" in m for m in messages)
    assert any("Een veilige buurt" in m and "does not work" in m for m in messages)
    report.refresh_from_db()
    assert report.status == Status.REVIEW and report.snapshot is None


def test_a_claim_needs_its_kind_and_contradicting_nothing_is_refused(report):
    chapter = report.chapters.first()
    with pytest.raises(ValidationError) as e:
        services.save_chapter(chapter=chapter, works=[("Het werkt.", "")], by=SYSTEM)
    assert "kind of measurement" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.save_chapter(
            chapter=chapter, works=[("Het werkt.", K.EFFECT_STUDY)], nothing_works=True, by=SYSTEM
        )
    assert "nothing to report" in str(e.value)
    assert not Claim.objects.exists()
    chapter.refresh_from_db()
    assert chapter.nothing_works is False


def test_a_draft_cannot_skip_the_discussion(report):
    answered(report)
    with pytest.raises(ValidationError) as e:
        services.move_report(report=report, to=Status.ADOPTED, by=SYSTEM)
    assert "cannot go from" in str(e.value)


def test_an_adopted_report_is_frozen_against_imports_and_edits(report, approach, world, geo):
    report = adopted(report)
    before = json.dumps(report.snapshot, sort_keys=True)
    # A new import changes the monitor's figure for the period; a project is renamed and
    # reports progress again; a goal is renamed.
    Observation.objects.filter(period=YEAR).update(value=3.0)
    project = Project.objects.get(title="Werkcafé")
    agenda.update_project(project=project, title="Werkcafé Overvecht", by=SYSTEM)
    agenda.report_progress(
        project=project,
        narrative="Later.",
        progress_percent=90,
        reported_on=dt.date(YEAR, 11, 1),
        by=SYSTEM,
    )
    agenda.update_goal(goal=world["work"], title="Werk!", reason="Korter", by=SYSTEM)
    report.refresh_from_db()
    assert json.dumps(report.snapshot, sort_keys=True) == before
    frozen = content.from_json(report.snapshot)
    assert frozen.chapters[0].results[0].latest == 8.0
    assert frozen.chapters[0].outputs[0].project == "Werkcafé"
    # What composing today would show has moved on: the freeze is what holds it.
    assert compose(report).chapters[0].results[0].latest == 3.0
    with pytest.raises(ValidationError):
        services.save_chapter(chapter=report.chapters.first(), nothing_works=True, by=SYSTEM)
    assert [s.to_step for s in ReportStep.objects.filter(report=report)] == [
        Status.CONCEPT,
        Status.REVIEW,
        Status.ADOPTED,
    ]


def test_voices_are_published_public_stories_of_the_wijkaanpaks_areas(report, geo):
    public = public_story(geo, title="Buurtkeuken")
    internal = public_story(geo, internal=True)
    elsewhere = public_story(geo, title="Elders")
    elsewhere.areas.set([geo["escamp"]])
    chapter = report.chapters.first()
    for refused in (internal, elsewhere):
        with pytest.raises(ValidationError) as e:
            services.set_voices(
                report=report, chapter=chapter, story_ids=[public.pk, refused.pk], by=SYSTEM
            )
        assert f"Story {refused.pk} cannot be quoted" in str(e.value)
    assert not report.voices.exists()
    services.set_voices(report=report, chapter=chapter, story_ids=[public.pk], by=SYSTEM)
    assert [v.title for v in compose(report).chapters[0].voices] == ["Buurtkeuken"]
    too_many = [public_story(geo).pk for _ in range(4)]
    with pytest.raises(ValidationError):
        services.set_voices(report=report, story_ids=too_many, by=SYSTEM)  # opening: at most 3


def test_an_erased_story_leaves_the_frozen_report_with_a_note(report, geo, users):
    from wendbaar.stories import services as stories
    from wendbaar.stories.tests.factories import ContributorFactory

    person = ContributorFactory(municipality_code="GM0344")
    told = public_story(geo, title="Mijn straat", contributor=person, keep_after_withdrawal=False)
    other = public_story(geo, title="Het plein")
    services.set_voices(report=report, story_ids=[told.pk, other.pk], by=SYSTEM)
    report = adopted(report)
    stories.erase_personal_data(contributor=person, by=SYSTEM)
    report.refresh_from_db()
    voices = content.from_json(report.snapshot).opening_voices
    assert voices[0].title == "" and voices[0].text == "" and voices[0].removed_on
    assert voices[1].title == "Het plein" and not voices[1].removed_on
    assert "Mijn straat" not in json.dumps(report.snapshot, sort_keys=True)


def test_a_correction_is_a_new_version_with_a_reason(report):
    report = adopted(report)
    frozen = json.dumps(report.snapshot, sort_keys=True)
    with pytest.raises(ValidationError) as e:
        services.correct_report(report=report, reason=" ", by=SYSTEM)
    assert e.value.message_dict == {"reason": ["Say why the report is corrected."]}
    new = services.correct_report(report=report, reason="Een bedrag was verkeerd.", by=SYSTEM)
    assert (new.version, new.status, new.corrects_id) == (2, Status.CONCEPT, report.pk)
    assert new.chapters.count() == 2 and Claim.objects.filter(chapter__report=new).count() == 2
    report.refresh_from_db()
    assert json.dumps(report.snapshot, sort_keys=True) == frozen


def test_goals_added_during_the_draft_get_their_chapter_at_discussion(report, approach):
    agenda.add_goal(approach=approach, title="Groen", by=SYSTEM)
    services.move_report(report=report, to=Status.REVIEW, by=SYSTEM)
    assert [c.goal_title for c in Chapter.objects.filter(report=report)][-1] == "Groen"


def test_the_snapshot_round_trips_exactly(report, geo):
    services.set_voices(report=report, story_ids=[public_story(geo).pk], by=SYSTEM)
    shown = compose(report)
    assert content.from_json(json.loads(json.dumps(content.to_json(shown)))) == shown


def test_services_refuse_who_may_not_compose(report, users):
    with pytest.raises(PermissionDenied):
        services.save_chapter(
            chapter=report.chapters.first(), nothing_works=True, by=users["partner"]
        )
    with pytest.raises(PermissionDenied):
        services.move_report(report=report, to=Status.REVIEW, by=users["lezer"])
    assert report.chapters.first().nothing_works is False


def test_a_story_withdrawn_or_made_private_after_it_was_chosen_is_never_quoted(report, geo):
    from wendbaar.stories import services as stories
    from wendbaar.stories.constants import Consent
    from wendbaar.stories.models import Story

    private = public_story(geo, title="Mijn portiek")
    withdrawn = public_story(geo, title="Het buurthuis", keep_after_withdrawal=False)
    kept = public_story(geo, title="Het plein")
    services.set_voices(report=report, story_ids=[private.pk, withdrawn.pk, kept.pk], by=SYSTEM)
    Story.objects.filter(pk=private.pk).update(consent=Consent.INTERNAL)
    stories.withdraw_story(story=withdrawn, by=SYSTEM, reason="Ik wil het niet meer.")
    assert [v.title for v in compose(report).opening_voices] == ["Het plein"]
    assert not report.voices.filter(story=withdrawn).exists()  # the draft lost the voice
    frozen = content.from_json(adopted(report).snapshot)
    assert [v.title for v in frozen.opening_voices] == ["Het plein"]
