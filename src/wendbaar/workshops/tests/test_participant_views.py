"""The participants' side: joining with a code and a first name, the list of exercises,
and answering each exercise on a phone — only one's own answers, only while open."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from wendbaar.approaches.models import PolicyDriver
from wendbaar.workshops import participation, services
from wendbaar.workshops.constants import MAX_PARTICIPANTS, SLIDER_KEYS
from wendbaar.workshops.models import (
    BlockAnswer,
    CompetencePick,
    InnovationAnswer,
    KoppelkansAnswer,
    Participant,
    SliderAnswer,
)

from .factories import make_workshop, open_it

pytestmark = pytest.mark.django_db

JOIN = "/werkplaats/meedoen/"


def take_url(workshop) -> str:
    return f"/werkplaats/meedoen/{workshop.join_code}/"


def answer_url(workshop, exercise: str) -> str:
    return f"/werkplaats/meedoen/{workshop.join_code}/{exercise}/"


def joined(workshop, name: str = "Anna") -> tuple[Client, Participant]:
    """A phone that joined ``workshop`` through the join form."""
    phone = Client()
    response = phone.post(JOIN, {"code": workshop.join_code, "name": name})
    assert response.status_code == 302, response.content.decode()
    return phone, Participant.objects.filter(workshop=workshop, name=name).latest("id")


@pytest.fixture
def phone(open_workshop):
    return joined(open_workshop)


class Page(HTMLParser):
    """The headings, labels and form controls of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {k: v or "" for k, v in attrs}
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in ("input", "textarea", "select") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.controls.append(attrs)


def assert_accessible(html: str) -> None:
    page = Page(html)
    assert page.h1 == 1
    # the language switch of the header is a button, not an input: every control is ours
    assert page.controls
    unlabelled = [c for c in page.controls if c.get("id") not in page.labels]
    assert not unlabelled
    ids = [c["id"] for c in page.controls]
    assert len(ids) == len(set(ids))


def value_of(html: str, name: str) -> str | None:
    for control in Page(html).controls:
        if control.get("name") == name:
            return control.get("value")
    return None


def checked(html: str, name: str) -> list[str]:
    return [c["value"] for c in Page(html).controls if c.get("name") == name and "checked" in c]


def slider_post(**values: tuple) -> dict[str, object]:
    data: dict[str, object] = {}
    for key in SLIDER_KEYS:
        now, target, reason = values.get(key, ("", "", ""))
        data |= {f"{key}-now": now, f"{key}-target": target, f"{key}-reason": reason}
    return data


# --- joining ----------------------------------------------------------------------------


def test_the_join_page_asks_a_code_and_a_first_name_only(client):
    response = client.get(JOIN + "?code=abc234")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing else is asked" in html
    assert "What you enter stays with this werkplaats" in html
    assert value_of(html, "code") == "abc234"
    assert {c["name"] for c in Page(html).controls} == {"code", "name"}
    assert_accessible(html)


def test_a_good_code_joins_whatever_its_case_and_spaces(client, open_workshop):
    code = open_workshop.join_code.lower()
    typed = f" {code[:3]} {code[3:]} "
    response = client.post(JOIN, {"code": typed, "name": "  Anna  "})
    assert response.status_code == 302
    assert response["Location"] == take_url(open_workshop)
    anna = Participant.objects.get(workshop=open_workshop)
    assert anna.name == "Anna"
    page = client.get(take_url(open_workshop)).content.decode()
    assert "You take part as <strong>Anna</strong>" in page


