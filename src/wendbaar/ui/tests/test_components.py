"""The shared components (``{% load ui %}``) and the form page helper."""

from __future__ import annotations

import re
from functools import partial

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from wendbaar.ui.forms import NLDesignForm
from wendbaar.ui.views import form_page

CHOICES = [("a", "Apples"), ("b", "Pears")]


class GroupForm(NLDesignForm, forms.Form):
    title = forms.CharField(label="Title")
    fruit = forms.MultipleChoiceField(
        label="Fruit", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Agree", help_text="Please agree.")


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def terms(html: str) -> list[str]:
    """The ``<dt>`` texts of a rendered list, in order."""
    return re.findall(r"<dt>([^<]*)</dt>", html)


def invalid_form() -> GroupForm:
    form = GroupForm(data={})
    assert not form.is_valid()
    return form


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- error summary and fields ---------------------------------------------------------


def test_error_summary_links_a_group_to_its_fieldset_and_a_field_to_its_input():
    html = render("{% error_summary form %}{% form_fields form %}", form=invalid_form())
    summary = html[html.index('id="form-errors"') : html.index("</div>")]
    fruit_href = re.search(r'href="#([^"]*)">Fruit:', summary).group(1)
    assert fruit_href  # never a bare "#"
    assert re.search(rf'<fieldset [^>]*id="{fruit_href}"', html)
    title_href = re.search(r'href="#([^"]*)">Title:', summary).group(1)
    assert re.search(rf'<input [^>]*id="{title_href}"', html)


def test_error_summary_is_an_alert_that_can_take_focus():
    html = render("{% error_summary form %}", form=invalid_form())
    assert 'role="alert"' in html and 'tabindex="-1"' in html
    assert "Please correct the following" in html


def test_error_summary_shows_non_field_errors_and_nothing_without_errors():
    form = GroupForm(data={"title": "x", "fruit": ["a"], "agree": "on"})
    assert form.is_valid()
    assert render("{% error_summary form %}", form=form).strip() == ""
    form.add_error(None, "Refused by the service.")
    assert "<li>Refused by the service.</li>" in render("{% error_summary form %}", form=form)


def test_group_is_a_fieldset_with_legend_described_by_its_error():
    html = render("{% form_fields form %}", form=invalid_form())
    fieldset = re.search(r"<fieldset [^>]*>", html).group(0)
    assert 'aria-describedby="id_fruit_error"' in fieldset
    assert 'aria-invalid="true"' in fieldset
    assert '<legend class="utrecht-form-fieldset__legend">Fruit</legend>' in html
    assert 'for="id_fruit_0"' in html and 'id="id_fruit_error"' in html


def test_text_field_and_checkbox_have_labels_and_linked_texts():
    html = render("{% form_fields form %}", form=invalid_form())
    assert '<label class="utrecht-form-label" for="id_title">Title</label>' in html
    assert 'id="id_title_error"' in html
    assert 'for="id_agree">Agree</label>' in html
    assert 'id="id_agree_helptext"' in html
    assert 'aria-describedby="id_agree_helptext id_agree_error"' in html


# --- figure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fig", "shown"),
    [
        ({"value": None, "status": "secret"}, "secret"),
        ({"value": None, "status": "suppressed"}, "suppressed (too few inhabitants)"),
        ({"value": None, "status": "not_available"}, "not available"),
        ({"value": None}, "no figure"),
        ({}, "no figure"),
        # A status wins over a value the source put beside it (e.g. a placeholder 0).
        ({"value": 0, "status": "secret"}, "secret"),
        ({"value": float("nan")}, "no figure"),
    ],
)
def test_figure_without_a_value_shows_the_reason_never_zero(fig, shown):
    html = render("{% figure fig %}", fig=fig)
    assert shown in html
    assert not re.search(r">\s*0([.,]0)?\s*<", html)


