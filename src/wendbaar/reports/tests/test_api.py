"""The reports API: the reports a caller may see, with links to page, PDF and bundle, and
one report with its chapters — the figures of the report (the monitor's, frozen), a
sensitive one hidden with no number, a draft its writers' alone."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from wendbaar.core.actors import SYSTEM
from wendbaar.monitor.models import Observation
from wendbaar.monitor.selectors import series

from .. import services
from ..compose import PUBLIC, period_of
from ..selectors import content_of
from . import test_report_views as page
from .factories import FIGURES, YEAR
from .test_report_views import NOT_YET, OPENING_QUOTE, QUOTE, SECRET, WORKS

# The report page's world and reports (pytest finds fixtures by their module's names).
world, draft, under_discussion = page.world, page.draft, page.under_discussion
adopted, published = page.adopted, page.published

pytestmark = pytest.mark.django_db


def list_url(approach) -> str:
    return reverse("api:report-list", args=[approach.pk])


def detail_url(report) -> str:
    return reverse("api:report-detail", args=[report.approach_id, report.pk])


def page_url(report, name: str) -> str:
    return "http://testserver" + reverse(name, args=[report.approach_id, report.pk])


@pytest.fixture
def next_year(approach):
    start, end = period_of(YEAR + 1)
    return services.create_report(approach=approach, period_start=start, period_end=end, by=SYSTEM)


def test_the_public_lists_the_adopted_reports_with_their_links(
    client, adopted, published, next_year
):
    response = client.get(list_url(adopted.approach))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": adopted.pk,
            "title": "Progress report Overvecht 2025",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "version": 1,
            "status": "adopted",
            "adopted_on": adopted.adopted_on.isoformat(),
            "corrects": None,
            "correction_reason": "",
            "links": {
                "html": page_url(adopted, "reports:detail"),
                "pdf": page_url(adopted, "reports:pdf"),
                "bundle": page_url(adopted, "reports:bundle"),
            },
        }
    ]
    # The links lead to the report: its page and its bundle.
    links = response.json()[0]["links"]
    assert client.get(links["html"]).status_code == 200
    bundle = client.get(links["bundle"])
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/zip"


def test_readers_see_adopted_reports_and_writers_their_drafts_too(
    client, adopted, next_year, users
):
    client.force_login(users["lezer"])
    assert [r["id"] for r in client.get(list_url(adopted.approach)).json()] == [adopted.pk]
    assert client.get(detail_url(next_year)).status_code == 404
    assert client.get(detail_url(adopted)).status_code == 200
    client.force_login(users["programmabureau"])
    rows = client.get(list_url(adopted.approach)).json()
    assert [(r["id"], r["status"]) for r in rows] == [
        (next_year.pk, "concept"),
        (adopted.pk, "adopted"),
    ]
    answer = client.get(detail_url(next_year)).json()
    assert (answer["status"], answer["adopted_on"]) == ("concept", None)


def test_a_draft_or_an_unpublished_wijkaanpak_is_not_there_for_the_public(
    client, adopted, approach, next_year
):
    # The wijkaanpak is not published: neither its list nor its reports exist for the public.
    assert client.get(list_url(approach)).status_code == 404
    assert client.get(detail_url(adopted)).status_code == 404
    approach.is_published = True
    approach.save(update_fields=["is_published"])
    assert client.get(detail_url(adopted)).status_code == 200
    assert client.get(detail_url(next_year)).status_code == 404
    assert client.get(reverse("api:report-detail", args=[approach.pk, 2**40])).status_code == 404


def test_the_report_tells_its_chapters_with_voices_claims_outputs_and_money(
    client, adopted, published
):
    data = client.get(detail_url(adopted)).json()
    assert data["approach"] == "Overvecht" and data["municipality"] == "Utrecht"
    assert data["opening"]["areas"] == ["Overvecht"]
    assert [v["quote"] for v in data["opening"]["voices"]] == [OPENING_QUOTE]
    work, safe = data["chapters"]
    assert work["title"] == "Meer mensen aan het werk"
    voice = work["voices"][0]
    assert (voice["title"], voice["quote"], voice["removed_on"]) == (
        "Weer aan het werk",
        QUOTE,
        None,
    )
    assert voice["told_by"] == "resident" and voice["collected_on"] == "2024-05-01"
    assert work["works"] == [{"text": WORKS, "kind": "progress_monitoring"}]
    assert work["not_yet"] == [{"text": NOT_YET, "kind": "process_evaluation"}]
    assert (safe["nothing_works"], safe["nothing_fails"], safe["not_yet"]) == (False, True, [])
    assert work["outputs"] == [
        {
            "project": "Werkcafé",
            "status": "planned",
            "progress": 40,
            "reported_on": "2025-06-01",
            "narrative": "Twaalf bewoners vonden werk via het werkcafé.",
            "figures": [{"label": "Bezoekers", "value": 140.0, "unit": "mensen"}],
        }
    ]
    # Money per party as exact decimals, side by side.
    assert [(m["party"], m["planned"], m["spent"]) for m in work["money"]] == [
        ("Gemeente Utrecht", "12000.00", "0.00"),
        ("Woningcorporatie (voorbeeld)", "8000.00", "0.00"),
    ]
    assert data["coalition"] == {"joined": [], "left": []}
    assert isinstance(data["opening"]["key_figures"], list)


def test_the_figures_are_the_monitors_as_the_report_froze_them(client, adopted, published):
    result = client.get(detail_url(adopted)).json()["chapters"][0]["results"][0]
    shown = content_of(adopted).chapters[0].results[0]
    monitor = series(PUBLIC, indicator="werkloosheid", areas=["WK034403"])
    assert [(p["year"], p["value"]) for p in result["series"]] == [
        (y, v) for y, v in monitor if y <= YEAR
    ]
    assert [(p["year"], p["value"]) for p in result["series"]] == list(shown.series)
    assert [(p["year"], p["value"]) for p in result["series"]] == [
        (y, v) for y, v in FIGURES.items() if y <= YEAR
    ]
    assert (result["name"], result["hidden"], result["from_monitor"]) == (
        "Werkloosheid",
        False,
        True,
    )
    assert (result["baseline"], result["baseline_year"], result["baseline_source"]) == (
        9.0,
        2023,
        "monitor",
    )
    assert (result["latest"], result["latest_year"]) == (8.0, 2025)
    assert (result["target"], result["target_year"]) == (6.0, 2030)
    assert result["provenance"]["tables"] == "T2025"
    # Frozen: a later import changes the monitor, not the adopted report.
    Observation.objects.filter(indicator__code="werkloosheid").update(value=3.0)
    again = client.get(detail_url(adopted)).json()["chapters"][0]["results"][0]
    assert again == result


def test_a_sensitive_figure_is_hidden_and_null_never_0(client, adopted, published):
    response = client.get(detail_url(adopted))
    results = response.json()["chapters"][0]["results"]
    hidden = next(r for r in results if r["name"] == "Herkomst buiten Europa")
    assert hidden["hidden"] is True
    figures = ("baseline", "latest", "target", "reference_start", "reference_end")
    assert all(hidden[f] is None for f in figures)
    assert hidden["series"] == [] and hidden["baseline_year"] is None
    text = response.content.decode()
    assert not SECRET.search(text) and not re.search(r"(?<![\d.])83[.,]17", text)


def test_an_erased_voice_is_a_note_and_a_correction_names_its_version(
    client, adopted, published, users
):
    story_id = adopted.voices.get(chapter__isnull=False).story_id
    services.remove_story_from_reports(story_id=story_id, by=SYSTEM)
    voice = client.get(detail_url(adopted)).json()["chapters"][0]["voices"][0]
    assert voice["quote"] == "" and voice["title"] == "" and voice["removed_on"]
    assert QUOTE not in json.dumps(client.get(detail_url(adopted)).json())
    new = services.correct_report(report=adopted, reason="Een bedrag was verkeerd.", by=SYSTEM)
    client.force_login(users["programmabureau"])
    row = client.get(list_url(adopted.approach)).json()[0]
    assert (row["id"], row["version"], row["corrects"], row["correction_reason"]) == (
        new.pk,
        2,
        adopted.pk,
        "Een bedrag was verkeerd.",
    )


def test_the_query_count_of_an_adopted_report_is_small(
    client, adopted, published, django_assert_max_num_queries
):
    # The wijkaanpak, the report, nothing for its content: the snapshot holds it.
    with django_assert_max_num_queries(2):
        assert client.get(detail_url(adopted)).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(list_url(adopted.approach)).status_code == 200
