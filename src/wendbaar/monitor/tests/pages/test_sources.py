"""Provenance a reader understands: sources in words, pickers without empty choices,
signals of professionals kept apart from the CBS figures, the Netherlands' derivation.

The pickers and signals run on the synthetic ``build_world`` country with two additions:
an indicator measured only for gemeenten (nothing to map for wijken or buurten) and a
soft indicator (signal counts of professionals) in two buurten of GM9001.
"""

from __future__ import annotations

import csv
import io

import pytest

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.monitor.analysis.comparison import FROM_MUNICIPALITIES
from wendbaar.monitor.constants import IndicatorKind, ObservationStatus
from wendbaar.monitor.models import Observation
from wendbaar.monitor.pages.choropleth import THEME_PREFIX, map_options, parse_choice
from wendbaar.monitor.pages.present import (
    IndicatorInfo,
    catalogue,
    national_derivation_text,
    national_provenance,
    source_label,
)
from wendbaar.monitor.pages.profile import area_profile
from wendbaar.monitor.registry import KWB, LBM, POLICE, PROXIMITY, RIVM
from wendbaar.monitor.selectors import current_analysis

from ..factories import IndicatorFactory, build_world

pytestmark = pytest.mark.django_db

SIGNAL = "signals_concern_safety"
GM_ONLY = "income_gm_only"
OVERVIEW = "/monitor/GM9001/"


def info(code: str = "x", **kw) -> IndicatorInfo:
    fields = {
        "code": code,
        "name": code.capitalize(),
        "definition": "",
        "unit": "%",
        "decimals": 1,
        "polarity": 1,
        "themes": (),
        "source": KWB,
        "source_table": "85984NED",
        "kind": IndicatorKind.SOURCE,
        "sensitive": False,
    }
    fields.update(kw)
    return IndicatorInfo(**fields)


# --- labels for each kind of source ------------------------------------------------------


def test_kwb_figure_is_named_by_the_table_of_its_year():
    assert source_label(info(), 2023) == (
        "CBS, Key figures districts and neighbourhoods 2023 (85618NED)"
    )
    assert source_label(info(), 2024, "85984NED") == (
        "CBS, Key figures districts and neighbourhoods 2024 (85984NED)"
    )


def test_proximity_police_rivm_and_leefbaarometer_in_words():
    assert source_label(info(source=PROXIMITY, source_table=""), 2023, "nabijheid-2023") == (
        "CBS, Proximity of facilities 2023"
    )
    assert source_label(info(source=POLICE, source_table="47022NED"), 2024) == (
        "Police via CBS, Registered crimes (47022NED)"
    )
    assert source_label(info(source=RIVM, source_table="50150NED"), 2022) == (
        "RIVM via CBS, Health monitor (50150NED)"
    )
    assert source_label(info(source=LBM, source_table="leefbaarometer-3.0"), 2020) == (
        "Leefbaarometer 3.0 (BZK)"
    )


def test_calculated_figure_names_its_formula_and_its_inputs_tables():
    crimes = info("crimes", name="Registered crimes", source=POLICE, source_table="47022NED")
    population = info("population", name="Inhabitants")
    rate = info(
        "crimes_per_1000",
        kind=IndicatorKind.CALCULATED,
        source_table="calculated",
        formula={"op": "ratio", "numerator": "crimes", "denominator": "population", "scale": 1000},
        calculation="Registered crimes / Inhabitants \u00d7 1,000",
    )
    every = {"crimes": crimes, "population": population, "crimes_per_1000": rate}
    expected = (
        "Calculated: Registered crimes / Inhabitants \u00d7 1,000 (Police 47022NED + CBS 85984NED)"
    )
    assert source_label(rate, 2024, "calculated", every) == expected
    # As the profile passes it: the input tables already resolved.
    assert source_label(rate, 2024, "47022NED + 85984NED") == expected


def test_signals_are_named_as_wendbaar_records_never_cbs():
    signal = info(
        SIGNAL, kind=IndicatorKind.SOFT, source="Wendbaar", source_table="stories_signals"
    )
    label = source_label(signal, 2024, "stories_signals")
    assert label == "Signals from professionals in Wendbaar (internal)"
    assert "CBS" not in label