def test_figure_with_value_and_provenance():
    class Obs:  # any object will do: the component reads attributes too
        value = 1234.56
        status = "value"
        unit = "%"
        source = "CBS"
        table = "85984NED"
        year = 2024
        definition = "Share of residents aged 65 and over."

    html = render('{% figure fig label="Aged 65+" %}', fig=Obs())
    assert "1,234.6" in html and '<span class="unit">%</span>' in html
    assert "85984NED" in html and "CBS" in html and "Share of residents" in html
    assert "<dd>2024</dd>" in html  # a year, not "2,024"
    assert '<figcaption class="utrecht-figure__caption">Aged 65+</figcaption>' in html


def test_figure_zero_is_a_value():
    assert '<span class="figure">0.0</span>' in render("{% figure fig %}", fig={"value": 0})


def test_figure_shows_its_provenance_through_the_provenance_list():
    fig = {"value": 1, "source": "CBS", "table": "85984NED", "year": 2024, "definition": "Share."}
    html = render("{% figure fig %}", fig=fig)
    assert html.count('<dl class="provenance__list">') == 1
    assert terms(html) == ["Source", "Table", "Year", "Definition"]
    assert "<dt>Table</dt><dd>85984NED</dd>" in html and "<dt>Year</dt><dd>2024</dd>" in html
    # Also beside a reason instead of a value; no empty list without provenance.
    secret = render("{% figure fig %}", fig={"value": None, "status": "secret", "source": "CBS"})
    assert terms(secret) == ["Source"]
    assert "<dl" not in render("{% figure fig %}", fig={"value": 1})


# --- provenance list ------------------------------------------------------------------


def test_provenance_list_shows_only_the_given_fields_in_order():
    html = render(
        '{% provenance_list unit="%" year=2024 derivation="Sum of the neighbourhoods" '
        'source="CBS" %}'
    )
    assert terms(html) == ["Source", "Derivation", "Year", "Unit"]
    assert "<dt>Derivation</dt><dd>Sum of the neighbourhoods</dd>" in html
    assert "<dt>Unit</dt><dd>%</dd>" in html
    every = render(
        '{% provenance_list definition="D" calculation="A / B" unit="%" table="85984NED" '
        'year=2024 source="CBS" derivation="Sum" %}'
    )
    assert terms(every) == [
        "Source",
        "Table",
        "Calculation",
        "Derivation",
        "Year",
        "Definition",
        "Unit",
    ]


def test_provenance_list_leaves_out_empty_fields_and_is_nothing_without_any():
    assert render('{% provenance_list source="" table=None year=None %}').strip() == ""
    # A caller that always lists a field passes its placeholder (the monitor's dash).
    html = render(
        '{% provenance_list source="CBS" definition=d|default:dash %}', d="", dash="\N{EN DASH}"
    )
    assert terms(html) == ["Source", "Definition"]
    assert "<dt>Definition</dt><dd>\N{EN DASH}</dd>" in html


