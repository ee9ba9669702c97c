"""Assessment frameworks as data: the shipped one (The Hague's) for every gemeente, a
gemeente's own copy, edits saved as new versions (old versions never change), and who
may do what (nothing written on a refusal)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wendbaar.accounts.tests.factories import make_area, user_with_role
from wendbaar.core.models import AuditEvent
from wendbaar.proposals import rules, selectors, services
from wendbaar.proposals.models import Criterion, Effect, Framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeenten(db):
    return {
        "utrecht": make_area("GM0344", "Utrecht"),
        "den_haag": make_area("GM0518", "'s-Gravenhage"),
    }


@pytest.fixture
def people(gemeenten):
    u = gemeenten["utrecht"]
    return {
        "beheerder": user_with_role("beheerder", municipality=u, username="beheerder"),
        "beheerder_elsewhere": user_with_role(
            "beheerder", municipality=gemeenten["den_haag"], username="beheerder_dh"
        ),
        "programmabureau": user_with_role("programmabureau", municipality=u, username="pb"),
        "lezer": user_with_role("lezer", municipality=u, username="lezer"),
    }


def counts() -> tuple[int, int, int, int]:
    return (
        Framework.objects.count(),
        Criterion.objects.count(),
        Effect.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_hague_ships_as_the_default_for_every_gemeente(gemeenten):
    framework = selectors.current_for(gemeenten["utrecht"])
    assert framework.municipality is None and framework.version == 1
    spec = selectors.spec_of(framework)
    assert rules.framework_problems(spec) == []
    (effects,) = [c for c in spec.criteria if c.kind == rules.EFFECTS]
    assert (effects.min_substantial, len(effects.effects)) == (3, 6)
    (threshold,) = [c for c in spec.criteria if c.kind == rules.THRESHOLD]
    assert threshold.minimum == Decimal("0.4")
    assert selectors.current_for(gemeenten["den_haag"]) == framework


def test_a_copy_is_the_gemeentes_own_and_leaves_the_default(gemeenten, people):
    default = selectors.current_for(None)
    own = services.copy_framework(municipality=gemeenten["utrecht"], by=people["beheerder"])
    assert (own.municipality, own.version, own.based_on) == (gemeenten["utrecht"], 1, default)
    assert selectors.spec_of(own).criteria == selectors.spec_of(default).criteria
    assert selectors.current_for(gemeenten["utrecht"]) == own
    assert selectors.current_for(gemeenten["den_haag"]) == default  # untouched elsewhere


def test_an_edit_is_the_next_version_and_the_old_one_stays(gemeenten, people):
    v1 = services.copy_framework(municipality=gemeenten["utrecht"], by=people["beheerder"])
    spec = selectors.spec_of(v1)
    stricter = rules.FrameworkSpec(
        name="Utrecht: vier van de zes",
        version=2,
        criteria=tuple(
            rules.CriterionSpec(**{**c.__dict__, "min_substantial": 4})
            if c.kind == rules.EFFECTS
            else c
            for c in spec.criteria
        ),
    )
    v2 = services.save_framework_version(
        municipality=gemeenten["utrecht"], by=people["beheerder"], spec=stricter, note="Strenger."
    )
    assert v2.version == 2
    assert selectors.current_for(gemeenten["utrecht"]) == v2
    v1.refresh_from_db()
    assert v1.criteria.get(kind="effects").min_substantial == 3  # never changed
    assert v2.criteria.get(kind="effects").min_substantial == 4


def test_a_framework_with_more_substantial_effects_than_it_lists_is_refused(gemeenten, people):
    v1 = services.copy_framework(municipality=gemeenten["utrecht"], by=people["beheerder"])
    spec = selectors.spec_of(v1)
    impossible = rules.FrameworkSpec(
        name=spec.name,
        version=2,
        criteria=tuple(
            rules.CriterionSpec(**{**c.__dict__, "min_substantial": 7})
            if c.kind == rules.EFFECTS
            else c
            for c in spec.criteria
        ),
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.save_framework_version(
            municipality=gemeenten["utrecht"], by=people["beheerder"], spec=impossible
        )
    assert "7" in " ".join(refused.value.messages)
    assert counts() == before


@pytest.mark.parametrize("who", ["programmabureau", "lezer", "beheerder_elsewhere"])
def test_only_the_gemeentes_beheerder_saves_a_framework(gemeenten, people, who):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.copy_framework(municipality=gemeenten["utrecht"], by=people[who])
    assert counts() == before


# --- pages -----------------------------------------------------------------------------


def page(gemeente: str = "GM0344", name: str = "framework") -> str:
    return reverse(f"proposals:{name}", args=[gemeente])


def test_the_page_shows_the_framework_in_words(client, people):
    client.force_login(people["lezer"])
    html = client.get(page()).content.decode()
    assert "Den Haag: drie van de zes maatschappelijke effecten" in html
    assert "At least 3 of these 6 effects substantial" in html
    assert "Eigenaarschap in de eigen wijk" in html
    assert "at least 40 %." in html  # the threshold as people read it, not 0.4000
    assert "Copy and edit" not in html  # a reader may not


@pytest.mark.parametrize(("who", "status"), [("beheerder_elsewhere", 404), (None, 302)])
def test_another_gemeentes_framework_is_not_found(client, people, who, status):
    if who:
        client.force_login(people[who])
    assert client.get(page()).status_code == status


def test_the_beheerder_copies_edits_and_reads_both_versions(client, people):
    client.force_login(people["beheerder"])
    assert client.post(page(name="framework_copy")).status_code == 302
    form = client.get(page(name="framework_edit")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data |= {
        "name": "Utrecht: vier van de zes",
        "note": "We vragen meer.",
        "societal_effects__min_substantial": 4,
        "societal_effects__effects": data["societal_effects__effects"] + "\nGezondheid",
        "cofunding__minimum": "50",
    }
    response = client.post(page(name="framework_edit"), data)
    assert response.status_code == 302
    html = client.get(page()).content.decode()
    assert "Utrecht: vier van de zes" in html and "Gezondheid" in html
    assert "At least 4 of these 7 effects substantial" in html
    old = client.get(page() + "?versie=1").content.decode()
    assert "At least 3 of these 6 effects substantial" in old
    assert "An earlier version, no longer in force." in old
    current = Framework.objects.get(municipality__code="GM0344", version=2)
    assert current.criteria.get(key="cofunding").minimum == Decimal("0.5000")
    # Effects that stayed keep their keys, so earlier scores still match them.
    keys = list(current.criteria.get(key="societal_effects").effects.values_list("key", flat=True))
    assert keys[:6] == [k for k, _label in rules_keys()] and keys[6] == "gezondheid"


def rules_keys():
    return [
        (e.key, e.label) for e in selectors.spec_of(selectors.current_for(None)).criteria[0].effects
    ]


def test_the_edit_form_as_shown_saves_unchanged(client, people):
    """What the page offers (a threshold of 40, not 40.0000) is valid as it stands."""
    client.force_login(people["beheerder"])
    client.post(page(name="framework_copy"))
    form = client.get(page(name="framework_edit")).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"note": "Alleen opnieuw."}
    assert str(form["cofunding__minimum"].value()) == "40"
    assert client.post(page(name="framework_edit"), data).status_code == 302
    assert Framework.objects.filter(municipality__code="GM0344").count() == 2


def test_a_bad_edit_keeps_what_was_typed_and_saves_nothing(client, people):
    client.force_login(people["beheerder"])
    client.post(page(name="framework_copy"))
    form = client.get(page(name="framework_edit")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data |= {"name": "Mijn kader", "note": "Te streng", "societal_effects__min_substantial": 9}
    before = counts()
    response = client.post(page(name="framework_edit"), data)
    assert response.status_code == 400
    assert 'value="Mijn kader"' in response.content.decode()
    assert counts() == before


def test_an_effect_too_long_is_named(client, people):
    client.force_login(people["beheerder"])
    client.post(page(name="framework_copy"))
    form = client.get(page(name="framework_edit")).context["form"]
    data = {name: form[name].value() for name in form.fields} | {"note": "Lang."}
    data["societal_effects__effects"] += "\n" + "Heel lang " * 30
    before = counts()
    response = client.post(page(name="framework_edit"), data)
    assert response.status_code == 400
    assert "Keep each effect to 200 characters" in response.content.decode()
    assert counts() == before


def test_edit_is_refused_to_a_reader(client, people):
    client.force_login(people["lezer"])
    before = counts()
    assert client.post(page(name="framework_copy")).status_code == 403
    assert client.get(page(name="framework_edit")).status_code == 403
    assert counts() == before


def test_my_work_leads_the_beheerder_and_the_bureau_to_the_framework(client, people):
    for who in ("beheerder", "programmabureau"):
        client.force_login(people[who])
        html = client.get(reverse("pages:my_work")).content.decode()
        assert reverse("proposals:framework", args=["GM0344"]) in html
    client.force_login(people["lezer"])
    assert "Assessment framework of" not in client.get(reverse("pages:my_work")).content.decode()


def test_the_models_and_the_pure_rules_speak_of_the_same_kinds():
    from wendbaar.proposals.constants import CriterionKind, Metric

    assert set(CriterionKind.values) == set(rules.KINDS)
    assert set(Metric.values) == set(rules.METRICS)
