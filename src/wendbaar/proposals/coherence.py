"""Coherence: the projects and proposals of the same gemeente that look like a proposal,
"possible overlap or partner", each with its reasons in words.

The score is ``similarity`` (pure); this module reads the candidates from the database in
a fixed number of queries and says the reasons in the user's language. Drafts and
withdrawn proposals are never candidates (a draft is its author's alone), nor is a
proposal that became a project (the project stands for it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wendbaar.agenda.models import Project
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme

from . import similarity
from .constants import Step
from .models import Proposal

# Names the reasons carry, for the words (the pure module knows ids only).
_PARENT = Area._meta.get_field("parent")
AREA_NAMES, DISTRICT_NAMES, GOAL_TITLES = "area_names", "district_names", "goal_titles"


def _districts(areas: Iterable[Area]) -> frozenset[int]:
    """The wijken the areas lie in: a buurt's wijk, or the wijk itself."""
    out = set()
    for area in areas:
        if area.level == AreaLevel.DISTRICT:
            out.add(area.pk)
        elif area.level == AreaLevel.NEIGHBOURHOOD and area.parent_id is not None:
            out.add(area.parent_id)
    return frozenset(out)


def _remember(areas: Iterable[Area], names: dict[int, str]) -> None:
    for area in areas:
        names[area.pk] = area.name
        # Only a parent already read: the target's areas come without theirs, and a
        # shared wijk is named from a candidate's.
        if area.level == AreaLevel.NEIGHBOURHOOD and _PARENT.is_cached(area):
            parent = area.parent
            if parent is not None:
                names[parent.pk] = parent.name


def _item(kind: str, obj: Any, text: str, areas: list[Area], goals: list[Any]) -> similarity.Item:
    return similarity.Item(
        kind=kind,
        id=obj.pk,
        title=obj.title,
        text=text,
        area_ids=frozenset(a.pk for a in areas),
        district_ids=_districts(areas),
        themes=frozenset(obj.themes or ()),
        goal_ids=frozenset(g.pk for g in goals),
        start=obj.start_date,
        end=obj.end_date,
    )


def _areas_with_parent() -> Prefetch:
    return Prefetch("areas", Area.objects.select_related("parent"))


def _named(reason: similarity.Reason, areas: dict[int, str], goals: dict[int, str]):
    """The reason with the names of its areas, wijken and goals added to its params."""
    params = dict(reason.params)
    if "areas" in params:
        params[AREA_NAMES] = tuple(areas.get(i, str(i)) for i in params["areas"])
    if "districts" in params:
        params[DISTRICT_NAMES] = tuple(areas.get(i, str(i)) for i in params["districts"])
    if "goals" in params:
        params[GOAL_TITLES] = tuple(goals.get(i, str(i)) for i in params["goals"])
    return similarity.Reason(reason.code, params)


def similar_to(proposal: Proposal) -> list[similarity.Match]:
    """The projects and proposals of the proposal's gemeente most like it, best first.

    Reads ``proposal.areas`` and ``proposal.goals`` (prefetched by ``selectors.detail``)
    and, in at most six queries, the other proposals and every project of the gemeente's
    wijkaanpakken with their areas and goals."""
    municipality_id = proposal.approach.municipality_id
    names: dict[int, str] = {}
    goal_titles: dict[int, str] = {}
    own_areas = list(proposal.areas.all())
    own_goals = list(proposal.goals.all())
    _remember(own_areas, names)
    goal_titles.update((g.pk, g.title) for g in own_goals)
    target = _item(
        similarity.PROPOSAL,
        proposal,
        f"{proposal.title}\n{proposal.summary}",
        own_areas,
        own_goals,
    )

    # Goals are only shared with a target that serves some: else they are not read.
    goals = ("goals",) if own_goals else ()
    others = (
        Proposal.objects.filter(approach__municipality_id=municipality_id, project__isnull=True)
        .exclude(step__in=[Step.CONCEPT, Step.WITHDRAWN])
        .exclude(pk=proposal.pk)
        .prefetch_related(_areas_with_parent(), *goals)
    )
    projects = (
        Project.objects.filter(approach__municipality_id=municipality_id)
        .select_related("approach")
        .prefetch_related(
            Prefetch("approach__areas", Area.objects.select_related("parent")), *goals
        )
    )
    if proposal.project_id is not None:
        projects = projects.exclude(pk=proposal.project_id)

    candidates: list[similarity.Item] = []
    for p in others:
        areas, goals = list(p.areas.all()), list(p.goals.all()) if own_goals else []
        _remember(areas, names)
        goal_titles.update((g.pk, g.title) for g in goals)
        candidates.append(_item(similarity.PROPOSAL, p, f"{p.title}\n{p.summary}", areas, goals))
    for project in projects:
        areas = list(project.approach.areas.all())
        goals = list(project.goals.all()) if own_goals else []
        _remember(areas, names)
        goal_titles.update((g.pk, g.title) for g in goals)
        candidates.append(
            _item(
                similarity.PROJECT,
                project,
                f"{project.title}\n{project.description}",
                areas,
                goals,
            )
        )
    return [
        similarity.Match(m.item, m.score, tuple(_named(r, names, goal_titles) for r in m.reasons))
        for m in similarity.similar(target, candidates)
    ]


def _listed(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def reason_text(reason: similarity.Reason) -> str:
    """One reason in words."""
    p = reason.params
    if reason.code == similarity.SAME_AREA:
        return _("In the same area: %(areas)s") % {
            "areas": _listed(p.get(AREA_NAMES) or p.get("areas", ()))
        }
    if reason.code == similarity.SAME_DISTRICT:
        return _("In the same wijk: %(districts)s") % {
            "districts": _listed(p.get(DISTRICT_NAMES) or p.get("districts", ()))
        }
    if reason.code == similarity.SHARED_THEME:
        labels = [str(Theme(t).label) if t in Theme.values else t for t in p.get("themes", ())]
        return _("Shared themes: %(themes)s") % {"themes": _listed(labels)}
    if reason.code == similarity.SHARED_GOAL:
        return _("Serves the same goals: %(goals)s") % {
            "goals": _listed(p.get(GOAL_TITLES) or p.get("goals", ()))
        }
    if reason.code == similarity.OVERLAPPING_PERIOD:
        days = p.get("days")
        if days is None:
            return _("Runs at the same time: from %(start)s, without an end") % {
                "start": date_format(p["start"])
            }
        return ngettext(
            "Runs at the same time: %(days)s day",
            "Runs at the same time: %(days)s days",
            days,
        ) % {"days": number_format(days, force_grouping=True)}
    if reason.code == similarity.SIMILAR_TEXT:
        return _("Similar words: %(words)s") % {"words": _listed(p.get("words", ()))}
    return reason.code


def score_percent(match: similarity.Match) -> int:
    """The score as a whole percent (0.55 is 55)."""
    return round(match.score * 100)


def score_text(match: similarity.Match) -> str:
    return _("Similarity: %(percent)s %%") % {"percent": score_percent(match)}
