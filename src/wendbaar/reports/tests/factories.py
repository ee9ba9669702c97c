"""A report with goals, a monitor indicator with figures, a project with money and
voices: enough for every chapter part to hold something."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wendbaar.agenda import services as agenda
from wendbaar.agenda.tests.factories import make_project
from wendbaar.core.actors import SYSTEM
from wendbaar.monitor.models import Indicator, Observation
from wendbaar.stories.tests.factories import StoryFactory

from .. import services
from ..constants import MeasurementKind as K
from ..constants import Status

YEAR = 2025
FIGURES = {2022: 10.0, 2023: 9.0, 2024: 8.5, 2025: 8.0, 2026: 7.0}


def monitor_figures(
    geo, code="werkloosheid", values=FIGURES, table_prefix="T", **fields
) -> Indicator:
    """``values`` (period → value) of an indicator in Overvecht, from the tables
    ``<table_prefix><period>``; by default the unemployment the report's goal follows."""
    fields = {"name_nl": "Werkloosheid", "name_en": "Unemployment", "unit": "%", **fields}
    ind = Indicator.objects.create(code=code, **fields)
    for period, value in values.items():
        Observation.objects.create(
            indicator=ind,
            region_code=geo["overvecht"].code,
            area=geo["overvecht"],
            period=period,
            value=value,
            source_table=f"{table_prefix}{period}",
        )
    return ind


def agenda_world(approach, geo, orgs) -> dict:
    monitor_figures(geo)
    work = agenda.add_goal(approach=approach, title="Meer mensen aan het werk", by=SYSTEM)
    safe = agenda.add_goal(approach=approach, title="Een veilige buurt", by=SYSTEM)
    agenda.add_goal_indicator(
        goal=work,
        indicator_code="werkloosheid",
        baseline_value=9.0,
        baseline_year=2023,
        target_value=6.0,
        target_year=2030,
        by=SYSTEM,
    )
    local = agenda.add_goal_indicator(
        goal=safe, name="Buurtwachten", unit="mensen", target_value=30, by=SYSTEM
    )
    agenda.record_indicator_measurement(indicator=local, year=2025, value=18, by=SYSTEM)
    project = make_project(approach, "Werkcafé", goals=[work], budget="20000")
    agenda.report_progress(
        project=project,
        narrative="Twaalf bewoners vonden werk via het werkcafé.",
        progress_percent=40,
        outputs=[{"label": "Bezoekers", "value": 140, "unit": "mensen"}],
        reported_on=dt.date(YEAR, 6, 1),
        by=SYSTEM,
    )
    agenda.add_funding(
        project=project, source=orgs["gemeente"], amount=Decimal("12000"), year=YEAR, by=SYSTEM
    )
    agenda.add_funding(
        project=project, source=orgs["corporatie"], amount=Decimal("8000"), year=YEAR, by=SYSTEM
    )
    return {"work": work, "safe": safe, "project": project, "local": local}


def public_story(geo, **kw):
    return StoryFactory(areas=[geo["overvecht_buurt"]], **kw)


def answered(report, by=SYSTEM) -> None:
    """Every chapter answered: a claim on what works, "nothing" on what does not."""
    for chapter in report.chapters.all():
        services.save_chapter(
            chapter=chapter,
            works=[(f"{chapter.goal_title}: het loopt.", K.PROGRESS_MONITORING)],
            nothing_fails=True,
            by=by,
        )


def adopted(report, by=SYSTEM):
    answered(report, by)
    services.move_report(report=report, to=Status.REVIEW, by=by)
    return services.move_report(report=report, to=Status.ADOPTED, by=by)
