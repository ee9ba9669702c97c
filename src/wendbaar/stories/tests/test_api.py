import pytest

from wendbaar.stories.constants import StoryStatus

from .factories import SignalFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("wendbaar.stories.tests.urls")]

ROLES = ["anonymous", "lezer", "partner_elsewhere", "wijkmanager", "beheerder"]


@pytest.fixture
def data(geo):
    return {
        "public": StoryFactory(
            areas=[geo["overvecht_buurt"]], title="Openbaar", themes=["housing"]
        ),
        "internal": StoryFactory(areas=[geo["overvecht_buurt"]], internal=True, title="Intern"),
        "submitted": StoryFactory(areas=[geo["overvecht"]], submitted=True, title="Wacht"),
        "elsewhere": StoryFactory(areas=[geo["binnenstad_buurt"]], title="Binnenstad"),
        "signal": SignalFactory(area=geo["overvecht_buurt"]),
        "signal_binnenstad": SignalFactory(area=geo["binnenstad_buurt"]),
    }


def call(client, users, role, url):
    client.logout()
    if role != "anonymous":
        client.force_login(users[role])
    return client.get(url)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", {"Openbaar"}),
        ("lezer", {"Openbaar", "Intern"}),
        ("partner_elsewhere", {"Openbaar"}),
        ("wijkmanager", {"Openbaar", "Intern"}),  # submitted stories are not listed
        ("beheerder", {"Openbaar", "Intern"}),
    ],
)
def test_area_stories_by_role(client, users, data, role, expected):
    response = call(client, users, role, "/api/v1/areas/WK034403/stories")
    assert response.status_code == 200
    assert {row["title"] for row in response.json()["results"]} == expected


def test_area_stories_shape_filters_and_404(client, data):
    response = client.get("/api/v1/areas/wk034403/stories?theme=housing")
    row = response.json()["results"][0]
    assert row["areas"] == ["BU03440343"]
    assert row["text"] == "Een verhaal uit de buurt."
    assert row["text_html"] == "<p>Een verhaal uit de buurt.</p>"
    assert row["url"].endswith(f"/verhalen/{data['public'].pk}/")
    assert "contributor" not in row
    assert client.get("/api/v1/areas/WK034403/stories?theme=safety").json()["count"] == 0
    assert client.get("/api/v1/areas/WK034403/stories?period=2023").json()["count"] == 0
    assert client.get("/api/v1/areas/WK034403/stories?period=2024-Q2").json()["count"] == 1
    assert client.get("/api/v1/areas/GM0344/stories").json()["count"] == 2
    assert client.get("/api/v1/areas/WK999999/stories").status_code == 404
    assert data["submitted"].status == StoryStatus.SUBMITTED


@pytest.mark.parametrize(
    "code,expected",
    [
        ("WK034403", [403, 200, 403, 200, 200]),
        ("WK034406", [403, 200, 403, 403, 200]),
        ("WK999999", [403, 404, 404, 404, 404]),
    ],
)
def test_area_signals_matrix(client, users, data, code, expected):
    got = [call(client, users, role, f"/api/v1/areas/{code}/signals").status_code for role in ROLES]
    assert got == expected


def test_area_signals_content(client, users, data):
    client.force_login(users["wijkmanager"])
    rows = client.get("/api/v1/areas/WK034403/signals").json()["results"]
    assert rows == [
        {
            "id": data["signal"].pk,
            "area": "BU03440343",
            "theme": "safety",
            "direction": "concern",
            "sentence": data["signal"].sentence,
            "observed_on": "2024-05-01",
        }
    ]


def test_schema_generates(client):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="wendbaar.stories.tests.urls").get_schema(public=True)
    assert "/api/v1/areas/{code}/stories" in schema["paths"]
    assert "/api/v1/areas/{code}/signals" in schema["paths"]


def test_every_stories_view_declares_access():
    from django.urls import URLResolver, get_resolver

    from wendbaar.accounts.access import access_rule

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            else:
                yield p

    import wendbaar.stories.api.urls as api_urls
    import wendbaar.stories.urls as page_urls

    for pattern in [*walk(page_urls.urlpatterns), *walk(api_urls.urlpatterns)]:
        assert access_rule(pattern.callback), pattern
    assert get_resolver()  # the test urlconf loads


def test_query_counts_do_not_grow_with_stories(client, geo, django_assert_max_num_queries):
    for _ in range(15):
        StoryFactory(areas=[geo["overvecht_buurt"], geo["overvecht"]])
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/areas/WK034403/stories").json()["count"] == 15
    with django_assert_max_num_queries(14):
        assert client.get("/verhalen/gemeente/GM0344/").status_code == 200
