"""The report composed from the live apps: the chapters' own words beside the figures of
the monitor, the projects, the money, the coalition and the agenda's changes.

Composed as a public reader sees it (an anonymous user): a report can become public, so
a sensitive indicator is "not public" in every version of it, never a number. Texts are
composed in the site's language, the language the frozen report keeps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wendbaar.agenda import money
from wendbaar.agenda.models import Funding, GoalIndicator, ProgressUpdate, Project
from wendbaar.agenda.selectors import agenda_changes
from wendbaar.areas.models import Area
from wendbaar.areas.selectors import area_label
from wendbaar.coalition.models import Membership
from wendbaar.core.maps import MapFeature, render_map
from wendbaar.monitor.constants import KEY_INDICATORS
from wendbaar.monitor.selectors import (
    Hidden,
    buurt_map,
    indicator_info,
    measured_outcomes,
    reference_change,
    series,
    value_in,
)

from .constants import KEY_FIGURE_YEARS, KEY_FIGURES, Section
from .content import (
    AgendaChangeContent,
    AreaFigureContent,
    ChapterContent,
    ClaimContent,
    KeyFigureContent,
    MemberChange,
    MoneyContent,
    OutputContent,
    Provenance,
    ReportContent,
    ResultContent,
    VoiceContent,
)
from .models import Chapter, Report, Voice
from .quotable import eligible_stories

PUBLIC = AnonymousUser()


def compose(report: Report) -> ReportContent:
    """Everything ``report`` shows today. A fixed number of queries per goal indicator
    and per chapter; the rest in one query each."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(report)


def _compose(report: Report) -> ReportContent:
    approach = report.approach
    areas = sorted(approach.areas.all(), key=lambda a: a.name)
    area_codes = [a.code for a in areas]
    chapters = list(
        Chapter.objects.filter(report=report).prefetch_related(
            "claims",
            Prefetch(
                "goal__indicators",
                queryset=GoalIndicator.objects.prefetch_related("measurements"),
            ),
        )
    )
    # Only what may still be quoted: a story withdrawn or no longer public since it was
    # chosen drops out of the draft (and so never reaches the frozen report).
    voices = list(
        Voice.objects.filter(report=report, story__in=eligible_stories(report)).select_related(
            "story"
        )
    )
    by_chapter: dict[int | None, list[Voice]] = defaultdict(list)
    for v in voices:
        by_chapter[v.chapter_id].append(v)
    wijk_map, map_sources = _wijk_map(approach, areas)
    return ReportContent(
        approach=approach.name,
        municipality=approach.municipality.name,
        title=report.title,
        period_start=report.period_start.isoformat(),
        period_end=report.period_end.isoformat(),
        version=report.version,
        introduction=report.introduction,
        intentions=report.intentions,
        area_names=tuple(a.name for a in areas),
        opening_voices=tuple(_voice(v) for v in by_chapter[None]),
        key_figures=_key_figures(area_codes, report.period_end.year),
        wijk_map=wijk_map,
        map_sources=map_sources,
        chapters=tuple(_chapter(report, c, by_chapter[c.pk], area_codes) for c in chapters),
        joined=_member_changes(report, "joined_on"),
        left=_member_changes(report, "left_on"),
        agenda_changes=tuple(
            AgendaChangeContent(
                on=timezone.localdate(row.when).isoformat(),
                kind=row.kind,
                subject=row.subject,
                summary=row.summary,
                reason=row.reason,
            )
            for row in agenda_changes(approach, start=report.period_start, end=report.period_end)
        ),
        composed_at=timezone.now().isoformat(timespec="seconds"),
    )


def _wijk_map(approach, areas: list[Area]) -> tuple[str, tuple[str, ...]]:
    """The wijkaanpak's areas on a map, the other areas under the same parents greyed
    around them, drawn once (``core.maps``) and kept as SVG with the shapes' sources."""
    if not areas:
        return "", ()
    own = {a.pk for a in areas}
    parents = {a.parent_id for a in areas if a.parent_id}
    fields = ("code", "name", "level", "parent_id", "geometry", "geometry_source")
    shapes = list(
        Area.objects.filter(
            Q(pk__in=own) | Q(parent_id__in=parents, last_year__gte=_last_year(areas))
        )
        .only(*fields, "schematic_path")
        .order_by("name", "code")
    )
    features = [
        MapFeature(
            code=a.code,
            name=a.name,
            label=area_label(a),
            geometry=a.geometry,
            schematic_path=a.schematic_path,
            context=a.pk not in own,
            current=a.pk in own,
        )
        for a in shapes
    ]
    names = ", ".join(a.name for a in areas)
    drawn = render_map(
        features,
        title=_("The areas of %(approach)s") % {"approach": approach.name},
        description=_("Map of %(areas)s, hatched, among the surrounding areas in grey.")
        % {"areas": names},
        map_id="wijk-map",
    )
    if not drawn or drawn.is_schematic:
        return "", ()
    sources = sorted({a.geometry_source for a in shapes if a.geometry and a.geometry_source})
    return str(drawn.svg), tuple(sources)


def _last_year(areas: list[Area]) -> int:
    return min(a.last_year for a in areas)


