"""The programme bureau's and the assessors' pages, as a user meets them: advice, naming
assessors, sending to assessment, blind scores, the decision and the project it makes."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from wendbaar.proposals import assessment_views, rules, selectors
from wendbaar.proposals.assessment_forms import ScoreForm
from wendbaar.proposals.constants import Decision, Step
from wendbaar.proposals.models import AdviceRound, Assessor, Proposal, Score

from .factories import proposal_at

pytestmark = pytest.mark.django_db

NOTE_A = "Ken de trekker persoonlijk, niet doorvertellen"
NOTE_B = "Twijfel over de begroting, vertrouwelijk"


def _url(name: str, p: Proposal, *extra: int) -> str:
    return reverse(f"proposals:{name}", args=[p.approach_id, p.pk, *extra])


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _score_post(p: Proposal, rating: str, note: str, action: str, rationale: str) -> dict:
    data = {"private_note": note, "action": action}
    for c in selectors.spec_of(p.framework).criteria:
        if c.kind == rules.EFFECTS:
            for e in c.effects:
                data[f"{c.key}__{e.key}"] = rating
                data[f"{c.key}__{e.key}__rationale"] = f"{rationale} ({e.key})"
        elif c.kind == rules.YES_NO:
            data[c.key] = "yes"
            data[f"{c.key}__rationale"] = rationale
    return data


def _detail(p: Proposal, user) -> str:
    """The proposal's page (proposal_views) as ``user`` sees it, the panel included."""
    response = _client(user).get(_url("detail", p))
    assert response.status_code == 200
    return response.content.decode()


def _panel(p: Proposal, user) -> str:
    """The assessment panel as ``user`` sees it on the proposal's page."""
    from wendbaar.proposals.permissions import may

    p = selectors.detail(Proposal.objects.filter(pk=p.pk)).get()
    context = assessment_views.panel_context(user, p, may_manage=may(user, "manage", p))
    return render_to_string(
        "proposals/assessment/_panel.html", {"proposal": p, "approach": p.approach, **context}
    )