def test_municipal_file_keeps_its_own_source_and_table():
    survey = info(source="Gemeente Utrecht, Wijkenquête", source_table="survey-2024")
    assert source_label(survey, 2024) == "Gemeente Utrecht, Wijkenquête (survey-2024)"


def test_national_derivation_is_said_in_words():
    every = {"population": info("population", name="Inhabitants")}
    assert national_derivation_text({"source": "observed", "derivation": ""}, every) == ""
    summed = {"source": "sum", "derivation": FROM_MUNICIPALITIES, "n_municipalities": 339}
    assert national_derivation_text(summed, every) == (
        "Calculated from the municipalities: the sum of 339 municipalities"
    )
    mean = {
        "source": "mean_weighted",
        "derivation": FROM_MUNICIPALITIES,
        "n_municipalities": 336,
        "weight_indicator": "population",
        "coverage": 0.996,
    }
    assert national_derivation_text(mean, every) == (
        "Calculated from the municipalities: the mean of 336 municipalities weighted by "
        "inhabitants (99.6% of it)"
    )


# --- the world with an indicator of gemeenten only and signals ----------------------------


@pytest.fixture
def signals_world(db, analysis_dir):
    from wendbaar.monitor.stored.recompute import compute_analysis

    world = build_world()
    # A count of the gemeenten only: its national figure is their sum.
    gm_only = IndicatorFactory(code=GM_ONLY, name_en="Income (municipalities only)", count=True)
    signal = IndicatorFactory(
        code=SIGNAL,
        name_en="Signals of concern: safety",
        kind=IndicatorKind.SOFT,
        neutral=True,
        sensitive=True,
        in_registry=False,
        unit="signals",
        source="Wendbaar, signals",
        source_table="stories_signals",
    )
    rows = [
        Observation(
            indicator=gm_only,
            area=world.areas[code],
            region_code=code,
            period=2024,
            value=30.0 + i,
            status=ObservationStatus.VALUE,
            source_table="TEST01",
            import_run=world.run,
        )
        for i, code in enumerate(("GM9001", "GM9002", "GM9003"))
    ]
    rows += [
        Observation(
            indicator=signal,
            area=world.areas[code],
            region_code=code,
            period=2024,
            value=value,
            status=ObservationStatus.VALUE,
            source_table="stories_signals",
            import_run=world.run,
        )
        for code, value in (("BU90010101", 3.0), ("BU90010102", 1.0))
    ]
    Observation.objects.bulk_create(rows)
    world.stored = compute_analysis()
    return world


def values(groups) -> dict[str, list[str]]:
    return {str(label): [o.value for o in options] for label, options in groups}


def test_picker_offers_only_what_has_a_figure_at_the_level(signals_world):
    analysis = current_analysis().analysis
    infos = catalogue(analysis.indicators, show_sensitive=False)
    for level in ("neighbourhood", "district"):
        offered = values(map_options(analysis, infos, "GM9001", level))
        assert GM_ONLY not in offered["Indicators"], level
        assert "crimes_per_1000" in offered["Indicators"]
        assert THEME_PREFIX + "safety" in offered["Themes"]
    # Asked for anyway (an old link): the map falls back to something with figures.
    choice = parse_choice({"show": GM_ONLY}, analysis, infos, "GM9001")
    assert choice.show != GM_ONLY and choice.period is not None


def test_signals_are_a_group_of_their_own_for_staff_and_absent_for_the_public(signals_world):
    analysis = current_analysis().analysis
    public = values(
        map_options(
            analysis,
            catalogue(analysis.indicators, show_sensitive=False),
            "GM9001",
            "neighbourhood",
        )
    )
    assert "Signals (internal)" not in public
    assert not any(SIGNAL in options for options in public.values())
    staff_infos = catalogue(analysis.indicators, show_sensitive=True)
    staff = values(map_options(analysis, staff_infos, "GM9001", "neighbourhood"))
    assert staff["Signals (internal)"] == [SIGNAL]
    assert SIGNAL not in staff["Indicators"]
    # No signals in GM9002: no empty group.
    assert "Signals (internal)" not in values(
        map_options(analysis, staff_infos, "GM9002", "neighbourhood")
    )


