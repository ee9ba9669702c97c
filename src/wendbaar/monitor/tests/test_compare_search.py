"""The compare page picks its areas with the area search; codes in the URL still work."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/monitor/vergelijk/"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_page_offers_the_search_and_the_code_fields(client, world):
    page = html(client.get(URL))
    assert 'id="compare-search-q"' in page and 'name="q"' in page
    assert 'name="area1"' in page  # typed codes still accepted
    assert "No areas chosen yet." in page
    assert "Choose two to four" not in page


def test_a_search_lists_add_buttons_without_errors(client, world):
    page = html(client.get(URL, {"q": "noordstad 1-1", "area1": "", "find": "1"}))
    assert 'name="add" value="BU90010101"' in page
    assert "Choose two to four" not in page  # still picking


def test_htmx_gets_only_the_results(client, world):
    response = client.get(URL, {"q": "Noordstad"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page and 'value="GM9001"' in page
    assert "HX-Request" in response["Vary"]


def test_add_and_remove_redirect_to_the_codes(client, world):
    response = client.get(URL, {"area1": "BU90010101", "q": "x", "add": "bu90020101"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?area1=BU90010101&area2=BU90020101"
    page = html(client.get(response["Location"]))
    assert 'id="compare-themes"' in page  # two areas: compared at once
    assert 'name="remove" value="BU90020101"' in page
    response = client.get(
        URL, {"area1": "BU90010101", "area2": "BU90020101", "remove": "BU90010101"}
    )
    assert response["Location"] == f"{URL}?area1=BU90020101"


def test_an_added_code_that_is_chosen_or_not_a_code_changes_nothing(client, world):
    response = client.get(URL, {"area1": "BU90010101", "add": "BU90010101"})
    assert response["Location"] == f"{URL}?area1=BU90010101"
    response = client.get(URL, {"area1": "BU90010101", "add": "<script>"})
    assert response["Location"] == f"{URL}?area1=BU90010101"


def test_chosen_areas_are_not_offered_again_and_four_is_the_most(client, world):
    page = html(client.get(URL, {"area1": "GM9001", "q": "Noordstad"}))
    assert 'name="add" value="GM9001"' not in page
    assert 'name="remove" value="GM9001"' in page
    four = {"area1": "GM9001", "area2": "GM9002", "area3": "GM9003", "area4": "BU90010101"}
    page = html(client.get(URL, {**four, "q": "Noordstad"}))
    assert 'name="add"' not in page and "Four areas are chosen" in page
    response = client.get(URL, {**four, "add": "BU90020101"})
    assert "BU90020101" not in response["Location"]


def test_the_compare_button_with_one_area_says_what_is_missing(client, world):
    page = html(client.get(URL, {"area1": "BU90010101", "q": "", "compare": "1"}))
    assert "Choose two to four different areas." in page
