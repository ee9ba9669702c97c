"""The report as a web page: stories first and figures behind, honest about what does not
work, the same page a year later, and the partners' comments only while it is discussed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from wendbaar.agenda import services as agenda
from wendbaar.agenda.models import Project
from wendbaar.core.actors import SYSTEM
from wendbaar.monitor.models import Indicator, Observation

from .. import services
from ..compose import period_of
from ..constants import MeasurementKind as K
from ..constants import Status
from ..models import Comment
from .factories import YEAR, agenda_world, public_story

pytestmark = pytest.mark.django_db

QUOTE = "Iemand ging met me mee naar het eerste gesprek."
OPENING_QUOTE = "Op het plein kennen we elkaar weer."
WORKS = "Het werkcafé hielp twaalf bewoners aan werk."
NOT_YET = "De wachttijd voor een jobcoach is nog te lang."
# A sensitive indicator's target, in any notation: never on a public page.
SECRET = re.compile(r"70[.,]13?")


@pytest.fixture
def world(approach, geo, orgs, users):
    built = agenda_world(approach, geo, orgs)
    Indicator.objects.filter(code="werkloosheid").update(decimals=1)  # as the catalogue has it
    sensitive = Indicator.objects.create(
        code="herkomst",
        name_nl="Herkomst buiten Europa",
        name_en="Origin outside Europe",
        unit="%",
        sensitive=True,
    )
    Observation.objects.create(
        indicator=sensitive,
        region_code=geo["overvecht"].code,
        area=geo["overvecht"],
        period=YEAR,
        value=83.17,
        source_table="S2025",
    )
    agenda.add_goal_indicator(
        goal=built["work"],
        indicator_code="herkomst",
        baseline_value=83.17,
        baseline_year=YEAR,
        target_value=70.13,
        target_year=2030,
        by=users["programmabureau"],  # the system sees no sensitive figure either
    )
    return built


def _report(approach):
    start, end = period_of(YEAR)
    return services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)


def _written(report, geo):
    """Voices in the opening and the work chapter; both halves of the work chapter with
    claims, the safety chapter with "nothing to report" on what does not work."""
    work, safe = report.chapters.all()
    services.set_voices(
        report=report,
        chapter=work,
        story_ids=[public_story(geo, title="Weer aan het werk", quote=QUOTE).pk],
        by=SYSTEM,
    )
    services.set_voices(
        report=report, story_ids=[public_story(geo, quote=OPENING_QUOTE).pk], by=SYSTEM
    )
    services.save_chapter(
        chapter=work,
        works=[(WORKS, K.PROGRESS_MONITORING)],
        not_yet=[(NOT_YET, K.PROCESS_EVALUATION)],
        by=SYSTEM,
    )
    services.save_chapter(
        chapter=safe,
        works=[("Er lopen meer buurtwachten mee.", K.DEVELOPMENT_RESEARCH)],
        nothing_fails=True,
        by=SYSTEM,
    )
    return report


@pytest.fixture
def draft(approach, world, geo):
    return _written(_report(approach), geo)


@pytest.fixture
def under_discussion(draft):
    return services.move_report(report=draft, to=Status.REVIEW, by=SYSTEM)


@pytest.fixture
def adopted(under_discussion):
    return services.move_report(report=under_discussion, to=Status.ADOPTED, by=SYSTEM)


@pytest.fixture
def published(approach):
    approach.is_published = True
    approach.save(update_fields=["is_published"])
    return approach


def url(report, name="reports:detail") -> str:
    return reverse(name, kwargs={"pk": report.approach_id, "report": report.pk})


def page(client, report) -> str:
    response = client.get(url(report))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's text without tags, whitespace folded (what a reader reads)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def order(haystack: str, *needles: str) -> list[int]:
    positions = [haystack.index(n) for n in needles]
    assert positions == sorted(positions), list(zip(needles, positions, strict=True))
    return positions


# --- what the page says --------------------------------------------------------------------


def test_the_adopted_report_tells_the_story_first_and_the_figures_behind(
    client, adopted, published
):
    html = page(client, adopted)
    words = text(html)
    # Title and status, the opening voices, then per goal: the voices before the claims,
    # the claims before the results in words, and the appendix with its tables last.
    order(
        words,
        "Progress report Overvecht 2025",
        "Adopted on",
        OPENING_QUOTE,
        "1. Meer mensen aan het werk Voices",
        QUOTE,
        "What works",
        WORKS,
        "What does not work (yet)",
        NOT_YET,
        "Werkloosheid: 9.0 % in 2023 (baseline), 8.0 % in 2025; target 6.0 % in 2030.",
        "2. Een veilige buurt Voices",
        "Appendices The hard figures",
        "Outcome indicators of “Meer mensen aan het werk”",
        "T2025",
    )
    # Each claim says how it is known, in the text.
    assert f"{WORKS} Known through: Progress monitoring" in words
    assert f"{NOT_YET} Known through: Process evaluation" in words
    assert "Er lopen meer buurtwachten mee. Known through: Development research" in words
    # "Nothing to report" was chosen, and says so; told by whom and when.
    assert "What does not work (yet) Nothing to report." in words
    assert "Told by: Resident, 1 May 2024" in words
    assert "Draft — not adopted" not in words


def test_a_sensitive_figure_is_not_public_never_a_number(client, adopted, published):
    words = text(page(client, adopted))
    assert "Herkomst buiten Europa: Not public (sensitive figure)." in words
    assert "Herkomst buiten Europa Not public (sensitive figure)" in words  # the appendix row
    assert not SECRET.search(words) and "83" not in words


def test_the_appendix_gives_each_figure_its_provenance_and_its_trend(client, adopted, published):
    html = page(client, adopted)
    appendix = text(html[html.index('id="appendix-') :])
    # The figures table: baseline, latest, target; a local indicator's own measurement.
    assert "Werkloosheid 9.0 % (2023) 8.0 % (2025) 6.0 % (2030)" in appendix
    assert "Buurtwachten (local) no figure 18 mensen (2025) 30 mensen" in appendix
    # Provenance of the monitor's figure: the table of the latest year, and the year.
    assert "Table T2025 Year 2025" in appendix
    # The trend: one point per year of the series (2022 to 2025; 2026 lies after the
    # period), with the data in a table beside the chart.
    chart = html[html.index('<svg class="trend-chart__svg"') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count('class="report-chart__point"') == 4
    assert "<title" in chart and "<desc" in chart and "target 6.0" in text(chart)
    assert (
        "Werkloosheid by year Year Figure 2022 10.0 % 2023 (baseline) 9.0 % 2024 8.5 %" in appendix
    )
    # Money side by side per party, never one total; the project list.
    assert "Gemeente Utrecht € 12,000 € 0 € 0" in appendix
    assert "Werkcafé Meer mensen aan het werk Planned 40% 1 June 2025" in appendix


def test_an_erased_voice_leaves_only_a_note(client, adopted, published):
    story_id = adopted.voices.get(chapter__isnull=False).story_id
    services.remove_story_from_reports(story_id=story_id, by=SYSTEM)
    words = text(page(client, adopted))
    today = date_format(timezone.localdate(), "j F Y")
    assert (
        f"Voices This voice was removed after adoption (on {today}): the story was withdrawn "
        "or the person asked for their data to be erased. What works"
    ) in words
    assert QUOTE not in words and "Weer aan het werk" not in words
    assert OPENING_QUOTE in words


def test_a_draft_says_it_is_not_adopted(client, draft, users):
    client.force_login(users["programmabureau"])
    words = text(page(client, draft))
    assert "Draft — not adopted" in words and "under discussion" not in words
    assert "Adopted on" not in words


def test_an_adopted_report_is_the_same_page_after_an_import_and_a_project_edit(
    client, adopted, published, world
):
    def read() -> bytes:
        body = client.get(url(adopted)).content
        # The CSRF token of the language switch differs per request; nothing else may.
        return re.sub(rb'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', rb"\1", body)

    before = read()
    Observation.objects.filter(indicator__code="werkloosheid").update(value=3.0)
    agenda.update_project(
        project=Project.objects.get(title="Werkcafé"), title="Werkcafé Overvecht", by=SYSTEM
    )
    agenda.update_goal(goal=world["work"], title="Werk!", reason="Korter", by=SYSTEM)
    after = read()
    assert after == before
    assert b"Werkcaf\xc3\xa9 Overvecht" not in after and b"3.0 %" not in after


def test_the_query_count_is_small_when_adopted_and_fixed_per_chapter_before(
    client, adopted, published, users, geo, django_assert_max_num_queries
):
    # The adopted report reads its snapshot: the wijkaanpak, the report and whether a
    # later version corrects it, whatever the report holds.
    with django_assert_max_num_queries(3):
        assert client.get(url(adopted)).status_code == 200
    # Signed in: the session, the user and the policy's scopes (each decision reads the
    # roles), and the comments; still the same after the wijkaanpak grew a goal.
    client.force_login(users["programmabureau"])
    with django_assert_max_num_queries(27):
        assert client.get(url(adopted)).status_code == 200
    goal = agenda.add_goal(approach=adopted.approach, title="Groen", by=SYSTEM)
    agenda.add_goal_indicator(goal=goal, indicator_code="werkloosheid", by=SYSTEM)
    with django_assert_max_num_queries(27):
        assert client.get(url(adopted)).status_code == 200
    # A draft is composed from the apps: a fixed number of queries per chapter with a
    # monitor indicator (its projects, their progress, money, the catalogue, the series,
    # the latest figure's provenance and its map by buurt), none more for a local
    # indicator; the opening's map, key figures and quotable stories a fixed number.
    start, end = period_of(2026)
    draft = services.create_report(
        approach=adopted.approach, period_start=start, period_end=end, by=SYSTEM
    )
    with django_assert_max_num_queries(63) as three_chapters:
        assert client.get(url(draft)).status_code == 200
    goal = agenda.add_goal(approach=adopted.approach, title="Wonen", by=SYSTEM)
    agenda.add_goal_indicator(goal=goal, indicator_code="werkloosheid", by=SYSTEM)
    agenda.add_goal_indicator(goal=goal, name="Buurtfeesten", unit="count", by=SYSTEM)
    services.move_report(report=draft, to=Status.REVIEW, by=SYSTEM)  # adds its chapter
    services.move_report(report=draft, to=Status.CONCEPT, by=SYSTEM)
    with django_assert_max_num_queries(len(three_chapters) + 11):
        assert client.get(url(draft)).status_code == 200


# --- who sees what -------------------------------------------------------------------------


def test_the_public_sees_adopted_reports_of_published_wijkaanpakken_only(
    client, adopted, approach, geo
):
    assert client.get(url(adopted)).status_code == 404  # the wijkaanpak is not published
    assert client.get(reverse("reports:list", args=[approach.pk])).status_code == 404
    approach.is_published = True
    approach.save(update_fields=["is_published"])
    assert client.get(url(adopted)).status_code == 200
    next_year = services.create_report(
        approach=approach, period_start=period_of(2026)[0], period_end=period_of(2026)[1], by=SYSTEM
    )
    assert client.get(url(next_year)).status_code == 404
    listing = text(client.get(reverse("reports:list", args=[approach.pk])).content.decode())
    assert "Progress report Overvecht 2025" in listing
    assert "Progress report Overvecht 2026" not in listing
    assert "Start a new report" not in listing


def test_a_reader_sees_the_adopted_report_not_the_draft(client, adopted, approach, users):
    client.force_login(users["lezer"])
    assert client.get(url(adopted)).status_code == 200
    start, end = period_of(2026)
    draft = services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)
    assert client.get(url(draft)).status_code == 404


def test_a_writer_is_offered_a_new_report_for_last_year(client, approach, world, users):
    client.force_login(users["programmabureau"])
    response = client.get(reverse("reports:list", args=[approach.pk]))
    html = response.content.decode()
    assert f'action="{reverse("reports:create", args=[approach.pk])}"' in html
    assert 'name="year"' in html and 'name="title"' in html
    assert response.context["form"]["year"].value() == response.context["form"].initial["year"]


def test_a_correction_names_the_version_it_corrects_and_why(client, adopted, approach, users):
    new = services.correct_report(report=adopted, reason="Een bedrag was verkeerd.", by=SYSTEM)
    client.force_login(users["programmabureau"])
    listing = text(client.get(reverse("reports:list", args=[approach.pk])).content.decode())
    assert "2: corrects version 1 \N{EN DASH} Een bedrag was verkeerd." in listing
    assert "This version corrects version 1. Reason: Een bedrag was verkeerd." in text(
        page(client, new)
    )
    assert "A later version corrects this report: version 2" in text(page(client, adopted))
    # The public reads the adopted version as it was: the correction is still a draft.
    client.logout()
    approach.is_published = True
    approach.save(update_fields=["is_published"])
    assert "A later version corrects" not in text(page(client, adopted))


# --- comments ------------------------------------------------------------------------------


def test_a_partner_comments_under_discussion_seen_by_the_writers_not_the_readers(
    client, under_discussion, users
):
    report = under_discussion
    chapter = report.chapters.first()
    client.force_login(users["partner"])
    html = page(client, report)
    assert 'name="chapter"' in html and "Your comment on “Meer mensen aan het werk”" in html
    response = client.post(
        url(report, "reports:comment"), {"chapter": str(chapter.pk), "text": "Noem de buurtvaders."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url(report)}#chapter-{chapter.pk}"
    comment = Comment.objects.get()
    assert (comment.chapter, comment.text) == (chapter, "Noem de buurtvaders.")
    # The bureau reads it in its chapter; once adopted, a reader never does.
    client.force_login(users["programmabureau"])
    words = text(page(client, report))
    order(
        words,
        "Comments from the partners on “Meer mensen aan het werk”",
        "Noem de buurtvaders.",
        "Comments from the partners on “Een veilige buurt”",
    )
    services.move_report(report=report, to=Status.ADOPTED, by=SYSTEM)
    client.force_login(users["lezer"])
    assert "Noem de buurtvaders." not in page(client, report)
    assert "Your comment" not in page(client, report)


def test_a_comment_on_the_whole_report_goes_to_the_discussion(client, under_discussion, users):
    client.force_login(users["partner"])
    response = client.post(
        url(under_discussion, "reports:comment"), {"chapter": "", "text": "Helder verhaal."}
    )
    assert response["Location"].endswith("#comments")
    assert Comment.objects.get().chapter is None
    words = text(page(client, under_discussion))
    assert words.index("Discussion with the partners") < words.index("Helder verhaal.")


def test_a_comment_on_an_adopted_report_is_refused_and_writes_nothing(client, adopted, users):
    client.force_login(users["partner"])
    assert "Your comment" not in page(client, adopted)
    response = client.post(url(adopted, "reports:comment"), {"chapter": "", "text": "Te laat."})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_writer_cannot_comment_and_a_get_is_not_a_comment(client, under_discussion, users):
    client.force_login(users["programmabureau"])
    post = client.post(url(under_discussion, "reports:comment"), {"text": "Zelf."})
    assert post.status_code == 403
    client.force_login(users["partner"])
    assert client.get(url(under_discussion, "reports:comment")).status_code == 405
    assert not Comment.objects.exists()


def test_an_empty_or_too_long_comment_is_shown_again_with_its_error(
    client, under_discussion, users
):
    chapter = under_discussion.chapters.first()
    client.force_login(users["partner"])
    comment_url = url(under_discussion, "reports:comment")
    response = client.post(comment_url, {"chapter": str(chapter.pk), "text": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    field = f'id="id_comment_{chapter.pk}_text"'
    assert field in html and "Write your comment." in html
    assert 'aria-invalid="true"' in html and f'href="#id_comment_{chapter.pk}_text"' in html
    long = "Lang. " * 400
    html = client.post(comment_url, {"chapter": str(chapter.pk), "text": long}).content.decode()
    assert "at most 2000 characters" in html and long.strip() in html
    assert not Comment.objects.exists()


def test_a_chapter_of_another_report_is_refused(client, under_discussion, approach, users):
    other = services.create_report(
        approach=approach, period_start=period_of(2026)[0], period_end=period_of(2026)[1], by=SYSTEM
    )
    client.force_login(users["partner"])
    for chapter in (str(other.chapters.first().pk), "9" * 30, "hoofdstuk"):
        response = client.post(
            url(under_discussion, "reports:comment"), {"chapter": chapter, "text": "Elders."}
        )
        assert response.status_code == 200
        assert "That chapter is not part of this report." in response.content.decode()
    assert not Comment.objects.exists()
