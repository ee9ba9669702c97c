"""Every form of the project is done once, right (issue #11, item 6).

The walk imports every module of the project (forms live in ``forms.py``, but also in
``*_views.py`` and ``user_forms.py``), finds every subclass of ``forms.BaseForm`` and
renders it in Dutch. Each must mix in ``ui.forms.NLDesignForm``, show no Django
"---------", give every ``<input type="date">`` an ISO value, and put an empty choice on
a select without a default. A new form that needs an argument this test cannot supply
fails here with the parameter's name: add it to ``ARGUMENTS``.

Forms of the Django admin (``*.admin``) are left out: the admin renders its own markup.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import timezone, translation

import wendbaar
from wendbaar.accounts.tests.factories import UserFactory, make_area, user_with_role
from wendbaar.agenda.models import Goal, Project
from wendbaar.agenda.tests.factories import make_approach, make_geo, make_org
from wendbaar.approaches.models import PolicyDriver
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.initiatives import services as initiative_services
from wendbaar.organisations.models import Organisation
from wendbaar.proposals import proposal_services, selectors
from wendbaar.proposals.models import Framework
from wendbaar.stories.forms import PublicStoryForm
from wendbaar.stories.models import Story
from wendbaar.ui.forms import EMPTY_LABEL, DateInput, NLDesignForm

# Modules never imported by the walk: settings (production refuses to load in tests),
# entry points, and code that is not part of the running site.
SKIPPED_PARTS = {"tests", "migrations", "conf", "management", "bench"}
SKIPPED_MODULES = {"wendbaar.__main__", "wendbaar.wsgi", "wendbaar.asgi"}


def _import_everything() -> None:
    for info in pkgutil.walk_packages(wendbaar.__path__, "wendbaar."):
        if info.name in SKIPPED_MODULES or SKIPPED_PARTS & set(info.name.split(".")):
            continue
        importlib.import_module(info.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def project_forms() -> list[type]:
    _import_everything()
    return sorted(
        (
            cls
            for cls in _subclasses(forms.BaseForm)
            if cls.__module__.startswith("wendbaar.")
            and ".tests" not in cls.__module__
            and not cls.__module__.endswith(".admin")
        ),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


FORMS = project_forms()


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in FORMS}
    assert {"PublicStoryForm", "ProjectForm", "LoginForm", "AuditLogFilter"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_mixes_in_the_kernel(form_class):
    assert issubclass(form_class, NLDesignForm), (
        f"{form_class.__module__}.{form_class.__name__}: mix in wendbaar.ui.forms.NLDesignForm"
    )


@pytest.fixture
def world(db):
    geo = make_geo()
    make_area("BU03440344", "2e Daalsebuurt", geo["overvecht"])
    make_org("Woonstichting", "civil_society", geo["utrecht"])
    user = UserFactory(username="walker")
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    municipalities = Area.objects.filter(level=AreaLevel.MUNICIPALITY)
    initiative = initiative_services.submit_initiative(
        municipality=geo["utrecht"],
        area=None,
        title="Idee",
        what="Iets voor de buurt",
        email="bewoner@example.org",
        consent=True,
    ).initiative
    approach = make_approach(geo)
    framework = Framework.objects.get(municipality=None, version=1)
    # A draft project proposal: the bureau's and the assessors' forms are built for one.
    proposal = proposal_services.create_proposal(
        approach=approach,
        content=proposal_services.Content(title="Moestuin", summary="Samen tuinieren"),
        by=user_with_role("programmabureau", municipality=geo["utrecht"]),
    )
    return {
        "proposal": proposal,
        "spec": selectors.spec_of(framework),
        "initiative": initiative,
        "drivers": PolicyDriver.objects.all(),
        "goals": Goal.objects.all(),
        "projects": Project.objects.all(),
        "framework": framework,
        "municipality": geo["utrecht"],
        "municipalities": municipalities,
        "areas": Area.objects.filter(municipality_code="GM0344"),
        "organisations": Organisation.objects.all(),
        "approach": approach,
        "catalogue": [("inhabitants", "Inhabitants")],
        "actions": ["story_submitted"],
        # The agenda's edit and remove forms: a goal or indicator set before today.
        "set_before_today": True,
        "request": request,
        "user": user,
        "by": user,
    }


def build(form_class: type, world: dict) -> forms.BaseForm:
    """An unbound form, its required arguments taken by name from ``world``."""
    kwargs = {}
    # Every __init__ up the chain (a mixin's ``*args, **kwargs`` hides Django's ``user``).
    for klass in form_class.__mro__:
        if "__init__" not in vars(klass):
            continue
        for name, param in inspect.signature(vars(klass)["__init__"]).parameters.items():
            if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if param.default is not param.empty or name in kwargs:
                continue
            if name not in world:
                pytest.fail(f"{form_class.__name__} needs {name!r}: add it to the world fixture")
            kwargs[name] = world[name]
    return form_class(**kwargs)


DATE_INPUT = re.compile(r"<input[^>]*type=\"date\"[^>]*>")


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_renders_right_in_dutch(form_class, world):
    with translation.override("nl"):
        form = build(form_class, world)
        # The kernel's component, as every page renders it.
        html = form.render("ui/components/form_fields.html")
    assert "---------" not in html
    for tag in DATE_INPUT.findall(html):
        value = re.search(r'value="([^"]*)"', tag)
        assert value is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[1]), tag
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField):
            assert isinstance(field.widget, DateInput), f"{form_class.__name__}.{name}"
        widget = field.widget
        if isinstance(widget, forms.Select) and not isinstance(
            widget, forms.SelectMultiple | forms.NullBooleanSelect
        ):
            bound = form[name]
            options = [str(label) for value, label in field.choices if value in ("", None)]
            has_default = field.initial is not None or form.initial.get(name) is not None
            if not field.required or not has_default:
                assert options, f"{form_class.__name__}.{name} has no empty choice"
            assert "---------" not in str(bound)


# --- the mixin on made-up forms ----------------------------------------------------------


class Picks(NLDesignForm, forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    kind_with_default = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], initial="b")
    optional = forms.ChoiceField(choices=[("a", "A")], required=False)
    dashed = forms.ChoiceField(choices=[("", "—"), ("a", "A")], required=False)
    own_empty = forms.ChoiceField(choices=[("", "All kinds"), ("a", "A")], required=False)
    area = forms.ModelChoiceField(queryset=Area.objects.none())
    plain_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    default_day = forms.DateField(initial=timezone.localdate)


def first_choice(form: forms.BaseForm, name: str) -> tuple:
    return next(iter(form[name].field.choices))


def test_selects_get_a_translated_empty_choice_unless_they_have_a_default(db):
    with translation.override("nl"):
        form = Picks()
        html = "".join(str(bf) for bf in form)
    assert first_choice(form, "kind") == ("", EMPTY_LABEL)
    assert first_choice(form, "kind_with_default") == ("a", "A")
    assert first_choice(form, "optional") == ("", EMPTY_LABEL)
    assert first_choice(form, "dashed") == ("", EMPTY_LABEL)
    assert first_choice(form, "own_empty") == ("", "All kinds")
    assert form["area"].field.empty_label == EMPTY_LABEL
    assert "---------" not in html
    assert 'value="" selected' in str(form["kind"])


def test_a_required_select_left_on_the_empty_choice_is_refused_clearly(db):
    form = Picks(data={"kind": "", "kind_with_default": "a", "area": "", "plain_day": ""})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["kind"] == ["Choose one of the options."]
        assert form.errors["area"] == ["Choose one of the options."]
        assert form.errors["plain_day"] == ["This field is required."]


def test_every_date_field_is_an_iso_date_input(db):
    day = dt.date(2026, 12, 31)
    with translation.override("nl"):
        form = Picks(initial={"plain_day": day})
        plain, default = str(form["plain_day"]), str(form["default_day"])
    assert isinstance(form.fields["plain_day"].widget, DateInput)
    assert 'type="date"' in plain and 'value="2026-12-31"' in plain
    assert f'value="{timezone.localdate().isoformat()}"' in default
    bound = Picks(data={"plain_day": "2026-12-31"})
    bound.is_valid()
    assert bound.cleaned_data["plain_day"] == day


def test_a_standalone_checkbox_has_its_label_beside_the_box(db):
    class Consent(NLDesignForm, forms.Form):
        agree = forms.BooleanField(label="I have read the explanation above, all of it.")

    from wendbaar.ui.templatetags.ui import form_field

    context = form_field(Consent()["agree"])
    from django.template.loader import render_to_string

    html = render_to_string("ui/components/field.html", context)
    # The label is not inside the input column (one box wide): it has its own column.
    input_cell = re.search(r'<div class="utrecht-form-field__input">(.*?)</div>', html, re.S)
    assert input_cell and "<label" not in input_cell[1]
    assert 'class="utrecht-form-field__label utrecht-form-field__label--checkbox"' in html
    assert "utrecht-checkbox--custom" in html


# --- the public story form: no buurt chosen -------------------------------------------------


def _story_data(**overrides):
    data = {
        "title": "Onze straat",
        "text": "Het is hier gezellig.",
        "author_kind": "resident",
        "consent": "public",
        "read_consent": "on",
        "area": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_story_form_offers_the_whole_municipality_first(world):
    with translation.override("en"):
        html = str(PublicStoryForm(municipality=world["municipality"])["area"])
    first = re.search(r"<option[^>]*>([^<]*)</option>", html)
    assert first and 'value=""' in first[0] and "whole municipality" in first[1]
    assert "2e Daalsebuurt" in html


def test_a_story_without_a_buurt_is_filed_for_the_whole_gemeente(client, world, settings):
    settings.MEDIA_ROOT = settings.VAR_DIR / "test-media"
    response = client.post("/verhalen/gemeente/GM0344/vertel/", _story_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get(title="Onze straat")
    assert [area.code for area in story.areas.all()] == ["GM0344"]
    assert not story.areas.filter(name="2e Daalsebuurt").exists()


def test_a_story_with_a_buurt_keeps_it(client, world):
    buurt = Area.objects.get(name="2e Daalsebuurt")
    response = client.post("/verhalen/gemeente/GM0344/vertel/", _story_data(area=buurt.pk))
    assert response.status_code == 302
    assert list(Story.objects.get(title="Onze straat").areas.all()) == [buurt]


def test_a_buurt_of_another_gemeente_is_refused(client, world):
    escamp = Area.objects.get(code="WK051808")
    response = client.post("/verhalen/gemeente/GM0344/vertel/", _story_data(area=escamp.pk))
    assert response.status_code == 200
    assert not Story.objects.exists()


def test_a_gemeente_wide_story_waits_for_the_gemeentes_moderators(client, world):
    from wendbaar.accounts.tests.factories import user_with_role
    from wendbaar.stories.permissions import StoryPolicy

    client.post("/verhalen/gemeente/GM0344/vertel/", _story_data())
    story = Story.objects.get(title="Onze straat")
    bureau = user_with_role("programmabureau", municipality=world["municipality"])
    overvecht = Area.objects.get(code="WK034403")
    manager = user_with_role(
        "wijkmanager", municipality=world["municipality"], districts=[overvecht]
    )
    assert story in StoryPolicy().instances_for(bureau, "moderate")
    assert story not in StoryPolicy().instances_for(manager, "moderate")
