"""The monitor's read API: /api/v1/areas/{code}/observations and /api/v1/indicators."""

from __future__ import annotations

import pytest

from wendbaar.accounts.tests.factories import UserFactory, grant_role, make_area
from wendbaar.monitor.api.serializers import source_column
from wendbaar.monitor.constants import IndicatorKind
from wendbaar.monitor.registry import sync_indicators

from .factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

BUURT = "BU03440343"


@pytest.fixture
def figures():
    """A buurt in Utrecht with figures of 2023 and 2024: values, a secret, a suppressed
    and a calculated figure, and one of a sensitive indicator."""
    utrecht = make_area("GM0344", "Utrecht")
    overvecht = make_area("WK034403", "Overvecht", utrecht)
    buurt = make_area(BUURT, "Poldergebied Overvecht", overvecht)
    inhabitants = IndicatorFactory(
        code="population",
        source="CBS, Kerncijfers wijken en buurten",
        source_table="85984NED",
        source_columns={"kwb": "a_inw", "odata": "AantalInwoners"},
        order=1,
    )
    woz = IndicatorFactory(
        code="woz_value",
        source_table="85984NED",
        source_columns={"kwb": "g_wozbag", "2019": "GemiddeldeWoningwaarde_35"},
        order=2,
    )
    share = IndicatorFactory(
        code="share_65_plus",
        kind=IndicatorKind.CALCULATED,
        source_table="calculated",
        formula={"op": "ratio", "numerator": "a", "denominator": "b", "scale": 100},
        order=3,
    )
    origin = IndicatorFactory(code="share_origin", sensitive=True, order=4)
    ObservationFactory(
        indicator=inhabitants, area=buurt, period=2024, value=1800.0, source_table="85984NED"
    )
    ObservationFactory(
        indicator=inhabitants, area=buurt, period=2023, value=1810.0, source_table="85618NED"
    )
    ObservationFactory(indicator=woz, area=buurt, period=2024, secret=True, source_table="85984NED")
    ObservationFactory(
        indicator=share, area=buurt, period=2024, suppressed=True, source_table="calculated"
    )
    ObservationFactory(indicator=origin, area=buurt, period=2024, value=12.0)
    ObservationFactory(indicator=inhabitants, area=overvecht, period=2024, value=9000.0)
    return {"utrecht": utrecht, "overvecht": overvecht, "buurt": buurt}


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_observations_of_one_year(client, figures):
    got = rows(client.get(f"/api/v1/areas/{BUURT}/observations?period=2024"))
    assert got == [
        {
            "indicator": "population",
            "period": 2024,
            "value": 1800.0,
            "status": "value",
            "source": {
                "name": "CBS, Kerncijfers wijken en buurten",
                "table": "85984NED",
                "column": "a_inw",
                "year": 2024,
                "derivation": None,
            },
        },
        {
            "indicator": "woz_value",
            "period": 2024,
            "value": None,  # secret: null, never 0
            "status": "secret",
            "source": {
                "name": "Test source",
                "table": "85984NED",
                "column": "g_wozbag",
                "year": 2024,
                "derivation": None,
            },
        },
        {
            "indicator": "share_65_plus",
            "period": 2024,
            "value": None,
            "status": "suppressed",
            "source": {
                "name": "Test source",
                "table": "calculated",
                "column": None,
                "year": 2024,
                "derivation": None,
            },
        },
    ]


def test_all_years_and_case_of_the_code(client, figures):
    got = rows(client.get(f"/api/v1/areas/{BUURT.lower()}/observations"))
    assert [(r["indicator"], r["period"]) for r in got] == [
        ("population", 2023),
        ("population", 2024),
        ("woz_value", 2024),
        ("share_65_plus", 2024),
    ]
    # the year's own table is kept with each figure
    assert got[0]["source"]["table"] == "85618NED"


def test_unknown_area_is_404_and_bad_period_is_400(client, figures):
    assert client.get("/api/v1/areas/BU99999999/observations").status_code == 404
    for bad in ("abc", "2024-Q2", "24.5", "99999", "1800"):
        response = client.get(f"/api/v1/areas/{BUURT}/observations?period={bad}")
        assert response.status_code == 400, bad
        assert "period" in response.json()
    assert rows(client.get(f"/api/v1/areas/{BUURT}/observations?period=2020")) == []


