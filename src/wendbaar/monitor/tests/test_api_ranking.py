"""/api/v1/areas/{code}/ranking: the gemeente page's urgency ranking, as data.

The API must list what the page lists (same areas, same order, same reasons), name no
sensitive indicator to a reader who may not see it, and cost a fixed number of queries.
"""

from __future__ import annotations

import re
from collections import Counter

import polars as pl
import pytest

from wendbaar.accounts.tests.factories import UserFactory, grant_role

from ..models import Indicator
from ..pages.overview import urgency_for
from ..pages.present import catalogue
from ..selectors import current_analysis
from ..stored.recompute import compute_analysis
from ..stored.store import save_analysis

pytestmark = pytest.mark.django_db

GEMEENTE = "GM9001"
URL = f"/api/v1/areas/{GEMEENTE}/ranking"


def ranking(client, url: str = URL, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def page_order(client, level: str) -> list[str]:
    """Area codes in the order of the gemeente page's ranking table of ``level``."""
    response = client.get(f"/monitor/{GEMEENTE}/")
    assert response.status_code == 200
    table = response.content.decode().split(f'id="urgency-{level}"')[1].split("</table>")[0]
    return re.findall(r'<span class="area-code">(\w+)</span>', table)


def page_ranking(level: str, *, show_sensitive: bool = False):
    analysis = current_analysis().analysis
    infos = catalogue(analysis.indicators, show_sensitive=show_sensitive)
    return urgency_for(analysis, GEMEENTE, level, infos, limit=None)


@pytest.mark.parametrize("level", ["district", "neighbourhood"])
def test_lists_what_the_page_lists(client, world, level):
    got = ranking(client, level=level)
    expected = page_ranking(level)
    assert expected.rows, "the world must rank some areas"
    assert [(a["rank"], a["code"]) for a in got["areas"]] == [
        (row.rank, row.area.code) for row in expected.rows
    ]
    # The page's table shows the same areas in the same order (buurten: its top 10).
    shown = page_order(client, level)
    assert shown and [a["code"] for a in got["areas"]][: len(shown)] == shown
    assert got["level"] == level and got["period"] == expected.period
    assert got["data_version"] == 1 and got["pending_data_version"] is None
    assert got["municipality"] == {"code": GEMEENTE, "name": "Noordstad"}
    first, row = got["areas"][0], expected.rows[0]
    assert first["name"] == row.area.name
    assert first["url"] == f"http://testserver/gebied/{row.area.code}/"
    assert first["score"] == pytest.approx(row.score)
    assert first["mean_deficit"] == pytest.approx(row.mean_deficit)
    assert first["n_warnings"] == row.n_warnings
    # The reasons the page names, by kind and in its order.
    for area, row in zip(got["areas"], expected.rows, strict=True):
        assert set(area["reasons"]) >= {"theme", "indicator", "warning", "lever"}
        for kind, reasons in row.reasons.items():
            assert [r["label"] for r in area["reasons"][kind]] == [r.label for r in reasons]


def test_default_level_is_district_and_theme_positions_come_along(client, world):
    got = ranking(client)
    assert got["level"] == "district"
    assert all(a["code"].startswith("WK") for a in got["areas"])
    analysis = current_analysis().analysis
    for area in got["areas"]:
        assert area["themes"], area["code"]
        stored = (
            analysis.rows("theme_scores", area["code"])
            .filter(pl.col("period") == got["period"])
            .sort("theme")
        )
        assert sorted((t["theme"], t["n_indicators"]) for t in area["themes"]) == list(
            zip(stored["theme"].to_list(), stored["n_indicators"].to_list(), strict=True)
        )
        # A theme named as a reason has the position listed among the theme positions.
        positions = {t["theme"]: t["position"] for t in area["themes"]}
        for reason in area["reasons"]["theme"]:
            assert positions[reason["theme"]] == pytest.approx(reason["position"])


def test_unknown_level_is_400_with_the_reason(client, world):
    response = client.get(URL, {"level": "province"})
    assert response.status_code == 400
    assert response.json() == {"level": ['"province" is not a valid choice.']}


@pytest.mark.parametrize("code", ["GM0000", "WK900101", "BU90010101", "nonsense"])
def test_unknown_or_non_gemeente_code_is_404(client, world, code):
    assert client.get(f"/api/v1/areas/{code}/ranking").status_code == 404


def test_code_in_lower_case(client, world):
    assert ranking(client, URL.lower())["municipality"]["code"] == GEMEENTE


def test_before_the_first_analysis(client, db, analysis_dir):
    from .factories import build_world

    build_world()  # an import run, nothing computed yet
    got = ranking(client)
    assert got["areas"] == [] and got["period"] is None and got["not_judged"] == []


def _named_indicators(level: str) -> Counter:
    """Indicators the ranking names as a reason to staff who may see everything."""
    urgency = page_ranking(level, show_sensitive=True)
    return Counter(
        reason.indicator
        for row in urgency.rows
        for reasons in row.reasons.values()
        for reason in reasons
        if reason.indicator
    )


@pytest.mark.parametrize(
    "who,sees", [("anonymous", False), ("lezer_elsewhere", False), ("lezer", True)]
)
def test_a_sensitive_indicator_is_named_only_to_readers_who_may_see_it(client, world, who, sees):
    # The indicator named most often, marked sensitive (as signal counts are).
    named = _named_indicators("neighbourhood")
    assert named, "the world must name some indicator as a reason"
    code = named.most_common(1)[0][0]
    Indicator.objects.filter(code=code).update(sensitive=True)
    compute_analysis()
    if who != "anonymous":
        user = UserFactory()
        where = "GM9001" if who == "lezer" else "GM9002"
        grant_role(user, "lezer", municipality=world.areas[where])
        client.force_login(user)
    got = ranking(client, level="neighbourhood")
    codes = {
        reason["indicator"]
        for area in got["areas"]
        for reasons in area["reasons"].values()
        for reason in reasons
    }
    assert (code in codes) is sees
    if not sees:
        assert code not in str(got)  # not as a code, a link or a label
    # The same areas in the same order, whoever asks.
    assert [a["code"] for a in got["areas"]] == [
        row.area.code for row in page_ranking("neighbourhood").rows
    ]


def test_a_later_reason_kind_passes_through_and_eligibility_may_be_missing(client, world):
    analysis = current_analysis().analysis
    frames = dict(analysis.frames)
    frames.pop("eligibility", None)
    reasons = frames["urgency_reasons"]
    first = page_ranking("district").rows[0].area.code
    extra = (
        reasons.filter(pl.col("area") == first)
        .head(1)
        .with_columns(
            kind=pl.lit("novelty"), indicator=pl.lit(None, pl.String), theme=pl.lit("safety")
        )
    )
    frames["urgency_reasons"] = pl.concat([reasons, extra])
    save_analysis(analysis.key, frames, analysis.meta)
    got = ranking(client)
    area = next(a for a in got["areas"] if a["code"] == first)
    assert [r["theme"] for r in area["reasons"]["novelty"]] == ["safety"]
    assert got["not_judged"] == []


def test_areas_the_analysis_does_not_judge_are_listed_apart(client, world):
    analysis = current_analysis().analysis
    frames = dict(analysis.frames)
    frames["eligibility"] = pl.DataFrame(
        {
            "area": ["BU90010105", "WK900101"],
            "level": ["neighbourhood", "district"],
            "eligible": [False, True],
            "reason": ["too_few_inhabitants", None],
        }
    )
    save_analysis(analysis.key, frames, analysis.meta)
    got = ranking(client, level="neighbourhood")
    assert got["not_judged"] == [
        {"code": "BU90010105", "name": "Noordstad 1-5", "reason": "too_few_inhabitants"}
    ]
    assert ranking(client, level="district")["not_judged"] == []


def test_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    ranking(client, level="neighbourhood")  # the stored analysis is read from disk once
    # The gemeente and the key of the stored analysis; the sensitivity rule costs an
    # anonymous reader nothing. Ten buurten cost what two wijken cost.
    for level in ("district", "neighbourhood"):
        with django_assert_num_queries(2):
            ranking(client, level=level)
    lezer = UserFactory()
    grant_role(lezer, "lezer", municipality=world.areas[GEMEENTE])
    client.force_login(lezer)
    ranking(client)
    counts = []
    for level in ("district", "neighbourhood"):
        # + session and user, the reader's roles (2: the sensitivity rule), the session
        # middleware's role check and the session's save (3)
        with django_assert_max_num_queries(10) as captured:
            ranking(client, level=level)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_write_methods_are_not_allowed(client, world):
    assert client.post(URL, {}).status_code == 405
    assert client.delete(URL).status_code == 405


def test_schema_documents_the_ranking(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    operation = schema["paths"]["/api/v1/areas/{code}/ranking"]["get"]
    level = next(p for p in operation["parameters"] if p["name"] == "level")
    assert level["schema"]["enum"] == ["district", "neighbourhood"]
    assert {"200", "400", "404"} <= set(operation["responses"])
    area = schema["components"]["schemas"]["RankedArea"]["properties"]
    assert {"rank", "code", "name", "url", "score", "mean_deficit", "n_warnings"} <= set(area)
    assert {"themes", "reasons"} <= set(area)


def test_indicator_reasons_carry_the_value_against_the_gemeente(client, world):
    """A reason names a weak outcome with the area's figure and the gemeente's, of the
    same period, as the page words them."""
    got = ranking(client, level="neighbourhood")
    first = got["areas"][0]
    reasons = first["reasons"]["indicator"]
    assert reasons and all(r["position"] < 50 for r in reasons)
    figures = current_analysis().analysis.rows("figures", first["code"])
    for reason in reasons:
        cell = figures.filter(
            (pl.col("indicator") == reason["indicator"]) & (pl.col("period") == reason["period"])
        ).row(0, named=True)
        assert reason["value"] == cell["value"]
        assert reason["municipality_value"] == cell["municipality_value"]
    html = client.get(f"/monitor/{GEMEENTE}/").content.decode()
    assert "in the municipality, 2024" in html
