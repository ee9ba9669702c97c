"""What makes the pages fast must never change what they show (issue 12, item 4).

The area profile and the rendered fragments are kept with the stored analysis, keyed by
what they depend on: a second reader, another language, another sensitivity answer, a
changed shape or a new data version each get their own. Web processes never import
scikit-learn or SciPy. No timings are asserted here (the bench measures them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.areas.models import Area
from wendbaar.core.maps import MapFeature, render_map

from ...bench.pages import PageTiming, measure_pages, monitor_page_path
from ...pages.profile import area_profile
from ...stored.store import AnalysisKey, StoredAnalysis
from ...warm import warm_up

OVERVIEW = "/monitor/GM9001/"
PROFILE = "/gebied/BU90010101/"
SENSITIVE = "share_origin_outside_europe"

MEMO = Template(
    "{% load monitor_memo %}{% memo analysis name %}{{ name }} {{ calls.next }} "
    "{% load i18n %}{% translate 'Figures' %}{% endmemo %}"
)


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def _analysis(version: int) -> StoredAnalysis:
    return StoredAnalysis(key=AnalysisKey(version, f"{version}-t"), frames={})


class MemoTagTests:
    def test_rendered_once_per_values_and_language(self):
        analysis, calls = _analysis(1), Counter()

        def render(name: str, language: str = "en") -> str:
            with translation.override(language):
                return MEMO.render(Context({"analysis": analysis, "name": name, "calls": calls}))

        assert render("a") == "a 1 Figures"
        assert render("a") == "a 1 Figures"  # kept
        assert render("b") == "b 2 Figures"  # other values: rendered
        assert render("a", "nl") == "a 3 Cijfers"  # other language: rendered

    def test_a_new_data_version_renders_anew(self):
        calls = Counter()
        for version in (1, 2):
            context = Context({"analysis": _analysis(version), "name": "a", "calls": calls})
            assert MEMO.render(context) == f"a {version} Figures"

    def test_needs_the_stored_analysis(self):
        with pytest.raises(TemplateSyntaxError):
            MEMO.render(Context({"analysis": AnalysisKey(1, "t"), "name": "a"}))

    def test_a_missing_key_refuses_instead_of_sharing_one_fragment(self):
        # A view that forgot the key would otherwise serve one reader's fragment to all.
        for context in ({}, {"name": ""}, {"name": None}):
            with pytest.raises(TemplateSyntaxError, match="missing or empty"):
                MEMO.render(Context({"analysis": _analysis(1), "calls": Counter(), **context}))


@pytest.mark.django_db
class KeptPagesTests:
    def test_profile_built_once_per_sensitivity_and_language(self, world):
        analysis = world.stored
        public = area_profile(analysis, "BU90010101")
        assert area_profile(analysis, "BU90010101") is public
        staff = area_profile(analysis, "BU90010101", show_sensitive=True)
        assert staff is not public
        codes = {row.info.code for s in staff.sections for row in s.rows}
        assert SENSITIVE in codes
        assert SENSITIVE not in {row.info.code for s in public.sections for row in s.rows}
        with translation.override("nl"):
            assert area_profile(analysis, "BU90010101") is not public

    @pytest.mark.parametrize(
        ("url", "shown"),
        [
            (PROFILE, f'data-indicator="{SENSITIVE}"'),
            (OVERVIEW, f'value="{SENSITIVE}"'),  # in the map's picker
            (f"{OVERVIEW}?show={SENSITIVE}", f'value="{SENSITIVE}" selected'),
        ],
    )
    def test_what_staff_see_is_never_shown_to_the_next_reader(self, client, world, url, shown):
        staff = UserFactory()
        grant_role(staff, "lezer", municipality=world.areas["GM9001"])
        client.force_login(staff)
        assert shown in client.get(url).content.decode()
        client.logout()
        assert shown not in client.get(url).content.decode()
        client.force_login(staff)
        assert shown in client.get(url).content.decode()

    @pytest.mark.parametrize(
        ("url", "english", "dutch"),
        [
            (PROFILE, ">All figures<", ">Alle cijfers<"),  # inside a kept fragment
            (OVERVIEW, '"col">Area<', '"col">Gebied<'),  # the map's table, kept
        ],
    )
    def test_each_language_its_own(self, client, world, url, english, dutch):
        for language, shown, other in (("en", english, dutch), ("nl", dutch, english)) * 2:
            client.cookies["django_language"] = language
            page = client.get(url).content.decode()
            assert shown in page and other not in page, language

    def test_a_changed_shape_is_drawn_again(self, client, world):
        """Shapes may change without a new data version (a geometry import)."""

        def svg() -> str:
            page = client.get(OVERVIEW).content.decode()
            return page[page.index("<svg") : page.index("</svg>")]

        before = svg()
        assert svg() == before
        area = Area.objects.get(code="BU90010101")
        ring = area.geometry["coordinates"][0]
        area.geometry = {**area.geometry, "coordinates": [[[x, y / 2] for x, y in ring]]}
        area.save()
        assert svg() != before

    def test_measure_pages(self, client, world):
        timed = measure_pages(client, [PROFILE, monitor_page_path("GM9001")], 3)
        assert set(timed) == {PROFILE, OVERVIEW}
        overview = timed[OVERVIEW]
        assert isinstance(overview, PageTiming) and overview.requests == 3
        assert overview.queries == 3  # the same budget as the page's own test
        assert 0 < overview.p50 <= overview.p95

    def test_warm_up_prepares_the_worker(self, world):
        timings = warm_up()
        assert set(timings) == {"urls", "languages", "templates", "analysis"}


def test_a_map_is_drawn_once_per_inputs():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [100, 0], [100, 100], [0, 0]]]}
    features = [MapFeature(code="BU1", name="Een", label="Buurt Een", href="/", geometry=square)]
    first = render_map(features, title="Kaart", description="Een buurt")
    assert render_map(list(features), title="Kaart", description="Een buurt") is first
    moved = {"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [200, 100], [0, 0]]]}
    other = render_map(
        [MapFeature(code="BU1", name="Een", label="Buurt Een", href="/", geometry=moved)],
        title="Kaart",
        description="Een buurt",
    )
    assert other.svg != first.svg


# --- web processes never import scikit-learn or SciPy ---------------------------------------

PREPARE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "wendbaar.conf.test"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from wendbaar.monitor.stored.recompute import compute_analysis
from wendbaar.monitor.tests.factories import build_world
build_world()
assert compute_analysis() is not None
"""

SERVE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "wendbaar.conf.test"
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
from django.test import Client
from wendbaar.monitor.warm import warm_up
warm_up()
client = Client(HTTP_HOST="localhost")
compare = "/monitor/vergelijk/?area1=BU90010101&area2=BU90010102"
for path in ("/", "/gebied/BU90010101/", "/monitor/GM9001/", compare):
    assert client.get(path).status_code == 200, path
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "scipy"))))
"""


@pytest.mark.slow  # two processes and a migrated database, some seconds
def test_web_process_imports_neither_scikit_learn_nor_scipy(tmp_path: Path):
    """The URLconf, the warm-up and the monitor's pages in a process of their own (the
    analysis is computed in another, as the task worker does)."""
    env = {**os.environ, "WENDBAAR_VAR_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "WENDBAAR_ANALYSIS_DIR"):  # SQLite and files in tmp_path
        env.pop(name, None)
    for script in (PREPARE, SERVE):
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "", f"imported: {result.stdout}"