def _key_figures(area_codes: list[str], last_year: int) -> tuple[KeyFigureContent, ...]:
    """The wijk's first ``KEY_FIGURES`` key outcomes (``KEY_INDICATORS``, then the
    catalogue's other outcomes) with a public figure over its areas together by
    ``last_year``: the latest figure, its change over
    at most ``KEY_FIGURE_YEARS`` years, and the reference group's change over the same
    years and areas (``monitor.selectors.reference_change``). A sensitive indicator is
    passed over, never shown as a number."""
    measured = measured_outcomes(area_codes, up_to=last_year)
    # The key set first; where the monitor has too few of them here, the other outcomes.
    candidates = [c for c in KEY_INDICATORS if c in measured]
    candidates += [c for c in measured if c not in KEY_INDICATORS]
    catalogue = indicator_info(PUBLIC, candidates, areas=area_codes)
    found: list[KeyFigureContent] = []
    for code in candidates:
        entry = catalogue.get(code)
        if len(found) >= KEY_FIGURES:
            break
        if entry is None:
            continue
        years = series(PUBLIC, indicator=code, areas=area_codes)
        if isinstance(years, Hidden):
            continue
        years = [(y, v) for y, v in years if y <= last_year]
        if not years:
            continue
        year, value = years[-1]
        earlier = [(y, v) for y, v in years if year - KEY_FIGURE_YEARS <= y < year]
        start_year, start_value = earlier[0] if earlier else (None, None)
        reference = (
            reference_change(PUBLIC, indicator=code, areas=area_codes, start=start_year, end=year)
            if start_year
            else None
        )
        has_reference = reference is not None and not isinstance(reference, Hidden)
        figure = value_in(PUBLIC, indicator=code, areas=area_codes, period=year)
        tables = (
            ", ".join(figure.source_tables) if figure and not isinstance(figure, Hidden) else ""
        )
        found.append(
            KeyFigureContent(
                code=code,
                name=entry.name,
                unit=entry.unit,
                decimals=entry.decimals,
                polarity=entry.polarity,
                year=year,
                value=value,
                start_year=start_year,
                start_value=start_value,
                reference_start=reference.start_value if has_reference else None,
                reference_end=reference.end_value if has_reference else None,
                reference_areas=reference.n_areas if has_reference else 0,
                provenance=Provenance(
                    source=entry.source, tables=tables, definition=entry.definition
                ),
            )
        )
    return tuple(found)


def _voice(v: Voice) -> VoiceContent:
    s = v.story
    return VoiceContent(
        story_id=s.pk,
        title=s.title,
        quote=s.quote,
        text=s.text,
        told_by=s.author_kind,
        collected_on=s.collected_on.isoformat(),
    )


def _claims(chapter: Chapter, section: str) -> tuple[ClaimContent, ...]:
    return tuple(
        ClaimContent(section=c.section, text=c.text, kind=c.kind)
        for c in chapter.claims.all()
        if c.section == section
    )


def _chapter(
    report: Report, chapter: Chapter, voices: list[Voice], area_codes: list[str]
) -> ChapterContent:
    goal = chapter.goal
    indicators = list(goal.indicators.all()) if goal else []
    projects = (
        list(
            Project.objects.filter(goals=goal).prefetch_related(
                Prefetch(
                    "progress_updates",
                    queryset=ProgressUpdate.objects.filter(
                        reported_on__range=(report.period_start, report.period_end)
                    ),
                )
            )
        )
        if goal
        else []
    )
    return ChapterContent(
        chapter_id=chapter.pk,
        title=chapter.goal_title,
        voices=tuple(_voice(v) for v in voices),
        works=_claims(chapter, Section.WORKS),
        not_yet=_claims(chapter, Section.NOT_YET),
        nothing_works=chapter.nothing_works,
        nothing_fails=chapter.nothing_fails,
        results=tuple(
            _results(indicators, area_codes, report.period_end.year, f"map-{chapter.pk}")
        ),
        outputs=tuple(_output(p) for p in projects),
        money=tuple(_money(projects, report.period_start.year, report.period_end.year)),
    )


def _output(project: Project) -> OutputContent:
    latest = next(iter(project.progress_updates.all()), None)  # ordered newest first
    return OutputContent(
        project=project.title,
        status=project.status,
        progress=latest.progress_percent if latest else None,
        reported_on=latest.reported_on.isoformat() if latest else "",
        narrative=latest.narrative if latest else "",
        figures=tuple(
            (str(o["label"]), float(o["value"]), str(o.get("unit", "")))
            for o in (latest.outputs if latest else [])
        ),
    )


def _money(projects: list[Project], first_year: int, last_year: int) -> Iterable[MoneyContent]:
    """Planned, committed and spent per party, for the goal's projects in the period's
    years. A project serving two goals counts in both chapters, in full."""
    rows = [
        money.MoneyRow(
            party_id=f.source_id, party=f.source.name, year=f.year, amount=f.amount, status=f.status
        )
        for f in Funding.objects.filter(
            project__in=projects, year__range=(first_year, last_year)
        ).select_related("source")
    ]
    for party, amounts in sorted(money.by_status(rows, lambda r: r.party).items()):
        yield MoneyContent(
            party=party,
            planned=_text(amounts.planned),
            committed=_text(amounts.committed),
            spent=_text(amounts.spent),
        )