def test_an_unknown_code_is_one_clear_error_and_the_name_is_kept(client, open_workshop):
    response = client.post(JOIN, {"code": "ZZZZZZ", "name": "Anna"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("No open werkplaats has this code") == 2  # summary and field
    assert value_of(html, "name") == "Anna"
    assert value_of(html, "code") == "ZZZZZZ"
    assert Participant.objects.count() == 0


def test_the_code_of_a_closed_werkplaats_no_longer_works(client, open_workshop, users):
    code = open_workshop.join_code
    joined(open_workshop, "Anna")
    services.move_workshop(workshop=open_workshop, to="closed", by=users["programmabureau"])
    response = client.post(JOIN, {"code": code, "name": "Bram"})
    assert "No open werkplaats has this code" in response.content.decode()
    assert list(Participant.objects.values_list("name", flat=True)) == ["Anna"]


def test_a_full_werkplaats_takes_nobody_more(client, open_workshop):
    for n in range(MAX_PARTICIPANTS):
        services.join(workshop=open_workshop, name=f"Deelnemer {n}")
    response = client.post(JOIN, {"code": open_workshop.join_code, "name": "Anna"})
    assert response.status_code == 200
    assert f"This werkplaats is full ({MAX_PARTICIPANTS} participants)" in response.content.decode()
    assert open_workshop.participants.count() == MAX_PARTICIPANTS


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("A" * 41, "at most 40 characters"),
        ("\u200b\u200e", "Type your first name."),  # nothing visible left
        ("An\x00na", "Null characters are not allowed."),
    ],
)
def test_a_name_that_is_empty_too_long_or_invisible_is_refused(
    client, open_workshop, typed, message
):
    response = client.post(JOIN, {"code": open_workshop.join_code, "name": typed})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Participant.objects.count() == 0


def test_control_and_direction_characters_are_taken_out_of_a_name(client, open_workshop):
    client.post(JOIN, {"code": open_workshop.join_code, "name": "\u202eAn\x07na\tde  Vries"})
    assert Participant.objects.get().name == "Anna de Vries"