def test_provenance_list_year_is_not_grouped_in_dutch(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("nl"):
        assert render("{{ year }}", year=2024) == "2.024"  # the trap a plain number falls in
        html = render("{% provenance_list year=year %}", year=2024)
    assert "<dt>Jaar</dt><dd>2024</dd>" in html and "2.024" not in html


# --- data table, definition list, breadcrumbs ----------------------------------------


def test_data_table():
    html = render(
        '{% data_table "Funding" columns rows row_header=True %}',
        columns=["Party", {"label": "Amount", "numeric": True}],
        rows=[[{"text": "Gemeente", "href": "/p/1/"}, "1.000"]],
    )
    assert '<caption class="utrecht-table__caption">Funding</caption>' in html
    # A wide table scrolls in its own named, focusable region, not the page.
    assert 'role="region" tabindex="0" aria-label="Funding"' in html
    assert 'scope="col">Party</th>' in html
    assert re.search(
        r'<th class="utrecht-table__header-cell" scope="row"><a [^>]*href="/p/1/"', html
    )
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">1.000</td>' in html


def test_definition_list_shows_a_dash_for_empty_and_keeps_zero():
    html = render("{% definition_list items %}", items=[("Name", ""), ("Count", 0)])
    assert "<dt>Name</dt><dd>\N{EN DASH}</dd>" in html and "<dt>Count</dt><dd>0</dd>" in html


def test_breadcrumbs_skip_empty_levels_and_mark_the_current_page():
    request = RequestFactory().get("/here/")
    html = Template(
        '{% load ui %}{% breadcrumbs "Home" "/" missing "/x/" "Area" "/a/" current="Here" %}'
    ).render(Context({"request": request, "missing": None}))
    assert 'aria-label="Breadcrumbs"' in html
    assert 'href="/">Home<' in html and 'href="/a/">Area<' in html and "/x/" not in html
    assert 'href="/here/" aria-current="page">Here<' in html


class Place:
    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url

    def get_absolute_url(self) -> str:
        return self.url


def test_breadcrumbs_take_objects_and_lists_of_objects():
    ancestors = [Place("Utrecht", "/gebied/GM0344/"), Place("Overvecht", "/gebied/WK034403/")]
    html = Template(
        '{% load ui %}{% breadcrumbs "Gebieden" "/" ancestors none area current="Profiel" %}'
    ).render(
        Context(
            {
                "ancestors": ancestors,
                "none": None,
                "area": Place("Tigrisdreef", "/gebied/BU03440342/"),
                "request": RequestFactory().get("/p/"),
            }
        )
    )
    links = re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', html)
    assert links == [
        ("/", "Gebieden"),
        ("/gebied/GM0344/", "Utrecht"),
        ("/gebied/WK034403/", "Overvecht"),
        ("/gebied/BU03440342/", "Tigrisdreef"),
        ("/p/", "Profiel"),
    ]


# --- form page -----------------------------------------------------------------------


class TitleForm(NLDesignForm, forms.Form):
    title = forms.CharField(label="Title")


def _post(data):
    request = RequestFactory().post("/new/", data)
    request._messages = CookieStorage(request)
    return request


def _service(*, title, prefix=""):
    if title == "taken":
        raise ValidationError({"title": "Taken."})
    return f"{prefix}{title}"


@pytest.mark.django_db
def test_form_page_redirects_with_a_message_after_the_service():
    request = _post({"title": "new"})
    response = form_page(
        request,
        TitleForm(request.POST),
        service=partial(_service, prefix="/done/"),
        success_url=lambda result: result,
        success_message=lambda result: f"Saved {result}",
        template="unused.html",
    )
    assert response.status_code == 302 and response["Location"] == "/done/new"
    assert [str(m) for m in get_messages(request)] == ["Saved /done/new"]


@pytest.mark.django_db
def test_form_page_shows_the_service_errors_on_the_form(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"page.html": "{% load ui %}{{ note }}{% error_summary form %}"},
                    ),
                    "django.template.loaders.app_directories.Loader",
                ],
            },
            "APP_DIRS": False,
        }
    ]
    request = _post({"title": "taken"})
    response = form_page(
        request,
        TitleForm(request.POST),
        service=_service,
        success_url="/",
        success_message="Saved",
        template="page.html",
        context={"note": "NOTE"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "NOTE" in html and 'href="#id_title">Title: Taken.' in html


class PhotoForm(NLDesignForm, forms.Form):
    caption = forms.CharField(label="Caption")
    photo = forms.FileField(label="Photo")


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "multipart"), [(TitleForm, False), (PhotoForm, True)])
def test_the_form_page_template_keeps_what_was_typed_and_sends_files(form_class, multipart):
    request = _post({"title": "taken", "caption": "Het plein"})
    request.user = AnonymousUser()
    response = form_page(
        request,
        form_class(request.POST),
        service=lambda **kw: None,
        success_url="/",
        success_message="Saved",
        template="ui/form_page.html",
        context={"title": "Nieuw", "note": "Let op"},
    )
    html = response.content.decode()
    assert "<title>Nieuw \N{EN DASH} Wendbaar</title>" in html
    assert '<h1 class="utrecht-heading-1">Nieuw</h1>' in html
    assert 'role="note"><p class="utrecht-paragraph">Let op</p>' in html
    assert ('enctype="multipart/form-data"' in html) is multipart
    assert 'value="taken"' in html or 'value="Het plein"' in html
    assert 'type="submit">Save</button>' in html or 'type="submit">Opslaan</button>' in html