def _text(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _results(
    indicators: list[GoalIndicator], area_codes: list[str], last_year: int, map_key: str
) -> Iterable[ResultContent]:
    codes = [i.indicator_code for i in indicators if i.indicator_code]
    catalogue = indicator_info(PUBLIC, codes, areas=area_codes) if codes else {}
    for n, ind in enumerate(indicators, start=1):
        if ind.is_local:
            yield _local_result(ind, last_year)
        else:
            entry = catalogue.get(ind.indicator_code)
            yield _monitor_result(ind, entry, area_codes, last_year, f"{map_key}-{n}")


def _local_result(ind: GoalIndicator, last_year: int) -> ResultContent:
    """A local indicator: the measurements the bureau recorded, with their note."""
    measured = sorted(
        (m for m in ind.measurements.all() if m.year <= last_year), key=lambda m: m.year
    )
    latest = measured[-1] if measured else None
    return ResultContent(
        name=str(ind),
        unit=ind.unit,
        decimals=1,
        polarity=ind.polarity,
        from_monitor=False,
        baseline=ind.baseline_value,
        baseline_year=ind.baseline_year,
        baseline_source="agenda",
        latest=latest.value if latest else None,
        latest_year=latest.year if latest else None,
        target=ind.target_value,
        target_year=ind.target_year,
        series=tuple((m.year, m.value) for m in measured),
        provenance=Provenance(source=latest.note if latest else ""),
    )


def _monitor_result(
    ind: GoalIndicator, entry, area_codes: list[str], last_year: int, map_id: str
) -> ResultContent:
    name = ind.name or (entry.name if entry else ind.indicator_code)
    base = {
        "name": name,
        "unit": entry.unit if entry else ind.unit,
        "decimals": entry.decimals if entry else 1,
        "polarity": ind.polarity,
        "from_monitor": True,
        "target": ind.target_value,
        "target_year": ind.target_year,
    }
    # Sensitive for a public reader (or unknown to the monitor): not even the target is
    # kept, so no page, export or API of the report can show a figure of it.
    hidden = {**base, "target": None, "target_year": None, "hidden": True}
    if entry is None:
        return ResultContent(**hidden)
    years = series(PUBLIC, indicator=ind.indicator_code, areas=area_codes)
    if isinstance(years, Hidden):
        return ResultContent(**hidden)
    years = [(y, v) for y, v in years if y <= last_year]
    by_year = dict(years)
    latest_year = years[-1][0] if years else None
    baseline_year = ind.baseline_year
    if baseline_year in by_year:
        baseline, baseline_source = by_year[baseline_year], "monitor"
    else:
        baseline, baseline_source = ind.baseline_value, "agenda" if ind.baseline_value else ""
    reference = None
    if baseline_year and latest_year and baseline_year < latest_year:
        reference = reference_change(
            PUBLIC,
            indicator=ind.indicator_code,
            areas=area_codes,
            start=baseline_year,
            end=latest_year,
        )
    figure = (
        value_in(PUBLIC, indicator=ind.indicator_code, areas=area_codes, period=latest_year)
        if latest_year
        else None
    )
    tables = ", ".join(figure.source_tables) if figure and not isinstance(figure, Hidden) else ""
    has_reference = reference is not None and not isinstance(reference, Hidden)
    drawn = (
        buurt_map(
            PUBLIC,
            indicator=ind.indicator_code,
            areas=area_codes,
            period=latest_year,
            map_id=map_id,
        )
        if latest_year
        else None
    )
    has_map = drawn is not None and not isinstance(drawn, Hidden)
    return ResultContent(
        **base,
        map_svg=str(drawn.rendered) if has_map else "",
        area_figures=tuple(AreaFigureContent(f.code, f.name, f.value) for f in drawn.figures)
        if has_map
        else (),
        baseline=baseline,
        baseline_year=baseline_year,
        baseline_source=baseline_source,
        latest=by_year.get(latest_year) if latest_year else None,
        latest_year=latest_year,
        reference_start=reference.start_value if has_reference else None,
        reference_end=reference.end_value if has_reference else None,
        reference_areas=reference.n_areas if has_reference else 0,
        series=tuple(years),
        provenance=Provenance(source=entry.source, tables=tables, definition=entry.definition),
    )


def _member_changes(report: Report, field: str) -> tuple[MemberChange, ...]:
    """Who joined (``field`` "joined_on") or left ("left_on") the coalition in the period."""
    rows = (
        Membership.objects.for_approach(report.approach_id)
        .filter(**{f"{field}__range": (report.period_start, report.period_end)})
        .select_related("organisation")
        .order_by(field, "organisation__name")
    )
    return tuple(
        MemberChange(
            m.organisation.name,
            m.role,
            getattr(m, field).isoformat(),
            joined=field == "joined_on",
        )
        for m in rows
    )


def period_of(year: int) -> tuple[dt.date, dt.date]:
    """A calendar year, the usual period of a report."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