def test_overview_page_keeps_signals_from_the_public(client, signals_world):
    page = client.get(OVERVIEW, {"show": SIGNAL}).content.decode()
    assert "Signals of concern: safety" not in page
    assert "Signals (internal)" not in page
    assert "Income (municipalities only)" not in page  # nothing to map here
    staff = UserFactory()
    grant_role(staff, "lezer", municipality=signals_world.areas["GM9001"])
    client.force_login(staff)
    page = client.get(OVERVIEW, {"show": SIGNAL}).content.decode()
    assert '<optgroup label="Signals (internal)">' in page
    assert "Signals from professionals in Wendbaar (internal)" in page
    assert "Legend: national fifths" not in page


def test_signals_get_no_rank_position_theme_or_urgency(signals_world):
    analysis = current_analysis().analysis
    staff = area_profile(analysis, "BU90010101", show_sensitive=True)
    rows = {r.info.code: r for s in staff.sections for r in s.rows}
    assert rows[SIGNAL].figure.value == 3.0
    assert rows[SIGNAL].rank_text == ""
    assert rows[SIGNAL].national is None or rows[SIGNAL].national.value is None
    for frame in ("theme_contributions", "urgency_reasons", "warnings"):
        stored = analysis.frame(frame)
        if "indicator" in stored.columns:
            assert SIGNAL not in stored["indicator"].to_list(), frame
    public = area_profile(analysis, "BU90010101", show_sensitive=False)
    assert SIGNAL not in {r.info.code for s in public.sections for r in s.rows}


def test_exports_carry_the_source_in_words_beside_the_code(client, signals_world):
    response = client.get("/monitor/GM9001/export.csv", {"show": "crimes_per_1000"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {r["source_table"] for r in rows} == {"TEST01"}
    assert {r["source_label"] for r in rows} == {"Test source (TEST01)"}
    profile = client.get("/monitor/gebied/BU90010101/export.csv")
    rows = list(csv.DictReader(io.StringIO(profile.content.decode())))
    assert all(r["source_label"] for r in rows)
    assert SIGNAL not in {r["indicator"] for r in rows}  # anonymous: no signals


def test_stored_national_frame_carries_its_provenance(signals_world):
    national = current_analysis().analysis.frame("national")
    assert {"derivation", "n_municipalities", "weight_indicator", "coverage"} <= set(
        national.columns
    )
    # The world publishes NL01 for good health: observed, not calculated.
    observed = national.filter(
        (national["indicator"] == "good_health") & (national["period"] == 2024)
    )
    assert observed["source"].to_list() == ["observed"]
    assert observed["derivation"].to_list() == [""]
    # The gemeenten's count: their sum, said to be calculated from all three.
    summed = national.filter(national["indicator"] == GM_ONLY).row(0, named=True)
    assert (summed["value"], summed["source"]) == (93.0, "sum")
    assert (summed["derivation"], summed["n_municipalities"]) == (FROM_MUNICIPALITIES, 3)
    assert national_provenance(national, GM_ONLY, 2024, {}) == (
        "Calculated from the municipalities: the sum of 3 municipalities"
    )
    assert national_provenance(national, "good_health", 2024, {}) == ""


def test_area_page_says_how_the_national_figure_was_calculated(client, signals_world):
    page = client.get("/gebied/GM9001/").content.decode()
    assert "Netherlands: Calculated from the municipalities: the sum of 3 municipalities" in page
    # Published by the source (NL01): no such note.
    assert page.count("Calculated from the municipalities") == 1


def test_area_page_names_the_source_in_words(client, signals_world):
    page = client.get("/gebied/BU90010101/").content.decode()
    assert "Test source (TEST01)" in page
    assert "Signals from professionals in Wendbaar (internal)" not in page  # anonymous
