"""The submitter's pages, as a user meets them: the list of a wijkaanpak, a new proposal
(also with bad input), its page with the computed checks and similar projects, edit,
submit and withdraw, and who sees what."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from wendbaar.agenda.tests.factories import make_project
from wendbaar.proposals import proposal_services
from wendbaar.proposals.constants import Step
from wendbaar.proposals.models import CostLine, Proposal, ProposalStep
from wendbaar.proposals.proposal_services import Cost

from .factories import content, proposal_at

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _url(name: str, p: Proposal) -> str:
    return reverse(f"proposals:{name}", args=[p.approach_id, p.pk])


def _text(response) -> str:
    """The page as a reader gets it: entities decoded, no-break spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def _words(response) -> str:
    """The page's text without its markup, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", _text(response)).split())


def _rows(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{k}": v for k, v in row.items()}
    return data


def form_data(geo, orgs, **changes) -> dict:
    """What the partner types for the factories' proposal: €90k of costs, €40k of the
    corporatie, €50k of the gemeente (the budget holder): 44.4 % co-funding."""
    data = {
        "title": "Moestuinen aan de Tigrisdreef",
        "summary": "Bewoners leggen samen moestuinen aan op braakliggende plekken.",
        "problem": "Weinig ontmoeting.",
        "areas": [str(geo["overvecht_buurt"].pk)],
        "themes": ["cohesion", "environment"],
        "start_date": "2027-03-01",
        "end_date": "2028-02-29",
        "continuity_plan": "De bewonersvereniging neemt het beheer over na twee seizoenen.",
        "organisation": str(orgs["corporatie"].pk),
        "effects": ["social_cohesion", "ownership"],
        "how_social_cohesion": "Buren tuinieren samen.",
        "how_ownership": "Bewoners beheren de tuinen zelf.",
    }
    data |= _rows(
        "results",
        [
            {"kind": "output", "text": "Zes moestuinen aangelegd", "target": "6", "due": ""},
            {"kind": "", "text": "", "target": "", "due": ""},  # a blank row: ignored
        ],
    )
    data |= _rows(
        "costs",
        [
            {"description": "Aanleg", "amount": "60000"},
            {"description": "Begeleiding", "amount": "30000"},
        ],
    )
    data |= _rows(
        "financing",
        [
            {"party": str(orgs["corporatie"].pk), "amount": "40000", "status": "committed"},
            {"party": str(orgs["gemeente"].pk), "amount": "50000", "status": "expected"},
            {"party": "", "amount": "", "status": "expected"},  # blank: ignored
        ],
    )
    data |= changes
    return data


# --- creating, with good and bad input -----------------------------------------------------------


def test_the_partner_creates_and_submits(approach, geo, orgs, users):
    c = _client(users["partner"])
    page = c.get(reverse("proposals:create", args=[approach.pk]))
    assert page.status_code == 200
    response = c.post(reverse("proposals:create", args=[approach.pk]), form_data(geo, orgs))
    p = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("detail", p)
    assert p.step == Step.CONCEPT and p.organisation == orgs["corporatie"]
    assert [(c.description, c.amount) for c in p.costs.order_by("id")] == [
        ("Aanleg", Decimal("60000")),
        ("Begeleiding", Decimal("30000")),
    ]
    assert p.financing.count() == 2 and p.results.count() == 1  # blank rows ignored
    assert {e.effect_key: e.how for e in p.effects.all()} == {
        "social_cohesion": "Buren tuinieren samen.",
        "ownership": "Bewoners beheren de tuinen zelf.",
    }

    confirm = c.get(_url("submit", p))
    assert confirm.status_code == 200 and "Submit" in _text(confirm)
    done = c.post(_url("submit", p), {"note": ""})
    assert done.status_code == 302
    p.refresh_from_db()
    assert p.step == Step.SUBMITTED and p.framework is not None


def test_a_new_proposal_defaults_to_the_users_own_organisation(approach, users):
    page = _client(users["partner"]).get(reverse("proposals:create", args=[approach.pk]))
    form = page.context["form"]
    assert form["organisation"].value() == form.fields["organisation"].queryset.get().pk
    # Only the user's own organisations are offered.
    assert [o.name for o in form.fields["organisation"].queryset] == [
        "Woningcorporatie (voorbeeld)"
    ]


@pytest.mark.parametrize(
    ("changes", "where", "message", "typed"),
    [
        (
            {"costs-1-amount": "-5"},
            ("id_costs", "id_costs-1-amount"),
            "Cost line 2, Amount (euro): An amount cannot be negative.",
            'value="-5"',
        ),
        (
            {"costs-0-amount": "zestigduizend"},
            ("id_costs", "id_costs-0-amount"),
            "Cost line 1, Amount (euro): Write the amount in euros as a number",
            'value="zestigduizend"',
        ),
        (
            {"financing-1-amount": "60000"},
            ("id_financing", "id_financing"),
            "The financing (€ 100,000.00) is above the costs (€ 90,000.00) by € 10,000.00",
            'value="60000"',
        ),
        (
            {"effects": ["social_cohesion", "world_peace"], "how_world_peace": "Vrede."},
            ("id_effects", "id_effects"),
            "“world_peace” is not an effect of this framework.",
            "Buren tuinieren samen.",
        ),
    ],
    ids=["negative", "not-a-number", "financing-above-costs", "effect-not-in-framework"],
)
def test_bad_input_shows_a_clear_message_keeps_what_was_typed_and_writes_nothing(
    approach, geo, orgs, users, changes, where, message, typed
):
    fieldset, field_id = where
    response = _client(users["partner"]).post(
        reverse("proposals:create", args=[approach.pk]), form_data(geo, orgs, **changes)
    )
    assert response.status_code == 200
    page = _text(response)
    assert message in page
    assert f'href="#{fieldset}"' in page  # the summary links to the group of lines
    assert f'id="{field_id}_error"' in page  # and the message stands by the field
    assert typed in page
    assert 'value="Moestuinen aan de Tigrisdreef"' in page  # nothing typed is lost
    assert not Proposal.objects.exists() and not CostLine.objects.exists()


def test_a_half_filled_line_is_named_by_row(approach, geo, orgs, users):
    response = _client(users["partner"]).post(
        reverse("proposals:create", args=[approach.pk]),
        form_data(geo, orgs, **{"costs-1-description": ""}),
    )
    assert "Cost line 2, Cost item: Say what the cost is for." in _text(response)
    assert not Proposal.objects.exists()


def test_a_decimal_comma_is_read_as_euros_and_cents(approach, geo, orgs, users):
    _client(users["partner"]).post(
        reverse("proposals:create", args=[approach.pk]),
        form_data(geo, orgs, **{"costs-1-amount": "30000,50", "financing-1-amount": "50000"}),
    )
    assert sorted(CostLine.objects.values_list("amount", flat=True)) == [
        Decimal("30000.50"),
        Decimal("60000"),
    ]


# --- who sees what -------------------------------------------------------------------------------


def test_a_draft_is_seen_by_the_authors_side_only(approach, geo, orgs, users):
    p = proposal_at(Step.CONCEPT, approach, geo, orgs, users)
    assert _client(users["colleague"]).get(_url("detail", p)).status_code == 200
    assert _client(users["other_partner"]).get(_url("detail", p)).status_code == 404
    assert _client(users["wijkmanager_in"]).get(_url("detail", p)).status_code == 404
    listed = _client(users["wijkmanager_in"]).get(reverse("proposals:list", args=[approach.pk]))
    assert p.title not in _text(listed)


def test_the_wijkmanager_sees_a_submitted_proposal(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    page = _client(users["wijkmanager_in"]).get(_url("detail", p))
    assert page.status_code == 200 and p.title in _text(page)
    assert _client(users["other_partner"]).get(_url("detail", p)).status_code == 404
    # Seen, not theirs: no author actions, and the author's pages refuse.
    assert _url("edit", p) not in page.content.decode()
    assert _client(users["wijkmanager_in"]).post(_url("withdraw", p)).status_code == 403


def test_the_list_is_refused_to_who_may_neither_submit_nor_see(approach, users):
    url = reverse("proposals:list", args=[approach.pk])
    assert Client().get(url).status_code == 302  # to the login page
    assert _client(users["programmabureau_den_haag"]).get(url).status_code in (403, 404)
    assert _client(users["beheerder"]).get(url).status_code == 200  # sees by role, none yet
    assert _client(users["partner"]).get(url).status_code == 200  # may submit


def test_the_list_shows_step_due_date_overdue_costs_and_share(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    Proposal.objects.filter(pk=p.pk).update(step_due=dt.date(2020, 1, 6))
    no_costs = proposal_at(
        Step.CONCEPT, approach, geo, orgs, users, title="Zonder kosten", costs=[], financing=[]
    )
    page = _words(_client(users["partner"]).get(reverse("proposals:list", args=[approach.pk])))
    assert "Submitted" in page and "6 January 2020 \u2013 overdue" in page
    assert "Woningcorporatie (voorbeeld)" in page
    assert "€ 90,000" in page and "44.4 %" in page
    assert no_costs.title in page and "unknown" in page  # never 0 %
    assert "New proposal" in page


# --- the proposal's page -------------------------------------------------------------------------


def test_the_page_says_the_checks_in_words_and_names_a_similar_project(approach, geo, orgs, users):
    project = make_project(
        approach,
        "Moestuinen in Overvecht",
        description="Samen tuinieren op braakliggende plekken.",
        themes=["cohesion"],
        start_date=dt.date(2027, 1, 1),
    )
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    page = _text(_client(users["partner"]).get(_url("detail", p)))
    assert "Co-funding 44.4 % (€ 40,000 of € 90,000): meets the minimum of 40 %" in page
    assert "Continuity plan: present (9 words)" in page
    assert "Aims at 3 effects: " in page
    assert "Possible overlap or partner" in page
    assert f'href="{project.get_absolute_url()}"' in page and project.title in page
    assert "In the same wijk: Overvecht" in page
    assert "Shared themes: Living together and integration" in page
    # The road: created, then submitted, with the promised date.
    assert "Draft → Submitted" in page
    assert 'id="assessment"' in page  # the assessment panel is included


def test_a_draft_is_never_named_as_similar(approach, geo, orgs, users):
    draft = proposal_at(Step.CONCEPT, approach, geo, orgs, users, title="Geheime moestuinen")
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users, by=users["wijkmanager_in"])
    page = _text(_client(users["programmabureau"]).get(_url("detail", p)))
    assert draft.title not in page and _url("detail", draft) not in page


def test_a_similar_proposal_the_user_may_not_open_is_not_named(approach, geo, orgs, users):
    theirs = proposal_at(
        Step.SUBMITTED, approach, geo, orgs, users, by=users["wijkmanager_in"], title="Tuinen"
    )
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    page = _text(_client(users["partner"]).get(_url("detail", p)))
    assert "one you cannot open" in page and _url("detail", theirs) not in page


def test_the_page_reads_in_a_fixed_number_of_queries(
    approach, geo, orgs, users, django_assert_max_num_queries
):
    """Under one budget (the assessment panel included) for 1 or 30 cost lines, 1 or 6
    projects nearby and 1 or 4 other proposals: nothing is read per line or per match."""
    c = _client(users["programmabureau"])

    def within_budget(p) -> None:
        c.get(_url("detail", p))  # warm the caches a first visit fills
        with django_assert_max_num_queries(45):
            assert c.get(_url("detail", p)).status_code == 200

    make_project(approach, "Project 0", themes=["cohesion"])
    proposal_at(Step.SUBMITTED, approach, geo, orgs, users, title="Ander voorstel 0")
    one = [Cost("Een", Decimal("1000"))]
    within_budget(proposal_at(Step.SUBMITTED, approach, geo, orgs, users, costs=one, financing=[]))
    many = [Cost(f"Post {i}", Decimal("1000")) for i in range(30)]
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users, costs=many, financing=[])
    for i in range(1, 6):
        make_project(approach, f"Project {i}", themes=["cohesion"])
    for i in range(1, 4):
        proposal_at(Step.SUBMITTED, approach, geo, orgs, users, title=f"Ander voorstel {i}")
    within_budget(p)


# --- edit, submit, withdraw ----------------------------------------------------------------------


def test_edit_is_refused_with_the_reason_after_submission(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    c = _client(users["partner"])
    page = _text(c.get(_url("edit", p), follow=True))
    assert "A proposal that is “Submitted” cannot be changed" in page
    response = c.post(_url("edit", p), form_data(geo, orgs, title="Iets anders"))
    assert response.status_code == 200
    assert "A proposal that is “Submitted” cannot be changed" in _text(response)
    assert 'value="Iets anders"' in response.content.decode()  # what was typed stays
    p.refresh_from_db()
    assert p.title == "Moestuinen aan de Tigrisdreef"


def test_the_author_edits_in_an_advice_round_and_resubmits_saying_what_changed(
    approach, geo, orgs, users
):
    p = proposal_at(Step.IN_CONVERSATION, approach, geo, orgs, users)
    c = _client(users["partner"])
    page = c.get(_url("edit", p))
    assert page.status_code == 200
    assert page.context["form"]["title"].value() == p.title
    response = c.post(
        _url("edit", p), form_data(geo, orgs, title="Moestuinen met de welzijnsorganisatie")
    )
    assert response.status_code == 302
    detail = _text(c.get(_url("detail", p)))
    assert "Resubmit, saying what changed" in detail
    refused = c.post(_url("submit", p), {"note": ""})
    assert "Say what you changed after the advice." in _text(refused)
    c.post(_url("submit", p), {"note": "De welzijnsorganisatie doet mee."})
    p.refresh_from_db()
    assert p.step == Step.SUBMITTED and p.title == "Moestuinen met de welzijnsorganisatie"
    assert p.rounds.get().response == "De welzijnsorganisatie doet mee."


def test_the_edit_form_shows_the_saved_lines(approach, geo, orgs, users):
    p = proposal_at(Step.CONCEPT, approach, geo, orgs, users)
    page = _client(users["colleague"]).get(_url("edit", p)).content.decode()
    assert 'name="costs-0-description"' in page and 'value="Aanleg"' in page
    assert 'name="costs-3-amount"' in page  # two blank lines below the saved two
    assert "Bewoners beheren de tuinen zelf." in page


def test_withdraw_needs_a_reason_and_keeps_it_on_the_road(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    c = _client(users["partner"])
    refused = c.post(_url("withdraw", p), {"reason": "", "confirm": "on"})
    assert refused.status_code == 200
    p.refresh_from_db()
    assert p.step == Step.SUBMITTED
    done = c.post(_url("withdraw", p), {"reason": "Geen trekker meer.", "confirm": "on"})
    assert done.status_code == 302
    p.refresh_from_db()
    assert p.step == Step.WITHDRAWN
    assert ProposalStep.objects.filter(proposal=p, to_step=Step.WITHDRAWN).get().note == (
        "Geen trekker meer."
    )
    page = _text(c.get(_url("detail", p)))
    assert "Geen trekker meer." in page and _url("withdraw", p) not in page


def test_submitting_an_incomplete_draft_says_what_is_missing(approach, geo, orgs, users):
    p = proposal_services.create_proposal(
        approach=approach,
        content=content(geo, orgs, areas=[], costs=[], financing=[], start_date=None),
        organisation=orgs["corporatie"],
        by=users["partner"],
    )
    page = _text(_client(users["partner"]).post(_url("submit", p), {"note": ""}))
    assert "Name the buurten or wijken it is for." in page
    assert "Give the costs, at least one line." in page
    p.refresh_from_db()
    assert p.step == Step.CONCEPT


# --- the link from the wijkaanpak, and accessibility ---------------------------------------------


def test_the_approach_page_links_to_the_proposals_for_who_may_open_them(approach, users):
    url = reverse("agenda:approach", args=[approach.pk])
    link = reverse("proposals:list", args=[approach.pk])
    assert link in _client(users["partner"]).get(url).content.decode()


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[str] = []
        self.labels: set[str] = set()
        self.fieldsets = self.legends = 0
        self.th_without_scope = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.inputs.append(a.get("id", ""))
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1
        elif tag == "th" and "scope" not in a:
            self.th_without_scope += 1


def test_the_form_labels_every_input_and_groups_with_legends(approach, geo, orgs, users):
    page = _client(users["partner"]).post(
        reverse("proposals:create", args=[approach.pk]),
        form_data(geo, orgs, **{"costs-0-amount": "abc"}),
    )
    parser = _Inputs()
    parser.feed(page.content.decode())
    assert parser.inputs and all(parser.inputs)
    assert [i for i in parser.inputs if i not in parser.labels] == []
    assert parser.fieldsets == parser.legends >= 4
    assert parser.th_without_scope == 0


def test_the_detail_and_list_tables_have_header_scopes(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    c = _client(users["partner"])
    for url in (_url("detail", p), reverse("proposals:list", args=[approach.pk])):
        parser = _Inputs()
        parser.feed(c.get(url).content.decode())
        assert parser.th_without_scope == 0


# --- the reasons in words ------------------------------------------------------------------------


def test_each_reason_reads_as_words():
    from wendbaar.proposals import coherence, similarity

    def words(code: str, **params) -> str:
        return coherence.reason_text(similarity.Reason(code, params))

    assert words("same_area", areas=(7,), area_names=("Zuilen",)) == "In the same area: Zuilen"
    assert words("same_district", districts=(3,), district_names=("Overvecht",)) == (
        "In the same wijk: Overvecht"
    )
    assert words("shared_theme", themes=("housing", "safety")) == (
        "Shared themes: Housing, Safety and crime"
    )
    assert words("shared_goal", goals=(1,), goal_titles=("Meer ontmoeting",)) == (
        "Serves the same goals: Meer ontmoeting"
    )
    assert words("overlapping_period", start=dt.date(2027, 3, 1), days=366) == (
        "Runs at the same time: 366 days"
    )
    assert words("overlapping_period", start=dt.date(2027, 3, 1), days=None) == (
        "Runs at the same time: from March 1, 2027, without an end"
    )
    assert words("similar_text", words=("moestuin", "tuinieren")) == (
        "Similar words: moestuin, tuinieren"
    )
    match = similarity.Match(similarity.Item("project", 1, "X"), 0.554, ())
    assert coherence.score_text(match) == "Similarity: 55 %"
