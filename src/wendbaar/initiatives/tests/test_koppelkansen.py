"""Koppelkansen: the pure suggestion of policy drivers (themes and words, with reasons)
and the page where the owner links drivers and goals with the combined message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.tests.factories import make_approach
from wendbaar.approaches.constants import DEFAULT_POLICY_DRIVERS
from wendbaar.approaches.models import PolicyDriver
from wendbaar.core.actors import SYSTEM
from wendbaar.core.constants import Theme
from wendbaar.core.models import AuditEvent
from wendbaar.initiatives import koppelkansen as kk
from wendbaar.initiatives import services
from wendbaar.initiatives.koppelkansen_views import suggestions_for

NATIONAL = [kk.Driver(key, name) for key, name in DEFAULT_POLICY_DRIVERS]
KANSRIJKE_START = kk.Driver("kansrijke-start", "Kansrijke start")


def text(title: str, what: str = "", why: str = "", themes: tuple[str, ...] = ()):
    return kk.InitiativeText(themes=themes, title=title, what=what, why=why)


def by_key(suggestions: list[kk.Suggestion]) -> dict[str, kk.Suggestion]:
    return {s.driver.key: s for s in suggestions}


# --- the tables agree with the rest of the code -----------------------------------------------


def test_the_tables_use_the_real_theme_values_and_driver_keys():
    keys = {key for key, _name in DEFAULT_POLICY_DRIVERS}
    assert set(kk.KEYWORDS) == keys
    assert set(kk.THEME_DRIVERS) <= set(Theme.values)
    assert {k for ks in kk.THEME_DRIVERS.values() for k in ks} <= keys


def test_every_keyword_is_written_normalised():
    for keywords in kk.KEYWORDS.values():
        for keyword in keywords:
            stem = keyword.strip("*")
            assert stem == kk.normalise(stem) and stem.isalnum(), keyword
            assert "*" not in stem


# --- suggestions ------------------------------------------------------------------------------


def test_flower_boxes_suggest_climate_adaptation_and_healthy_district_with_the_words():
    initiative = text(
        "Groene straat",
        "We willen bloembakken plaatsen en een geveltuin aanleggen.",
        "De straat is grijs en het is er heet in de zomer.",
        themes=("environment",),
    )
    suggestions = kk.suggest(initiative, NATIONAL)
    found = by_key(suggestions)
    assert set(found) == {"climate_adaptation", "healthy_district"}
    climate = found["climate_adaptation"]
    assert climate.themes == ("environment",)
    assert {"groene", "bloembakken", "geveltuin"} <= set(climate.words)
    assert found["healthy_district"].words == ("groene",)
    # Most reasons first.
    assert [s.driver.key for s in suggestions] == ["climate_adaptation", "healthy_district"]
    assert climate.score == len(climate.reasons) > found["healthy_district"].score


def test_solar_panels_on_the_community_centre_suggest_energy_transition():
    found = by_key(kk.suggest(text("Zonnepanelen op het buurthuis"), NATIONAL))
    assert set(found) == {"energy_transition"}
    (reason,) = found["energy_transition"].reasons
    assert reason.keyword == "zonnepane" and reason.words == ("zonnepanelen",)
    assert not reason.is_theme


def test_nothing_matches_means_no_suggestions():
    assert kk.suggest(text("Buurtfeest", "Een feest op de stoep met muziek."), NATIONAL) == []


def test_the_reasons_name_each_theme_and_each_keyword_with_its_words_once():
    initiative = text(
        "Veilig spelen",
        "Een veilige speeltuin, want de speeltuin is nu onveilig. Meer verlichting!",
        themes=("safety", "safety", "health"),
    )
    found = by_key(kk.suggest(initiative, NATIONAL))
    safe = found["safe_district"]
    assert safe.reasons[0] == kk.Reason(theme="safety")  # the theme once, not twice
    veilig = next(r for r in safe.reasons if r.keyword == "veilig")
    assert veilig.words == ("veilig", "veilige", "onveilig")
    assert any(r.keyword == "verlichting" for r in safe.reasons)
    assert safe.score == 3  # theme safety, "veilig", "verlichting"
    healthy = found["healthy_district"]
    assert healthy.themes == ("health",)
    assert {r.keyword for r in healthy.reasons if not r.is_theme} == {"speeltuin", "spelen"}


def test_order_by_score_then_name():
    initiative = text("Samen", "Wij doen iets.", themes=("cohesion",))
    suggestions = kk.suggest(initiative, NATIONAL)
    # Equal scores (one theme each): by name.
    assert [s.driver.name for s in suggestions] == ["Gezonde wijk", "Veilige wijk"]


def test_case_and_accents_do_not_matter():
    found = by_key(kk.suggest(text("ÉNERGIECOÖPERATIE en Geïsoleerde daken"), NATIONAL))
    assert found["energy_transition"].words == ("énergiecoöperatie",)
    assert kk.normalise("Café Één") == "cafe een"


@pytest.mark.parametrize(
    ("keyword", "word", "expected"),
    [
        # Whole word with Dutch endings.
        ("tuin", "tuin", True),
        ("tuin", "tuinen", True),
        ("tuin", "tuintje", True),
        ("tuin", "moestuin", False),  # no compound without an asterisk
        ("tuin", "tuinbouw", False),
        # A compound after the stem.
        ("groen*", "groenstrook", True),
        ("groen*", "stadsgroen", False),
        # A compound before the stem.
        ("*groen", "stadsgroen", True),
        ("*groen", "groene", True),
        ("*groen", "groenstrook", False),
        # Anywhere, except its false friends.
        ("*groen*", "gevelgroenstrook", True),
        ("*groen*", "groente", False),
        ("*groen*", "groenten", False),
        ("*boom*", "bomenrij", False),
        ("*boom*", "boompje", True),
        ("*boom*", "appelboom", True),
        ("*boom*", "boomerang", False),
        ("sport*", "transport", False),
        ("hitte*", "schitterend", False),
    ],
)
def test_matching_whole_words_and_stems_not_any_substring(keyword, word, expected):
    assert kk.matches(keyword, word) is expected


def test_a_boomerang_is_no_tree_but_trees_are():
    assert kk.suggest(text("Boomerangclub", "Gooien in het park."), NATIONAL) == []
    found = by_key(kk.suggest(text("Bomen planten", "Een appelboom en twee bomen."), NATIONAL))
    assert {"bomen", "appelboom"} <= set(found["climate_adaptation"].words)


def test_vegetables_are_healthy_not_green():
    found = by_key(kk.suggest(text("Groenten uit de buurtmoestuin"), NATIONAL))
    assert set(found) == {"healthy_district"}
    assert set(found["healthy_district"].words) == {"groenten", "buurtmoestuin"}


# A gemeente's own driver listens to the telling words of its name: "Kansrijke start" to
# "kansrijk(e)", not to "start", which every text may use ("we starten een moestuin").
def test_own_driver_matches_on_the_telling_words_of_its_name():
    assert kk.keywords_for(KANSRIJKE_START) == ("kansrijk",)
    found = by_key(
        kk.suggest(text("Babycafé", "Voor een kansrijke start van elk kind."), [KANSRIJKE_START])
    )
    (reason,) = found["kansrijke-start"].reasons
    assert reason.keyword == "kansrijk" and reason.words == ("kansrijke",)


def test_own_driver_does_not_match_a_generic_word_of_its_name():
    initiative = text("Moestuin", "We starten in mei. Een start voor de wijk.")
    assert by_key(kk.suggest(initiative, [KANSRIJKE_START])) == {}


def test_own_driver_has_no_theme_and_national_names_add_no_double_keywords():
    assert kk.themes_for(KANSRIJKE_START) == ()
    energy = kk.Driver("energy_transition", "Energietransitie")
    assert kk.keywords_for(energy) == kk.KEYWORDS["energy_transition"]
    found = by_key(kk.suggest(text("Energietransitie in de straat"), [energy]))
    assert found["energy_transition"].score == 1


def test_numbers_and_empty_texts_are_harmless():
    assert kk.suggest(text("", "", ""), NATIONAL) == []
    assert kk.suggest(text("2026", "12 34"), NATIONAL) == []
    assert kk.keywords_for(kk.Driver("x", "De wijk van ons")) == ()


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def approach(geo):
    return make_approach(geo, name="Overvecht vooruit")


@pytest.fixture
def goal(approach):
    return agenda_services.add_goal(approach=approach, title="Minder hittestress", by=SYSTEM)


@pytest.fixture
def goal_elsewhere(geo):
    approach = make_approach(
        geo, municipality=geo["den_haag"], areas=[geo["escamp"]], name="Escamp"
    )
    return agenda_services.add_goal(approach=approach, title="Meer groen", by=SYSTEM)


@pytest.fixture
def own_driver(geo):
    return PolicyDriver.objects.create(
        key="kansrijke-start", name="Kansrijke start", municipality=geo["utrecht"]
    )


@pytest.fixture
def own_driver_elsewhere(geo):
    return PolicyDriver.objects.create(
        key="haagse-aanpak", name="Haagse aanpak", municipality=geo["den_haag"]
    )


def url(initiative):
    return reverse("initiatives:koppelkansen", args=[initiative.pk])


def national(key: str) -> PolicyDriver:
    return PolicyDriver.objects.get(key=key, municipality=None)


def test_owner_sees_suggestions_and_the_choices_of_the_gemeente(
    client, owned, users, goal, goal_elsewhere, own_driver, own_driver_elsewhere
):
    client.force_login(users["wijkmanager"])
    response = client.get(url(owned))
    assert response.status_code == 200
    # The fixture's flower boxes (theme "environment", "bloembakken").
    suggested = [s["driver"].key for s in response.context["suggestions"]]
    assert suggested == ["climate_adaptation", "healthy_district"]
    climate = response.context["suggestions"][0]
    assert [r.words for r in climate["keywords"]] == [("bloembakken",)]
    assert b'data-driver="climate_adaptation"' in response.content
    form = response.context["form"]
    drivers = list(form.fields["drivers"].queryset)
    assert {d.key for d in drivers} == {key for key, _ in DEFAULT_POLICY_DRIVERS} | {
        "kansrijke-start"
    }
    assert drivers[-1] == own_driver  # the national ones first
    assert list(form.fields["goals"].queryset) == [goal]


def test_owner_links_drivers_goals_and_the_message(client, owned, users, goal, own_driver):
    client.force_login(users["wijkmanager"])
    climate = national("climate_adaptation")
    message = "Bloembakken maken de straat koeler en de buren kennen elkaar beter."
    response = client.post(
        url(owned),
        {"drivers": [climate.pk, own_driver.pk], "goals": [goal.pk], "combined_message": message},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:detail", args=[owned.pk])
    owned.refresh_from_db()
    assert set(owned.policy_drivers.all()) == {climate, own_driver}
    assert list(owned.goals.all()) == [goal]
    assert owned.combined_message == message
    event = AuditEvent.objects.filter(action="initiative_koppelkansen").get()
    assert event.actor_id == users["wijkmanager"].pk
    # The page shows what is linked.
    form = client.get(url(owned)).context["form"]
    assert set(form.initial["drivers"]) == {climate, own_driver}
    assert form.initial["combined_message"] == message


def test_a_goal_of_another_gemeente_is_refused_and_nothing_linked(
    client, owned, users, goal_elsewhere
):
    client.force_login(users["wijkmanager"])
    response = client.post(
        url(owned),
        {
            "drivers": [national("climate_adaptation").pk],
            "goals": [goal_elsewhere.pk],
            "combined_message": "Groen voor iedereen.",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["goals"]
    owned.refresh_from_db()
    assert not owned.policy_drivers.exists() and not owned.goals.exists()
    assert owned.combined_message == ""


def test_a_driver_of_another_gemeente_is_refused(client, owned, users, own_driver_elsewhere):
    client.force_login(users["wijkmanager"])
    response = client.post(
        url(owned), {"drivers": [own_driver_elsewhere.pk], "combined_message": "Samen."}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["drivers"]
    assert not owned.policy_drivers.exists()


def test_drivers_and_goals_without_a_message_are_refused(client, owned, users, goal):
    client.force_login(users["wijkmanager"])
    response = client.post(
        url(owned), {"drivers": [national("safe_district").pk], "goals": [goal.pk]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["combined_message"]
    assert not owned.policy_drivers.exists() and not owned.goals.exists()
    assert not AuditEvent.objects.filter(action="initiative_koppelkansen").exists()


def test_unlinking_everything_needs_no_message(client, owned, users, goal):
    client.force_login(users["wijkmanager"])
    client.post(
        url(owned),
        {"drivers": [national("safe_district").pk], "goals": [goal.pk], "combined_message": "Ja."},
    )
    response = client.post(url(owned), {"combined_message": ""})
    assert response.status_code == 302
    assert not owned.policy_drivers.exists() and not owned.goals.exists()


def test_lezer_may_see_but_not_change(client, owned, users):
    client.force_login(users["lezer"])
    assert client.get(url(owned)).status_code == 403
    response = client.post(
        url(owned), {"drivers": [national("safe_district").pk], "combined_message": "Veilig."}
    )
    assert response.status_code == 403
    assert not owned.policy_drivers.exists()


def test_wijkmanager_of_another_wijk_finds_nothing(client, owned, users):
    client.force_login(users["wijkmanager_elsewhere"])
    assert client.get(url(owned)).status_code == 404
    response = client.post(
        url(owned), {"drivers": [national("safe_district").pk], "combined_message": "Veilig."}
    )
    assert response.status_code == 404
    assert not owned.policy_drivers.exists()


def test_anonymous_is_sent_to_sign_in(client, owned):
    response = client.get(url(owned))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_page_without_suggestions_says_so(client, geo, users):
    from wendbaar.initiatives.tests.conftest import submit

    initiative = submit(
        geo, title="Buurtfeest", what="Een feest op de stoep.", why="", themes=[]
    ).initiative
    client.force_login(users["programmabureau"])
    response = client.get(url(initiative))
    assert response.status_code == 200
    assert response.context["suggestions"] == []
    assert b'id="koppelkansen-none"' in response.content


def test_suggestions_for_a_model_row(owned):
    drivers = PolicyDriver.objects.filter(municipality=None)
    rows = suggestions_for(owned, drivers)
    assert rows[0]["driver"] == national("climate_adaptation")
    assert rows[0]["themes"]  # the theme's label, for the page


def test_a_partner_who_owns_it_may_link_a_partner_who_does_not_may_not(client, initiative, users):
    partner = users["partner"]
    client.force_login(partner)
    assert client.get(url(initiative)).status_code == 403  # sees it, may not change it
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=partner, role="buurtwerker"
    )
    assert client.get(url(initiative)).status_code == 200
    response = client.post(
        url(initiative),
        {"drivers": [national("healthy_district").pk], "combined_message": "Samen gezond."},
    )
    assert response.status_code == 302
    assert list(initiative.policy_drivers.values_list("key", flat=True)) == ["healthy_district"]


def test_staff_of_another_gemeente_find_nothing(client, owned, users):
    client.force_login(users["partner_elsewhere"])
    assert client.get(url(owned)).status_code == 404
