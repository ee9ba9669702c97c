"""The writers' pages, through the Django test client as a wijkmanager in scope would use
them: a report started, written, given voices, discussed and adopted; what is refused,
and that a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wendbaar.core.actors import SYSTEM

from .. import services
from ..compose import period_of
from ..constants import MeasurementKind as K
from ..constants import Section, Status
from ..models import Chapter, Claim, Report, ReportStep, Voice
from .factories import YEAR, adopted, agenda_world, public_story

pytestmark = pytest.mark.django_db

WORK, SAFE = "Meer mensen aan het werk", "Een veilige buurt"


@pytest.fixture
def world(approach, geo, orgs):
    return agenda_world(approach, geo, orgs)


@pytest.fixture
def report(approach, world):
    start, end = period_of(YEAR)
    return services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)


@pytest.fixture
def writer(client, users):
    client.force_login(users["wijkmanager_in"])
    return client


def url(name: str, report: Report, **kw) -> str:
    return reverse(f"reports:{name}", kwargs={"pk": report.approach_id, "report": report.pk, **kw})


def chapter(report: Report, title: str) -> Chapter:
    return report.chapters.get(goal_title=title)


def rows(prefix: str, *claims: tuple[str, str], extra: int = 2) -> dict[str, str]:
    """The POST of one half's rows: the claims, then ``extra`` empty rows."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(claims) + extra), f"{prefix}-INITIAL_FORMS": "0"}
    for i, (text, kind) in enumerate([*claims, *[("", "")] * extra]):
        data[f"{prefix}-{i}-text"], data[f"{prefix}-{i}-kind"] = text, kind
    return data


def chapter_post(works=(), not_yet=(), stories=(), **flags) -> dict:
    return {
        **rows("works", *works),
        **rows("not_yet", *not_yet),
        "stories": [str(s.pk) for s in stories],
        **{name: "on" for name, on in flags.items() if on},
    }


def page(response) -> str:
    return response.content.decode()