def test_joining_is_rate_limited_wrong_codes_included(client, open_workshop, monkeypatch):
    monkeypatch.setattr(participation, "JOIN_LIMIT", 3)
    for code in ("AAAAAA", "BBBBBB", "CCCCCC"):
        assert client.post(JOIN, {"code": code, "name": "Anna"}).status_code == 200
    response = client.post(JOIN, {"code": open_workshop.join_code, "name": "Anna"})
    assert response.status_code == 429
    assert "At most 3 attempts to join" in response.content.decode()
    assert "Nothing has been saved" in response.content.decode()
    assert Participant.objects.count() == 0
    # another address (another room) is not affected
    other = client.post(
        JOIN, {"code": open_workshop.join_code, "name": "Bram"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302
    assert list(Participant.objects.values_list("name", flat=True)) == ["Bram"]


def test_a_second_join_of_the_same_session_is_the_same_participant(open_workshop):
    phone, anna = joined(open_workshop, "Anna")
    again = phone.post(JOIN, {"code": open_workshop.join_code, "name": "Anna"})
    assert again["Location"] == take_url(open_workshop)
    # scanning the QR code again goes straight to the exercises
    scanned = phone.get(JOIN + f"?code={open_workshop.join_code}")
    assert scanned.status_code == 302
    assert scanned["Location"] == take_url(open_workshop)
    assert list(Participant.objects.all()) == [anna]


def test_two_phones_are_two_participants(open_workshop):
    joined(open_workshop, "Anna")
    joined(open_workshop, "Anna")
    assert open_workshop.participants.count() == 2


# --- the exercises of the werkplaats ----------------------------------------------------


def test_take_without_joining_sends_to_the_join_form_with_the_code(client, open_workshop):
    response = client.get(take_url(open_workshop))
    assert response.status_code == 302
    assert response["Location"] == f"{JOIN}?code={open_workshop.join_code}"


def test_an_unknown_code_is_a_friendly_404(client, open_workshop):
    response = client.get("/werkplaats/meedoen/ZZZZZZ/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This code does not work" in html
    assert Page(html).h1 == 1


def test_a_closed_werkplaats_says_so(open_workshop, phone, users):
    client, _anna = phone
    url = take_url(open_workshop)
    services.move_workshop(workshop=open_workshop, to="closed", by=users["programmabureau"])
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This werkplaats has closed" in html
    assert open_workshop.title in html


def test_a_reopened_werkplaats_is_found_under_its_new_code(open_workshop, phone, users):
    client, _anna = phone
    old = take_url(open_workshop)
    by = users["programmabureau"]
    services.move_workshop(workshop=open_workshop, to="closed", by=by)
    reopened = services.move_workshop(workshop=open_workshop, to="open", by=by)
    response = client.get(old)
    assert response.status_code == 404
    assert f'href="{take_url(reopened)}"' in response.content.decode()


def test_a_participant_removed_by_the_facilitator_is_asked_to_join_again(
    open_workshop, phone, users
):
    client, anna = phone
    services.remove_participant(participant=anna, by=users["programmabureau"])
    response = client.get(take_url(open_workshop))
    assert response["Location"] == f"{JOIN}?code={open_workshop.join_code}"


def test_take_lists_the_exercises_in_order_with_the_one_on_screen_marked(
    open_workshop, phone, users
):
    client, anna = phone
    services.show_exercise(workshop=open_workshop, exercise="blocks", by=users["programmabureau"])
    services.save_slider(participant=anna, slider="communication", now=10, target=20)
    response = client.get(take_url(open_workshop))
    html = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    labels = [
        "Five sliders",
        "Seven building blocks",
        "Linking opportunities (koppelkansen)",
        "Four parts of social innovation",
        "Competence game",
    ]
    positions = [html.index(f">{label}</a>", html.index("All exercises")) for label in labels]
    assert positions == sorted(positions)
    on_screen = html[html.index('id="on-screen"') : html.index("All exercises")]
    assert "Seven building blocks" in on_screen
    assert 'aria-current="step">Seven building blocks' in html
    assert "Partly answered: 1 of 5." in html
    assert Page(html).h1 == 1


def test_take_offers_only_the_werkplaats_own_exercises(geo, users):
    by = users["programmabureau"]
    workshop = open_it(
        make_workshop(geo["utrecht"], exercises=["innovation", "sliders"], by=by), by=by
    )
    client, _anna = joined(workshop)
    html = client.get(take_url(workshop)).content.decode()
    assert "Four parts of social innovation" in html
    assert "Competence game" not in html
    assert html.index("Four parts") < html.index("Five sliders", html.index("All exercises"))
    assert client.get(answer_url(workshop, "competences")).status_code == 404
    assert client.get(answer_url(workshop, "bogus")).status_code == 404


# --- the sliders ------------------------------------------------------------------------


def test_sliders_save_and_show_the_own_answers_again(open_workshop, phone):
    client, anna = phone
    url = answer_url(open_workshop, "sliders")
    page = client.get(url).content.decode()
    assert_accessible(page)
    assert "Questions that help" in page
    assert "How do you get budget when it is needed?" in page
    assert "Place each slider for the situation now" in page
    response = client.post(
        url,
        slider_post(
            internal_position=(20, 60, "Geen eigen budget"), communication=(" 55 ", "80", "")
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url
    saved = {a.slider: (a.now, a.target, a.reason) for a in SliderAnswer.objects.all()}
    assert saved == {
        "internal_position": (20, 60, "Geen eigen budget"),
        "communication": (55, 80, ""),
    }
    again = client.get(url).content.decode()
    assert "Your sliders are saved." in again
    assert value_of(again, "internal_position-now") == "20"
    assert value_of(again, "internal_position-target") == "60"
    assert "\nGeen eigen budget</textarea>" in again
    assert value_of(again, "process_internal-now") is None
    assert SliderAnswer.objects.filter(participant=anna).count() == 2


@pytest.mark.parametrize("wrong", ["-1", "101", "abc", "50.5"])
def test_a_wrong_number_reshows_what_was_typed_and_writes_nothing(open_workshop, phone, wrong):
    client, _anna = phone
    response = client.post(
        answer_url(open_workshop, "sliders"),
        slider_post(internal_position=(wrong, "60", "mijn reden"), communication=("10", "20", "")),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a whole number from 0 to 100 for “Internal positioning”." in html
    assert value_of(html, "internal_position-now") == wrong
    assert value_of(html, "communication-now") == "10"
    assert "\nmijn reden</textarea>" in html
    assert SliderAnswer.objects.count() == 0


def test_half_a_slider_is_refused(open_workshop, phone):
    client, _anna = phone
    response = client.post(
        answer_url(open_workshop, "sliders"), slider_post(communication=("40", "", ""))
    )
    assert "Fill in both numbers for “Communication”, or leave both empty." in (
        response.content.decode()
    )
    assert SliderAnswer.objects.count() == 0


def test_the_profile_shows_once_all_five_sliders_are_placed(open_workshop, phone):
    client, _anna = phone
    url = answer_url(open_workshop, "sliders")
    four = {
        "internal_position": (20, 60, ""),
        "process_internal": (30, 60, ""),
        "process_residents": (40, 60, ""),
        "governance_politics": (10, 60, ""),
    }
    client.post(url, slider_post(**four))
    assert "Your profile" not in client.get(url).content.decode()
    client.post(url, slider_post(**four, communication=(50, 60, "")))
    html = client.get(url).content.decode()
    # structure (20 + 30 + 40 + 10 + 50) / 5 = 30 → below 40: pioneer;
    # ambition (40 + 30 + 20 + 50 + 10) / 5 = 30; lowest now and largest step: governance.
    profile = html[
        html.index("Your profile") : html.index("</section>", html.index("Your profile"))
    ]
    assert "Pioneers: enthusiastic officials" in profile
    assert "<dt>Structure</dt>\n    <dd>30</dd>" in profile
    assert "<dt>Ambition</dt>\n    <dd>30</dd>" in profile
    assert "<dt>Lowest now</dt>\n    <dd>Governance and politics</dd>" in profile
    assert "<dt>Largest step</dt>\n    <dd>Governance and politics</dd>" in profile
    assert "below 40 is a pioneer, 60 or more a deep-thinker" in profile


def test_a_participant_id_in_the_post_is_ignored(open_workshop, phone):
    client, anna = phone
    bram = services.join(workshop=open_workshop, name="Bram")
    services.save_slider(participant=bram, slider="communication", now=90, target=95)
    data = slider_post(communication=("5", "10", "")) | {"participant": bram.pk, "by": bram.pk}
    client.post(answer_url(open_workshop, "sliders"), data)
    assert SliderAnswer.objects.get(participant=bram).now == 90
    assert SliderAnswer.objects.get(participant=anna).now == 5


def test_answers_are_refused_once_the_werkplaats_closed(open_workshop, phone, users):
    client, _anna = phone
    url = answer_url(open_workshop, "sliders")
    services.move_workshop(workshop=open_workshop, to="closed", by=users["programmabureau"])
    response = client.post(url, slider_post(communication=("5", "10", "")))
    assert response.status_code == 410
    assert SliderAnswer.objects.count() == 0


# --- building blocks --------------------------------------------------------------------


def test_blocks_save_and_show_the_own_answers_again(open_workshop, phone):
    client, anna = phone
    url = answer_url(open_workshop, "blocks")
    page = client.get(url).content.decode()
    assert_accessible(page)
    assert "Discuss the tensions you run into now" in page
    response = client.post(
        url,
        {
            "trust-strength": "2",
            "trust-tension": "Bewoners haken af",
            "means-strength": "4",
            "first": "trust",
        },
    )
    assert response.status_code == 302
    saved = {b.block: (b.strength, b.tension, b.first) for b in BlockAnswer.objects.all()}
    assert saved == {"trust": (2, "Bewoners haken af", True), "means": (4, "", False)}
    again = client.get(url).content.decode()
    assert checked(again, "trust-strength") == ["2"]
    assert checked(again, "means-strength") == ["4"]
    assert checked(again, "first") == ["trust"]
    assert "\nBewoners haken af</textarea>" in again
    # the choice of the first block moves
    client.post(url, {"trust-strength": "2", "means-strength": "4", "first": "means"})
    assert list(
        BlockAnswer.objects.filter(participant=anna, first=True).values_list("block", flat=True)
    ) == ["means"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"trust-strength": "7"}, "Select a valid choice."),
        ({"trust-tension": "Geen vertrouwen"}, "Rate “Trust” to keep the tension you wrote."),
        (
            {"trust-strength": "3", "first": "means"},
            "Rate the building block you want to work on first, too.",
        ),
        ({"trust-strength": "3", "trust-tension": "x" * 501}, "at most 500 characters"),
    ],
)
def test_wrong_block_answers_are_refused_and_nothing_is_written(
    open_workshop, phone, data, message
):
    client, _anna = phone
    response = client.post(answer_url(open_workshop, "blocks"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert BlockAnswer.objects.count() == 0


# --- koppelkansen -----------------------------------------------------------------------


def test_the_koppelkansen_sentence_is_saved_with_drivers(open_workshop, phone, geo):
    client, anna = phone
    url = answer_url(open_workshop, "koppelkansen")
    national = PolicyDriver.objects.filter(municipality=None).order_by("name").first()
    own = PolicyDriver.objects.create(
        key="kansrijke-start", name="Kansrijke start", municipality=geo["utrecht"]
    )
    page = client.get(url).content.decode()
    assert_accessible(page)
    assert "Our wijk needs a community centre" in page  # the example as help
    assert "Kansrijke start" in page
    response = client.post(
        url,
        {
            "sentence": "Een buurtcentrum voor kinderen\n tegen criminaliteit",
            "drivers": [national.pk, own.pk],
        },
    )
    assert response.status_code == 302
    answer = KoppelkansAnswer.objects.get(participant=anna)
    assert answer.sentence == "Een buurtcentrum voor kinderen tegen criminaliteit"
    assert set(answer.drivers.all()) == {national, own}
    again = client.get(url).content.decode()
    assert value_of(again, "sentence") == "Een buurtcentrum voor kinderen tegen criminaliteit"
    assert sorted(checked(again, "drivers")) == sorted([str(national.pk), str(own.pk)])


def test_a_driver_of_another_gemeente_or_a_long_sentence_is_refused(open_workshop, phone, geo):
    client, _anna = phone
    url = answer_url(open_workshop, "koppelkansen")
    elsewhere = PolicyDriver.objects.create(
        key="haagse-aanpak", name="Haagse aanpak", municipality=geo["den_haag"]
    )
    response = client.post(url, {"sentence": "Een zin", "drivers": [elsewhere.pk]})
    assert "Select a valid choice." in response.content.decode()
    response = client.post(url, {"sentence": "x" * 301})
    assert "at most 300 characters" in response.content.decode()
    assert value_of(response.content.decode(), "sentence") == "x" * 301
    assert KoppelkansAnswer.objects.count() == 0


# --- social innovation ------------------------------------------------------------------


def test_innovation_saves_and_shows_the_own_answers_again(open_workshop, phone):
    client, anna = phone
    url = answer_url(open_workshop, "innovation")
    page = client.get(url).content.decode()
    assert_accessible(page)
    assert "A new way of framing" in page
    response = client.post(
        url,
        {
            "new_knowledge-state": "already",
            "new_knowledge-note": "Wijkscan gedaan",
            "new_framing-state": "attention",
        },
    )
    assert response.status_code == 302
    saved = {a.part: (a.state, a.note) for a in InnovationAnswer.objects.filter(participant=anna)}
    assert saved == {
        "new_knowledge": ("already", "Wijkscan gedaan"),
        "new_framing": ("attention", ""),
    }
    again = client.get(url).content.decode()
    assert checked(again, "new_knowledge-state") == ["already"]
    assert checked(again, "new_framing-state") == ["attention"]
    assert checked(again, "new_doing-state") == []


def test_an_innovation_note_without_a_choice_is_refused(open_workshop, phone):
    client, _anna = phone
    response = client.post(
        answer_url(open_workshop, "innovation"),
        {"new_doing-note": "Nog niet", "new_knowledge-state": "already"},
    )
    assert "Choose where the case stands on “A new way of doing” to keep your note." in (
        response.content.decode()
    )
    assert InnovationAnswer.objects.count() == 0


# --- the competence game ----------------------------------------------------------------


@pytest.fixture
def colleagues(open_workshop):
    return [services.join(workshop=open_workshop, name=n) for n in ("Bram", "Chris")]


def test_own_strengths_and_a_colleagues_are_saved_by_me(open_workshop, phone, colleagues):
    client, anna = phone
    bram, _chris = colleagues
    url = answer_url(open_workshop, "competences")
    page = client.get(url).content.decode()
    assert_accessible(page)
    assert "Everyday doers" in page and "Bridge builders" in page
    assert "<summary" in page and "Bram" in page and "Chris" in page
    response = client.post(url, {"subject": anna.pk, "competences": ["team_player", "enthusing"]})
    assert response.status_code == 302
    client.post(url, {"subject": bram.pk, "competences": ["listening"], "by": bram.pk})
    picks = set(CompetencePick.objects.values_list("by__name", "subject__name", "competence"))
    assert picks == {
        ("Anna", "Anna", "team_player"),
        ("Anna", "Anna", "enthusing"),
        ("Anna", "Bram", "listening"),
    }
    again = client.get(url).content.decode()
    assert "Saved what Bram is good at." in again
    assert sorted(
        c["value"]
        for c in Page(again).controls
        if c.get("id", "").startswith(f"id_p{anna.pk}_") and "checked" in c
    ) == ["enthusing", "team_player"]
    assert [
        c["value"]
        for c in Page(again).controls
        if c.get("id", "").startswith(f"id_p{bram.pk}_") and "checked" in c
    ] == ["listening"]


def test_unticking_everything_clears_ones_picks(open_workshop, phone):
    client, anna = phone
    services.set_competences(participant=anna, subject=anna, chosen=["team_player"])
    response = client.post(answer_url(open_workshop, "competences"), {"subject": anna.pk})
    assert response.status_code == 302
    assert CompetencePick.objects.count() == 0


def test_too_many_competences_for_one_person_are_refused(open_workshop, phone, colleagues):
    client, _anna = phone
    bram = colleagues[0]
    keys = [
        "team_player",
        "enthusing",
        "listening",
        "networking",
        "negotiating",
        "organising",
        "connecting",
        "pitching",
        "structure",
    ]
    response = client.post(
        answer_url(open_workshop, "competences"), {"subject": bram.pk, "competences": keys}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose at most 8 competences for one person; you chose 9." in html
    assert f'id="person-{bram.pk}" open' in html
    assert CompetencePick.objects.count() == 0


def test_a_subject_of_another_werkplaats_is_refused(open_workshop, phone, geo, users):
    client, _anna = phone
    by = users["programmabureau"]
    other = open_it(make_workshop(geo["utrecht"], title="Andere werkplaats", by=by), by=by)
    stranger = services.join(workshop=other, name="Dirk")
    url = answer_url(open_workshop, "competences")
    for subject in (stranger.pk, "abc", ""):
        response = client.post(url, {"subject": subject, "competences": ["team_player"]})
        assert response.status_code == 302
    assert (
        "That person is not (or no longer) in this werkplaats." in client.get(url).content.decode()
    )
    assert CompetencePick.objects.count() == 0
