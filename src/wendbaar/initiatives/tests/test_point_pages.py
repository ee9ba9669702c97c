"""The optional point on the buurt map (#13): the service, the intake and staff forms,
the map fragment the area select fetches, the status and detail pages, and the API."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from wendbaar.initiatives.models import Initiative

from .conftest import submit

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/initiatieven/gemeente/GM0344/idee/"
MAP_URL = "/initiatieven/gemeente/GM0344/kaart/"
INSIDE = (136500.0, 459500.0)
OUTSIDE = (138000.0, 459500.0)  # 1 km east of the buurt
NOT_IN = (
    "The point is not in Poldergebied Overvecht. Choose a point inside the area, or leave it empty."
)


def square(x: float, y: float, size: float = 1000.0) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.INITIATIVE_POSTS_PER_WINDOW = 100
    with translation.override("en"):
        yield


@pytest.fixture
def buurt(geo):
    """Overvecht's buurt with a 1 km square outline; the Binnenstad's has none."""
    area = geo["overvecht_buurt"]
    area.geometry = square(136000, 459000)
    area.save(update_fields=["geometry"])
    return area


def form_data(buurt, **overrides) -> dict:
    data = {
        "title": "Bloembakken in de straat",
        "what": "We willen bloembakken plaatsen en die zelf onderhouden.",
        "area": buurt.pk,
        "location": "Zambesidreef",
        "email": "fatima@example.org",
        "consent": "on",
        "website": "",
        "point_x": "",
        "point_y": "",
    }
    data.update(overrides)
    return data


def marker_translate(html: str) -> tuple[float, float] | None:
    found = re.search(r'class="map-marker" transform="translate\(([\d.]+) ([\d.]+)\)"', html)
    return (float(found.group(1)), float(found.group(2))) if found else None


# --- the service ---------------------------------------------------------------------------


def test_a_point_in_the_area_is_stored(geo, buurt):
    initiative = submit(geo, area=buurt, point=INSIDE).initiative
    initiative.refresh_from_db()
    assert (initiative.point_x, initiative.point_y) == INSIDE


def test_no_point_stores_neither(geo, buurt):
    initiative = submit(geo, area=buurt).initiative
    initiative.refresh_from_db()
    assert (initiative.point_x, initiative.point_y) == (None, None)


def test_a_point_outside_the_area_is_refused_naming_it(geo, buurt):
    with pytest.raises(ValidationError) as caught:
        submit(geo, area=buurt, point=OUTSIDE)
    assert caught.value.message_dict == {"point": [NOT_IN]}
    assert Initiative.objects.count() == 0


def test_just_over_the_edge_is_forgiven(geo, buurt):
    initiative = submit(geo, area=buurt, point=(137020.0, 459500.0)).initiative  # 20 m out
    assert initiative.point_x == 137020.0


def test_an_area_without_a_map_takes_no_point(geo):
    with pytest.raises(ValidationError) as caught:
        submit(geo, area=geo["binnenstad_buurt"], point=INSIDE)
    assert "There is no map of Domplein" in caught.value.message_dict["point"][0]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    "point", [(136500.0, None), (None, 459500.0), (float("nan"), 459500.0), (136500.0,)]
)
def test_both_numbers_or_neither(geo, buurt, point):
    with pytest.raises(ValidationError) as caught:
        submit(geo, area=buurt, point=point)
    assert list(caught.value.message_dict) == ["point"]
    assert Initiative.objects.count() == 0


def test_without_an_area_the_point_is_checked_against_the_gemeente(geo, buurt):
    utrecht = geo["utrecht"]
    utrecht.geometry = square(130000, 450000, 15000)
    utrecht.save(update_fields=["geometry"])
    initiative = submit(geo, area=utrecht, point=INSIDE).initiative
    assert initiative.area == utrecht and initiative.point_x == INSIDE[0]


# --- the map fragment ----------------------------------------------------------------------


def test_map_fragment_of_a_buurt_by_id_or_code(client, buurt):
    for value in (buurt.pk, buurt.code, buurt.code.lower()):
        response = client.get(MAP_URL, {"area": value})
        assert response.status_code == 200
        html = response.content.decode()
        assert "data-point-picker" in html and "<svg" in html
        assert 'name="point_x"' in html and 'name="point_y"' in html
        assert "No point chosen" in html
        assert marker_translate(html) is None
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]


def test_map_fragment_carries_the_projection_unlocalised(client, buurt):
    # Dutch writes 0,632; a script needs 0.632.
    response = client.get(MAP_URL, {"area": buurt.pk}, HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    assert re.search(r'data-min-x="136000(\.0)?"', html)
    assert re.search(r'data-max-y="460000(\.0)?"', html)
    assert 'data-scale="0.632"' in html  # (640 - 2 * 4) px / 1000 m
    assert 'data-padding="4"' in html
    assert re.search(r'data-start-x="136500(\.0)?" data-start-y="459500(\.0)?"', html)


@pytest.mark.parametrize("value", ["BU05180800", "999999", "WK051808", "nonsense"])
def test_map_fragment_of_an_area_elsewhere_is_404(client, geo, value):
    if value == "999999":
        value = str(geo["escamp_buurt"].pk)  # Den Haag's buurt by its id
    assert client.get(MAP_URL, {"area": value}).status_code == 404


def test_map_fragment_of_an_unknown_gemeente_is_404(client, geo):
    assert client.get("/initiatieven/gemeente/GM9999/kaart/").status_code == 404
    assert client.get("/initiatieven/gemeente/WK034403/kaart/").status_code == 404


def test_map_fragment_of_an_area_without_a_map_says_so(client, geo):
    html = client.get(MAP_URL, {"area": geo["binnenstad_buurt"].pk}).content.decode()
    assert "There is no map of Domplein to place a point on" in html
    assert "<svg" not in html
    # No choice: the gemeente itself (which has no outline in these tests).
    html = client.get(MAP_URL).content.decode()
    assert "There is no map of Utrecht" in html


def test_map_fragment_is_get_only(client, buurt):
    assert client.post(MAP_URL, {"area": buurt.pk}).status_code == 405


# --- the intake ----------------------------------------------------------------------------


def test_intake_loads_the_picker_script_and_the_select_fetches_the_map(client, buurt):
    html = client.get(SUBMIT_URL).content.decode()
    assert re.search(r'<script src="[^"]*ui/js/point-picker\.js" defer></script>', html)
    assert f'hx-get="{MAP_URL}"' in html and 'hx-target="#point-picker-slot"' in html
    assert 'id="point-picker-slot"' in html
    assert "data-point-picker" not in html  # nothing chosen yet: no map
    # Without JavaScript the place is still said in words.
    assert 'name="location"' in html


def test_intake_stores_the_point(client, buurt):
    response = client.post(SUBMIT_URL, form_data(buurt, point_x="136500", point_y="459500"))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.point_x, initiative.point_y) == INSIDE


def test_intake_without_a_point_works_as_before(client, buurt):
    data = form_data(buurt)
    del data["point_x"], data["point_y"]  # no JavaScript: the inputs never came
    assert client.post(SUBMIT_URL, data).status_code == 302
    assert Initiative.objects.get().point_x is None


def test_intake_shows_a_point_outside_again_with_the_error(client, buurt):
    response = client.post(
        SUBMIT_URL, form_data(buurt, point_x="138000", point_y="459500", title="Mijn idee")
    )
    assert response.status_code == 200
    assert Initiative.objects.count() == 0
    html = response.content.decode()
    # In the summary, linked to the picker; beside the map; the picker is not hidden.
    assert f'href="#id_point">A point on the map (optional): {NOT_IN}' in html
    assert f'id="id_point_error"><p class="utrecht-paragraph">{NOT_IN}' in html
    picker = re.search(r'<div class="point-picker" id="id_point"[^>]*>', html).group(0)
    assert " hidden" not in picker
    # What was typed is kept: the numbers, the marker where they are, the title.
    assert 'name="point_x" id="id_point_x" value="138000"' in html
    assert 'name="point_y" id="id_point_y" value="459500"' in html
    assert marker_translate(html) is not None
    assert 'value="Mijn idee"' in html


@pytest.mark.parametrize(("x", "y"), [("nan", "459500"), ("abc", "459500"), ("136500", "")])
def test_intake_refuses_what_is_not_a_point_and_keeps_it(client, buurt, x, y):
    response = client.post(SUBMIT_URL, form_data(buurt, point_x=x, point_y=y))
    assert response.status_code == 200
    assert response.context["form"].errors["point"]
    assert Initiative.objects.count() == 0
    html = response.content.decode()
    assert f'name="point_x" id="id_point_x" value="{x}"' in html
    assert marker_translate(html) is None  # not a point: nothing to mark
    assert "No point chosen" in html


def test_intake_with_another_error_keeps_the_map_and_the_point(client, buurt):
    response = client.post(
        SUBMIT_URL, form_data(buurt, point_x="136500", point_y="459500", email="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-point-picker" in html and "Point placed on the map" in html
    # 4 + 500 m * 0.632 px/m = 320; 4 + (460000 - 459500) * 0.632 = 320.
    assert marker_translate(html) == (320.0, 320.0)


# --- staff ----------------------------------------------------------------------------------


def create_data(buurt, **changes) -> dict:
    data = {
        "source": "phone",
        "area": str(buurt.pk),
        "title": "Buurtfeest",
        "what": "Een feest op het plein.",
        "point_x": "136500",
        "point_y": "459500",
    }
    data.update(changes)
    return data


def test_staff_register_an_idea_with_a_point(client, buurt, users):
    client.force_login(users["wijkmanager"])
    url = reverse("initiatives:create", args=["GM0344"])
    html = client.get(url).content.decode()
    assert "ui/js/point-picker.js" in html and 'id="point-picker-slot"' in html
    assert client.post(url, create_data(buurt)).status_code == 200  # the link, shown once
    assert (Initiative.objects.get().point_x, Initiative.objects.get().point_y) == INSIDE


def test_staff_point_outside_is_shown_again(client, buurt, users):
    client.force_login(users["wijkmanager"])
    url = reverse("initiatives:create", args=["GM0344"])
    response = client.post(url, create_data(buurt, point_x="138000"))
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_IN in html and 'value="138000"' in html
    assert Initiative.objects.count() == 0


# --- showing the point ----------------------------------------------------------------------


def test_status_page_shows_the_point_on_the_map(client, geo, buurt):
    submitted = submit(geo, area=buurt, point=INSIDE)
    html = client.get(reverse("initiatives:status", args=[submitted.status_token])).content
    html = html.decode()
    assert marker_translate(html) == (320.0, 320.0)
    assert "The point you chose on the map, in Poldergebied Overvecht." in html
    # Told in the map's description too (the SVG is one image to a screen reader).
    assert re.search(r"<desc [^>]*>The point you chose on the map, in Poldergebied", html)


def test_status_page_without_a_point_has_no_map(client, geo, buurt):
    submitted = submit(geo, area=buurt)
    html = client.get(reverse("initiatives:status", args=[submitted.status_token])).content
    assert b"map-marker" not in html and b'id="initiative-point"' not in html


def test_staff_detail_shows_the_point(client, geo, buurt, users):
    initiative = submit(geo, area=buurt, point=INSIDE).initiative
    client.force_login(users["wijkmanager"])
    html = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert marker_translate(html) == (320.0, 320.0)
    assert "The point the initiators chose, in Poldergebied Overvecht." in html


# --- the API ---------------------------------------------------------------------------------


def test_api_detail_and_status_link_give_the_point(geo, buurt, users):
    submitted = submit(geo, area=buurt, point=INSIDE)
    api = APIClient()
    api.force_authenticate(users["wijkmanager"])
    detail = api.get(f"/api/v1/initiatives/{submitted.initiative.pk}").json()
    status = APIClient().get(f"/api/v1/initiatives/status/{submitted.status_token}").json()
    for body in (detail, status):
        point = body["point"]
        assert (point["x"], point["y"], point["crs"]) == (*INSIDE, "EPSG:28992")
        # RD (136500, 459500) lies in Utrecht's Overvecht: about 5.11 E, 52.12 N.
        assert point["lon"] == pytest.approx(5.114, abs=0.01)
        assert point["lat"] == pytest.approx(52.117, abs=0.01)


def test_api_point_is_null_without_one(geo, buurt):
    submitted = submit(geo, area=buurt)
    status = APIClient().get(f"/api/v1/initiatives/status/{submitted.status_token}").json()
    assert status["point"] is None