def test_the_bureau_gives_advice_with_partners(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    bureau = _client(users["programmabureau"])
    page = bureau.get(_url("advice", p))
    assert page.status_code == 200
    assert "Welzijnsorganisatie (voorbeeld)" in page.content.decode()
    assert "Gemeente Den Haag" not in page.content.decode()  # another gemeente's party
    empty = bureau.post(_url("advice", p), {"advice": " "})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert not AdviceRound.objects.filter(proposal=p).exists()
    done = bureau.post(
        _url("advice", p), {"advice": "Betrek welzijn.", "partners": [orgs["welzijn"].pk]}
    )
    assert done.status_code == 302 and done["Location"] == _url("detail", p)
    assert _messages(done) == ["The advice has been sent to the submitter."]
    (advice,) = AdviceRound.objects.filter(proposal=p)
    assert advice.advice == "Betrek welzijn."
    assert list(advice.suggested_partners.all()) == [orgs["welzijn"]]
    assert Proposal.objects.get(pk=p.pk).step == Step.IN_CONVERSATION


def test_the_partner_cannot_give_advice(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    assert (
        _client(users["partner"]).post(_url("advice", p), {"advice": "Ik zelf."}).status_code == 403
    )
    assert _client(users["other_partner"]).get(_url("advice", p)).status_code == 404
    assert not AdviceRound.objects.filter(proposal=p).exists()


def test_the_bureau_names_two_assessors_and_sends_to_assessment(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    bureau = _client(users["programmabureau"])
    page = bureau.get(_url("assessor_add", p)).content.decode()
    wijkmanager = users["wijkmanager_in"]
    assert f'value="{wijkmanager.pk}"' in page
    assert f"{wijkmanager.get_full_name()} (District manager)" in page
    # Nobody of the submitter's side, nobody without a role in Utrecht.
    for who in ("partner", "colleague", "programmabureau_den_haag", "none"):
        assert f'value="{users[who].pk}"' not in page
    bureau.post(_url("assessor_add", p), {"assessor-user": wijkmanager.pk})
    too_few = bureau.post(_url("assessment_start", p))
    assert _messages(too_few)[-1] == "Name at least 2 assessors first."
    assert Proposal.objects.get(pk=p.pk).step == Step.SUBMITTED
    named = bureau.post(_url("assessor_add", p), {"assessor-user": users["external_assessor"].pk})
    assert named.status_code == 302
    again = bureau.post(_url("assessor_add", p), {"assessor-user": wijkmanager.pk})
    assert again.status_code == 400  # no longer a choice
    assert Assessor.objects.filter(proposal=p).count() == 2
    assert 'action="' + _url("assessment_start", p) + '"' in _panel(p, users["programmabureau"])
    sent = bureau.post(_url("assessment_start", p))
    assert _messages(sent)[-1] == "The proposal has been sent to its assessors."
    assert Proposal.objects.get(pk=p.pk).step == Step.IN_ASSESSMENT


def test_an_assessor_who_has_submitted_stays_named(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    assessor = Assessor.objects.get(proposal=p, user=users["wijkmanager_in"])
    _client(users["wijkmanager_in"]).post(
        _url("score", p), _score_post(p, "some", "", "submit", "Zo.")
    )
    bureau = _client(users["programmabureau"])
    refused = bureau.post(_url("assessor_remove", p, assessor.pk))
    assert _messages(refused)[-1] == "An assessor who has submitted their scores stays named."
    other = Assessor.objects.get(proposal=p, user=users["external_assessor"])
    assert f'action="{_url("assessor_remove", p, other.pk)}"' in _panel(p, users["programmabureau"])
    assert f'action="{_url("assessor_remove", p, assessor.pk)}"' not in _panel(
        p, users["programmabureau"]
    )
    bureau.post(_url("assessor_remove", p, other.pk))
    assert list(Assessor.objects.filter(proposal=p)) == [assessor]
    assert (
        _client(users["partner"]).post(_url("assessor_remove", p, assessor.pk)).status_code == 403
    )


def test_blind_scores_and_private_notes_never_leak(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    a, b = users["wijkmanager_in"], users["external_assessor"]
    # A saves a draft, then submits; B has not scored yet.
    draft = _client(a).post(_url("score", p), _score_post(p, "substantial", NOTE_A, "draft", "A1"))
    assert draft.status_code == 302 and _messages(draft) == [
        "Your draft scores are saved; only you see them."
    ]
    own_form = _client(a).get(_url("score", p)).content.decode()
    assert NOTE_A in own_form and "A1 (social_cohesion)" in own_form  # pre-filled
    submitted = _client(a).post(
        _url("score", p), _score_post(p, "substantial", NOTE_A, "submit", "A1")
    )
    assert submitted.status_code == 302
    # B before submitting: only B's own (nothing), and the sentence why.
    for panel_b in (_panel(p, b), _detail(p, b)):
        assert "The other assessors' scores show once you have submitted yours." in panel_b
        assert "A1 (social_cohesion)" not in panel_b
    score_b = _client(b).get(_url("score", p)).content.decode()
    assert "A1 (social_cohesion)" not in score_b
    # A, submitted: sees A's own scores (B's draft stays hidden).
    _client(b).post(_url("score", p), _score_post(p, "none", NOTE_B, "draft", "B1"))
    panel_a = _panel(p, a)
    assert "A1 (social_cohesion)" in panel_a and "B1 (social_cohesion)" not in panel_a
    # B submits: both see both, side by side, with the disagreement in words.
    _client(b).post(_url("score", p), _score_post(p, "none", NOTE_B, "submit", "B1"))
    for user in (a, b, users["programmabureau"]):
        panel = _detail(p, user)
        assert "A1 (social_cohesion)" in panel and "B1 (social_cohesion)" in panel
        assert "Yes: two steps apart" in panel
        assert "0 of 6 substantial: none — does not meet at least 3." in panel
    # The submitter's side sees no scores before the decision.
    assert "A1 (social_cohesion)" not in _detail(p, users["partner"])
    # Nobody's page holds the other's private note, nor its own outside the score form.
    for user in (a, b, users["programmabureau"], users["partner"], users["colleague"]):
        panel = _panel(p, user)
        assert NOTE_A not in panel and NOTE_B not in panel
        detail = _detail(p, user)
        assert NOTE_A not in detail and NOTE_B not in detail
    assert NOTE_A not in _client(b).get(_url("score", p)).content.decode()
    assert NOTE_B not in _client(a).get(_url("score", p)).content.decode()
    decide = _client(users["programmabureau"]).get(_url("decide", p)).content.decode()
    assert NOTE_A not in decide and NOTE_B not in decide


def test_a_score_by_a_non_assessor_is_refused_and_writes_nothing(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    data = _score_post(p, "substantial", "sneaky", "submit", "Ik ook.")
    for who in ("colleague", "partner", "programmabureau"):  # see it, may not score
        assert _client(users[who]).post(_url("score", p), data).status_code == 403, who
    for who in ("other_partner", "wijkmanager_out"):  # cannot see it at all
        assert _client(users[who]).post(_url("score", p), data).status_code == 404, who
    assert not Score.objects.filter(assessor__proposal=p).exists()
    assert not Assessor.objects.filter(proposal=p).exclude(private_note="").exists()


def test_submitting_incomplete_scores_says_what_is_open(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    data = _score_post(p, "some", "", "submit", "Zo.")
    del data["continuity"], data["continuity__rationale"]
    page = _client(users["wijkmanager_in"]).post(_url("score", p), data)
    assert page.status_code == 400
    assert "Score everything before submitting. Still open: Verduurzaming." in page.content.decode()
    assert Assessor.objects.get(proposal=p, user=users["wijkmanager_in"]).submitted_at is None


def _both_submitted(approach, geo, orgs, users) -> Proposal:
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    for who in ("wijkmanager_in", "external_assessor"):
        _client(users[who]).post(
            _url("score", p), _score_post(p, "substantial", "", "submit", "Ja.")
        )
    return p


def test_a_decision_without_reasons_shows_the_form_again(approach, geo, orgs, users):
    p = _both_submitted(approach, geo, orgs, users)
    bureau = _client(users["programmabureau"])
    page = bureau.get(_url("decide", p)).content.decode()
    # The rule results and the combined scores are in view, and the decision is final.
    assert "6 of 6 substantial" in page and "The assessors' combined result" in page
    assert (
        "Co-funding 44.4\xa0% (€\xa040,000 of €\xa090,000): meets the minimum of 40\xa0%." in page
    )
    assert "The decision is final" in page
    response = bureau.post(_url("decide", p), {"decision": Decision.APPROVED, "reasons": ""})
    assert response.status_code == 400
    assert "Write the reasons for the submitter." in response.content.decode()
    conditions = bureau.post(
        _url("decide", p), {"decision": Decision.APPROVED_WITH_CONDITIONS, "reasons": "Goed."}
    )
    assert conditions.status_code == 400 and "Write the conditions." in conditions.content.decode()
    p.refresh_from_db()
    assert p.step == Step.IN_ASSESSMENT and p.decision == "" and p.project is None


def test_the_approved_decision_makes_a_project_with_its_money(approach, geo, orgs, users):
    p = _both_submitted(approach, geo, orgs, users)
    bureau = _client(users["programmabureau"])
    done = bureau.post(_url("decide", p), {"decision": Decision.APPROVED, "reasons": "Past goed."})
    assert done.status_code == 302 and done["Location"] == _url("detail", p)
    assert _messages(done) == ["Decided: Approved. The proposal is now a project of the programme."]
    p.refresh_from_db()
    project = p.project
    assert p.step == Step.DECIDED and p.decision_reasons == "Past goed."
    partner_page = _detail(p, users["partner"])
    assert f'href="{project.get_absolute_url()}"' in partner_page
    # The submitter now sees the scores the decision was taken with.
    assert "Ja. (social_cohesion)" in partner_page
    project_page = bureau.get(project.get_absolute_url()).content.decode()
    assert "Moestuinen aan de Tigrisdreef" in project_page
    assert "Woningcorporatie (voorbeeld)" in project_page and "40,000" in project_page
    assert "Gemeente Utrecht" in project_page and "50,000" in project_page
    # A second decision is refused with the reason, and changes nothing.
    again = bureau.post(_url("decide", p), {"decision": Decision.REJECTED, "reasons": "Toch niet."})
    assert again.status_code == 400
    assert (
        "This proposal has been decided already; a decision is not taken twice."
        in again.content.decode()
    )
    p.refresh_from_db()
    assert p.decision == Decision.APPROVED and p.project == project


def test_the_score_form_follows_the_framework():
    spec = rules.FrameworkSpec(
        "Eigen kader",
        2,
        (
            rules.CriterionSpec(
                "effects", "Effecten", rules.EFFECTS, (rules.EffectSpec("a", "Alfa"),), 1
            ),
            rules.CriterionSpec("green", "Groen", rules.YES_NO),
            rules.CriterionSpec("quality", "Kwaliteit", rules.SCALE, scale_min=1, scale_max=4),
            rules.CriterionSpec(
                "share", "Cofinanciering", rules.THRESHOLD, metric="cofunding_share"
            ),
        ),
    )
    form = ScoreForm(spec=spec)
    assert list(form.fields) == [
        "effects__a",
        "effects__a__rationale",
        "green",
        "green__rationale",
        "quality",
        "quality__rationale",
        "private_note",
    ]
    assert form.fields["quality"].label == "Kwaliteit (1 to 4)"
    assert [g.criterion.key for g in form.groups()] == ["effects", "green", "quality", "share"]
    assert form.groups()[3].items == ()  # computed: shown, never asked
    bad = ScoreForm({"green": "yes", "quality__rationale": "Goed."}, spec=spec)
    assert not bad.is_valid()
    assert bad.errors == {
        "green__rationale": ["Explain your answer."],
        "quality": ["Give a score with this rationale."],
    }
    good = ScoreForm(
        {"effects__a": "some", "quality": "3", "quality__rationale": "Goed.", "private_note": "x"},
        spec=spec,
    )
    assert good.is_valid(), good.errors
    assert good.scores() == [
        rules.Score("", "effects", "a", rating="some"),
        rules.Score("", "quality", value=3, rationale="Goed."),
    ]