@pytest.mark.parametrize(
    "who,sees_sensitive",
    [("anonymous", False), ("no_role", False), ("lezer_elsewhere", False), ("lezer", True)],
)
def test_sensitive_figures_only_for_staff_with_access(client, figures, who, sees_sensitive):
    if who != "anonymous":
        user = UserFactory()
        if who == "lezer":
            grant_role(user, "lezer", municipality=figures["utrecht"])
        elif who == "lezer_elsewhere":
            grant_role(user, "lezer", municipality=make_area("GM0518", "'s-Gravenhage"))
        client.force_login(user)
    got = rows(client.get(f"/api/v1/areas/{BUURT}/observations?period=2024"))
    assert ("share_origin" in {r["indicator"] for r in got}) is sees_sensitive


def test_observations_in_a_fixed_number_of_queries(client, figures, django_assert_num_queries):
    # area, count, page (the indicator comes with its observation: no query per row)
    with django_assert_num_queries(3):
        got = rows(client.get(f"/api/v1/areas/{BUURT}/observations"))
    assert len(got) == 4


def test_write_methods_are_not_allowed(client, figures):
    for url in (f"/api/v1/areas/{BUURT}/observations", "/api/v1/indicators"):
        assert client.post(url, {}).status_code == 405
        assert client.put(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 405
    staff = UserFactory(superuser=True)
    client.force_login(staff)
    assert client.post("/api/v1/indicators", {}).status_code == 405


def test_indicator_catalogue(client, django_assert_max_num_queries):
    sync_indicators()
    with django_assert_max_num_queries(2):  # count + page
        response = client.get("/api/v1/indicators?limit=500")
    body = response.json()
    assert response.status_code == 200 and body["count"] >= 40
    by_code = {row["code"]: row for row in body["results"]}
    population = by_code["population"]
    assert population["name_nl"] == "Inwoners" and population["name_en"] == "Inhabitants"
    assert population["unit"] == "count" and population["decimals"] == 0
    assert population["source"]["table"] == "85984NED"
    assert population["source"]["columns"]["kwb"] == "a_inw"
    assert population["polarity"] == 0 and population["themes"]
    share = by_code["share_65_plus"]
    assert share["kind"] == "calculated" and share["formula"]["denominator"] == "population"
    assert share["definition_en"]
    assert {row["polarity"] for row in body["results"]} <= {-1, 0, 1}


def test_source_column_rules():
    woz = IndicatorFactory.build(
        source_columns={
            "kwb": "g_wozbag",
            "odata": "GemiddeldeWOZWaardeVanWoningen",
            "2019": "GemiddeldeWoningwaarde_35",
        }
    )
    assert source_column(woz, "85984NED", 2024) == "g_wozbag"
    assert source_column(woz, "84583NED", 2019) == "GemiddeldeWoningwaarde_35"
    assert source_column(woz, "calculated", 2024) is None
    crimes = IndicatorFactory.build(source_columns={"police": "GeregistreerdeMisdrijven"})
    assert source_column(crimes, "47022NED", 2023) == "GeregistreerdeMisdrijven"
    shop = IndicatorFactory.build(source_columns={"wbk": "AF_SUPERM", "label": "Detailhandel/…"})
    assert source_column(shop, "nabijheid-2023", 2023) == "Detailhandel/…"
    assert source_column(IndicatorFactory.build(source_columns={}), "custom", 2024) is None


def test_schema_still_generates(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/areas/{code}/observations" in schema["paths"]
    assert "/api/v1/indicators" in schema["paths"]
    observation = schema["components"]["schemas"]["Observation"]["properties"]
    assert set(observation) == {"indicator", "period", "value", "status", "source"}
    assert observation["value"].get("nullable") is True
    params = schema["paths"]["/api/v1/areas/{code}/observations"]["get"]["parameters"]
    assert "period" in {p["name"] for p in params}