def test_a_wijkmanager_writes_a_report_from_start_to_adoption(writer, approach, world, geo):
    market, street = public_story(geo, title="De markt"), public_story(geo, title="Onze straat")
    response = writer.post(
        reverse("reports:create", kwargs={"pk": approach.pk}), {"year": "2025", "title": ""}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == url("compose", report)
    assert (report.period_start, report.period_end) == period_of(2025)
    assert report.title == "Progress report Overvecht 2025"

    overview = page(writer.get(url("compose", report)))
    assert overview.count("not answered yet") == 4  # both halves of both chapters
    assert f"“{WORK}”: say what works, or choose “nothing to report” explicitly." in overview

    work = chapter(report, WORK)
    response = writer.post(
        url("chapter", report, chapter=work.pk),
        chapter_post(
            works=[("Twaalf bewoners vonden werk via het werkcafé.", K.PROGRESS_MONITORING)],
            not_yet=[("Jongeren bereiken we nog niet.", K.DEVELOPMENT_RESEARCH)],
            stories=[street, market],
        ),
    )
    assert response.status_code == 302
    assert [(c.section, c.text, c.kind) for c in work.claims.all()] == [
        (Section.NOT_YET, "Jongeren bereiken we nog niet.", K.DEVELOPMENT_RESEARCH),
        (Section.WORKS, "Twaalf bewoners vonden werk via het werkcafé.", K.PROGRESS_MONITORING),
    ]
    # The voices in the order of the page: the newest story first (same date: the newest id).
    assert list(work.voices.values_list("story__title", flat=True)) == ["Onze straat", "De markt"]

    safe = chapter(report, SAFE)
    writer.post(
        url("chapter", report, chapter=safe.pk),
        chapter_post(not_yet=[("Er zijn te weinig buurtwachten.", K.PROCESS_EVALUATION)])
        | {"nothing_works": "on"},
    )
    safe.refresh_from_db()
    assert safe.nothing_works and not safe.nothing_fails and safe.claims.count() == 1

    response = writer.post(url("opening", report), {"stories": [str(market.pk)]})
    assert response.status_code == 302
    assert [v.story for v in Voice.objects.filter(report=report, chapter=None)] == [market]

    overview = page(writer.get(url("compose", report)))
    assert "not answered yet" not in overview and "nothing to report" in overview
    assert "Every chapter is answered" in overview

    response = writer.post(url("move", report), {"to": Status.REVIEW, "note": "Voor het overleg"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.REVIEW
    assert report.steps.last().note == "Voor het overleg"

    # Adopting asks the writer to say they mean it.
    overview = page(writer.get(url("compose", report)))
    assert "Adopting freezes the report: figures, stories and money no longer change." in overview
    response = writer.post(url("move", report), {"to": Status.ADOPTED})
    assert response.status_code == 400
    assert "Tick the box to say you mean it" in page(response)
    report.refresh_from_db()
    assert report.status == Status.REVIEW

    response = writer.post(url("move", report), {"to": Status.ADOPTED, "confirm": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ADOPTED and report.snapshot is not None
    frozen = page(writer.get(url("compose", report)))
    assert "the report is frozen" in frozen
    assert url("correct", report) in frozen
    assert 'name="title"' not in frozen and url("chapter", report, chapter=work.pk) not in frozen


def test_a_second_report_for_the_same_year_is_refused_at_the_year(writer, report, approach):
    response = writer.post(
        reverse("reports:create", kwargs={"pk": approach.pk}),
        {"year": str(YEAR), "title": "Nog een rapportage"},
    )
    assert response.status_code == 400
    html = page(response)
    assert 'id="id_year_error"' in html
    assert "This wijkaanpak already has a report for this period." in html
    assert 'value="Nog een rapportage"' in html
    assert Report.objects.count() == 1


def test_the_texts_around_the_chapters_are_saved(writer, report):
    response = writer.post(
        url("compose", report),
        {"title": "Overvecht 2025", "introduction": "Een jaar van bouwen.", "intentions": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.introduction) == ("Overvecht 2025", "Een jaar van bouwen.")


def test_a_claim_without_a_kind_is_shown_again_and_nothing_is_saved(writer, report, geo):
    story = public_story(geo)
    work = chapter(report, WORK)
    response = writer.post(
        url("chapter", report, chapter=work.pk),
        chapter_post(works=[("Het werkcafé loopt vol.", "")], stories=[story], nothing_fails=True),
    )
    assert response.status_code == 400
    html = page(response)
    assert "Het werkcafé loopt vol." in html
    # At the half (and in the summary, after its name) and at the row's own select.
    assert "What works: Line 1, Kind of measurement: Say how this is known" in html
    assert 'id="id_works-0-kind_error"' in html
    assert not Claim.objects.exists() and not Voice.objects.exists()
    work.refresh_from_db()
    assert not work.nothing_fails


def test_too_many_voices_leave_the_claims_unsaved_too(writer, report, geo):
    stories = [public_story(geo) for _ in range(5)]
    work = chapter(report, WORK)
    response = writer.post(
        url("chapter", report, chapter=work.pk),
        chapter_post(works=[("Het werkcafé loopt vol.", K.PROGRESS_MONITORING)], stories=stories),
    )
    assert response.status_code == 400
    assert "At most 4 voices here" in page(response)
    assert not Claim.objects.exists() and not Voice.objects.exists()


def test_the_chapter_page_shows_the_goals_figures_beside_the_form(writer, report):
    html = page(writer.get(url("chapter", report, chapter=chapter(report, WORK).pk)))
    # The monitor's figures of Overvecht (factories.FIGURES), the latest within 2025, with
    # the catalogue's decimals (none); the project's latest progress in the period.
    assert "<li>Werkloosheid: 8 % in 2025; baseline 9 % (2023); target 6 % (2030)</li>" in html
    assert "<li>Werkcafé: planned, 40% done (reported 1 June 2025).</li>" in html


def test_adoption_with_an_unanswered_chapter_is_refused_with_its_name(writer, report):
    services.save_chapter(
        chapter=chapter(report, WORK),
        works=[("Het loopt.", K.PROGRESS_MONITORING)],
        nothing_fails=True,
        by=SYSTEM,
    )
    services.move_report(report=report, to=Status.REVIEW, by=SYSTEM)
    steps = ReportStep.objects.count()
    response = writer.post(url("move", report), {"to": Status.ADOPTED, "confirm": "on"})
    assert response.status_code == 400
    html = page(response)
    assert 'id="form-errors"' in html
    assert f"“{SAFE}”: say what works, or choose “nothing to report” explicitly." in html
    report.refresh_from_db()
    assert report.status == Status.REVIEW and report.snapshot is None
    assert ReportStep.objects.count() == steps


def test_an_illegal_step_is_refused_with_the_workflows_reason(writer, report):
    # Nothing to confirm for a step that cannot be taken: the reason is the workflow's.
    response = writer.post(url("move", report), {"to": Status.ADOPTED})
    assert response.status_code == 400
    assert "A report cannot go from “Draft” to “Adopted”." in page(response)
    report.refresh_from_db()
    assert report.status == Status.CONCEPT


def _every_compose_url(report: Report) -> list[str]:
    first = report.chapters.first()
    return [
        reverse("reports:create", kwargs={"pk": report.approach_id}),
        url("compose", report),
        url("chapter", report, chapter=first.pk),
        url("opening", report),
        url("move", report),
        url("correct", report),
    ]


@pytest.mark.parametrize(("who", "status"), [("partner", 403), ("wijkmanager_out", 404)])
def test_outsiders_are_refused_every_compose_url(client, users, report, geo, who, status):
    story = public_story(geo)
    client.force_login(users[who])
    for address in _every_compose_url(report):
        assert client.get(address).status_code in (status, 405), address
        data = chapter_post(works=[("Stiekem", K.EFFECT_STUDY)], stories=[story]) | {
            "year": "2026",
            "title": "Stiekem",
            "to": Status.REVIEW,
            "reason": "Stiekem",
        }
        assert client.post(address, data).status_code == status, address
    assert Report.objects.count() == 1 and not Claim.objects.exists()
    report.refresh_from_db()
    assert report.status == Status.CONCEPT and report.title != "Stiekem"


def test_a_frozen_reports_chapter_post_is_refused_and_changes_nothing(writer, report):
    report = Report.objects.get(pk=adopted(report).pk)  # the snapshot as stored
    work = chapter(report, WORK)
    claims = list(work.claims.values_list("text", flat=True))
    snapshot = report.snapshot
    address = url("chapter", report, chapter=work.pk)
    response = writer.get(address)
    assert response.status_code == 302 and response["Location"] == url("compose", report)
    response = writer.post(address, chapter_post(works=[("Nieuw", K.EFFECT_STUDY)]))
    assert response.status_code == 400
    assert "An adopted report is frozen" in page(response)
    assert list(work.claims.values_list("text", flat=True)) == claims
    report.refresh_from_db()
    assert report.snapshot == snapshot


def test_a_correction_needs_a_reason_and_makes_version_2(writer, report):
    report = adopted(report)
    response = writer.post(url("correct", report), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why the report is corrected." in page(response)
    assert Report.objects.count() == 1

    response = writer.post(url("correct", report), {"reason": "Een cijfer stond verkeerd."})
    new = Report.objects.get(corrects=report)
    assert response.status_code == 302 and response["Location"] == url("compose", new)
    assert (new.version, new.status, new.correction_reason) == (
        2,
        Status.CONCEPT,
        "Een cijfer stond verkeerd.",
    )
    html = page(writer.get(url("compose", new)))
    assert "This version corrects version 1. Reason: Een cijfer stond verkeerd." in html
    # The adopted version now points to its correction instead of offering another.
    old = page(writer.get(url("compose", report)))
    assert url("compose", new) in old and url("correct", report) not in old


def test_a_draft_is_not_corrected_but_edited(writer, report):
    response = writer.get(url("correct", report))
    assert response.status_code == 302 and response["Location"] == url("compose", report)
